import type { FieldConflict, RefusedItem } from '../../src/sync/protocol';
import type { Database } from '../db/database';
import { ItemRefusedError, NotFoundError, PreconditionFailedError, TokenInvalidError, type ItemContent, type ProviderConnector, type ProviderEvent, type PullOptions, type PullResult, type RemoteItem } from './connector';
import { contentOf, eventsFromContent, localIdCandidates, remoteOriginId, sameEvents, sortedEvents, type LocalItem } from './items';
import { committedVersion, existingEventIds, insertNewItems, itemsByIds, itemsChangedBetween, lockUser, writeItem } from './local-side';
import { mergeItem } from './merge-items';
import { isOutsideWindow } from './pull-window';
import { forgetStatus, itemStatuses, mayWrite, saveNewStatuses, saveProgress, saveStatus, type ItemStatus, type LinkedCalendar } from './status';

/**
 * One reconciliation pass over one calendar, in the manner of vdirsyncer: from the status table
 * (what both sides held when last in step), the provider's changes since its token and the local
 * changes since the watermark, decide per item what happened on each side and make both equal.
 * Edits are written in place under the item's etag, never as delete-and-recreate.
 *
 * Progress is kept item by item (status rows), and the calendar's token and watermark move only
 * when every item settled: a pass cut short by a fault is simply run again, and what it already
 * did is recognised (equal etags, equal versions) rather than done twice.
 */

export interface CalendarReport {
  calendarId: string;
  /** Provider changes written here. */
  pulled: number;
  /** Local changes written to the provider. */
  pushed: number;
  conflicts: FieldConflict[];
  /** The provider's token was missing or refused, so every item was compared. */
  fullResync: boolean;
  /** Items left for the next pass (a race with another writer); the pass is repeated for them. */
  deferred: number;
  /** Items the provider holds that could not be read: left alone on both sides. */
  unreadable: number;
  /** Changes made here that the provider would not take: kept here, sent again when changed again. */
  refused: RefusedItem[];
  /** The newest local version this pass wrote (devices then need a poke), 0 when none. */
  localVersion: number;
}

type SideChange = 'same' | 'changed' | 'deleted';

/** Enough to make a first sync of thousands quick, few enough to keep each transaction short. */
const NEW_ITEMS_PER_TRANSACTION = 250;

/** Another writer changed the item while this pass was deciding about it: decide again next pass. */
class ItemRaceError extends Error {
  override name = 'ItemRaceError';
}

class CalendarPass {
  readonly report: CalendarReport;
  private needsFullPull = false;

  constructor(
    private readonly db: Database,
    private readonly connector: ProviderConnector,
    private readonly calendar: LinkedCalendar,
  ) {
    this.report = { calendarId: calendar.calendarId, pulled: 0, pushed: 0, conflicts: [], fullResync: calendar.syncToken === null, deferred: 0, unreadable: 0, refused: [], localVersion: 0 };
  }

  async run(options: PullOptions): Promise<CalendarReport> {
    const pulled = await this.pull(options);
    const upTo = await committedVersion(this.db, this.calendar.userId);
    const statuses = await itemStatuses(this.db, this.calendar);
    const localChanges = await itemsChangedBetween(this.db, this.calendar.userId, this.calendar.localWatermark, upTo);
    const remoteChanges = new Map(pulled.changed.map((item) => [item.remoteId, item]));
    const remoteDeletions = new Set(pulled.deleted);
    const unreadable = new Set((pulled.unreadable ?? []).map((item) => item.remoteId));
    this.report.unreadable = unreadable.size;
    if (pulled.kind === 'full') {
      // An item wholly outside the window the provider looked at was not listed, not deleted.
      for (const status of statuses) {
        if (!remoteChanges.has(status.remoteId) && !unreadable.has(status.remoteId) && !(pulled.window && isOutsideWindow(status.base, pulled.window))) remoteDeletions.add(status.remoteId);
      }
    }
    const knownIds = new Set(statuses.map((status) => status.remoteId));
    if (pulled.unattributedRemovals && pulled.deleted.some((id) => !knownIds.has(id))) {
      // A removal no item is named by may be an instance of a series the pull named no part of: ask.
      for (const status of statuses) {
        if (!status.base[0]?.recurrence || remoteChanges.has(status.remoteId) || remoteDeletions.has(status.remoteId) || unreadable.has(status.remoteId)) continue;
        if (!(await this.connector.get(this.calendar.remote, status.remoteId))) remoteDeletions.add(status.remoteId);
      }
    }

    for (const status of statuses) {
      // What cannot be read cannot be merged or written over: it stays as it is on both sides.
      if (unreadable.has(status.remoteId)) {
        localChanges.delete(status.eventId);
        continue;
      }
      const remote = remoteChanges.get(status.remoteId);
      remoteChanges.delete(status.remoteId);
      const local = localChanges.get(status.eventId);
      localChanges.delete(status.eventId);
      // A refused change counts as considered: the item is not offered again until it changes
      // again here, and a later change on the provider's side is taken as from an unchanged item.
      const considered = local && (() => saveStatus(this.db, this.calendar, { ...status, localVersion: local.version }));
      await this.settleItem(status.eventId, () => this.settleKnown(status, local, remote, remoteDeletions.has(status.remoteId)), considered);
    }
    await this.settleNewRemote([...remoteChanges.values()], localChanges);
    for (const local of localChanges.values()) {
      if (local.deleted || local.calendarId !== this.calendar.calendarId) continue;
      await this.settleItem(local.eventId, () => this.settleNewLocal(local));
    }

    if (this.report.deferred === 0) await saveProgress(this.db, this.calendar, this.needsFullPull ? null : pulled.token, upTo);
    return this.report;
  }

  private async pull(options: PullOptions): Promise<PullResult> {
    try {
      return await this.connector.pull(this.calendar.remote, this.calendar.syncToken, options);
    } catch (error) {
      if (!(error instanceof TokenInvalidError)) throw error;
      this.report.fullResync = true;
      return this.connector.pull(this.calendar.remote, null, options);
    }
  }

  /**
   * A race or a precondition lost to another writer defers the item. A change the provider
   * refuses is reported and the pass goes on (one bad item must not stop a calendar); any other
   * failure ends the pass.
   */
  private async settleItem(eventId: string, work: () => Promise<void>, considered?: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ItemRefusedError) {
        this.report.refused.push({ eventId, message: error.message });
        await considered?.();
        return;
      }
      if (!(error instanceof ItemRaceError || error instanceof PreconditionFailedError)) throw error;
      this.report.deferred += 1;
    }
  }

  private async settleKnown(status: ItemStatus, local: LocalItem | undefined, remote: RemoteItem | undefined, remoteDeleted: boolean): Promise<void> {
    const remoteSide: SideChange = remoteDeleted ? 'deleted' : remote !== undefined && remote.etag !== status.etag ? 'changed' : 'same';
    const localChanged = local !== undefined && local.version !== status.localVersion;
    const localSide: SideChange = !localChanged ? 'same' : local.deleted || local.calendarId !== this.calendar.calendarId ? 'deleted' : 'changed';
    const expected = local?.version ?? status.localVersion;

    if (localSide === 'same' && remoteSide === 'same') return;
    if (localSide === 'same' && remoteSide === 'changed') return this.takeRemote(status.eventId, remote!, expected, status.uid);
    if (localSide === 'same' && remoteSide === 'deleted') return this.deleteLocal(status.eventId, expected);
    if (localSide === 'deleted' && remoteSide === 'deleted') return forgetStatus(this.db, this.calendar, status.eventId);
    if (!mayWrite(this.calendar)) {
      const held = remoteSide === 'deleted' ? undefined : (remote ?? { remoteId: status.remoteId, etag: status.etag, uid: status.uid, events: status.base });
      return this.keepProviderCopy(status.eventId, local!, held);
    }
    if (localSide === 'deleted') {
      if (remoteSide === 'changed') {
        this.report.conflicts.push({ eventId: status.eventId, field: 'deleted', kept: 'the provider’s edit', discarded: 'the deletion here' });
        return this.takeRemote(status.eventId, remote!, expected, status.uid);
      }
      return this.deleteRemote(status);
    }
    const content = contentOf(local!, status.uid);
    if (remoteSide === 'deleted') {
      this.report.conflicts.push({ eventId: status.eventId, field: 'deleted', kept: 'the edit here', discarded: 'the deletion on the provider' });
      return this.createRemote(local!, content);
    }
    if (remoteSide === 'changed') return this.merge(status.eventId, status.base, local!, content, remote!);
    return this.pushLocal(status, local!, content);
  }

  /**
   * Provider items the status table does not know: new there, or ones whose status was lost
   * (found here by UID, never copied twice). Those with no copy here are written in batches.
   */
  private async settleNewRemote(remotes: readonly RemoteItem[], localChanges: Map<string, LocalItem>): Promise<void> {
    const { calendarId, userId } = this.calendar;
    const candidates = await itemsByIds(this.db, userId, remotes.flatMap((remote) => localIdCandidates(calendarId, remote.uid)));
    const fresh: RemoteItem[] = [];
    for (const remote of remotes) {
      const existing = localIdCandidates(calendarId, remote.uid)
        .map((id) => candidates.get(id))
        .find((item) => item?.calendarId === calendarId);
      if (!existing) {
        fresh.push(remote);
        continue;
      }
      localChanges.delete(existing.eventId);
      if (existing.deleted || !mayWrite(this.calendar)) await this.settleItem(existing.eventId, () => this.takeRemote(existing.eventId, remote, existing.version, remote.uid));
      else await this.settleItem(existing.eventId, () => this.merge(existing.eventId, undefined, existing, contentOf(existing, remote.uid), remote));
    }
    for (let from = 0; from < fresh.length; from += NEW_ITEMS_PER_TRANSACTION) await this.insertFresh(fresh.slice(from, from + NEW_ITEMS_PER_TRANSACTION));
  }

  /** Items seen for the first time, written here with their status rows in one transaction. */
  private async insertFresh(remotes: readonly RemoteItem[]): Promise<void> {
    const { calendarId, userId } = this.calendar;
    const items = remotes.map((remote) => {
      const eventId = remoteOriginId(calendarId, remote.uid);
      return { remote, eventId, events: eventsFromContent(remote.events, eventId, calendarId, []) };
    });
    const written = await this.db.transaction(async (tx) => {
      await lockUser(tx, userId);
      // A device cannot make these ids, but a pass racing this one could have: leave those for next time.
      const taken = await existingEventIds(tx, userId, items.flatMap((item) => item.events.map((event) => event.id)));
      const free = items.filter((item) => !item.events.some((event) => taken.has(event.id)));
      this.report.deferred += items.length - free.length;
      const versions = await insertNewItems(tx, userId, free);
      await saveNewStatuses(
        tx,
        this.calendar,
        free.map(({ remote, eventId }) => ({ eventId, remoteId: remote.remoteId, uid: remote.uid, etag: remote.etag, localVersion: versions.get(eventId)!, base: sortedEvents(remote.events) })),
      );
      return versions;
    });
    this.report.pulled += written.size;
    for (const version of written.values()) this.report.localVersion = Math.max(this.report.localVersion, version);
  }

  /** A local item the provider has never had: created there under the item's own id as UID. */
  private async settleNewLocal(local: LocalItem): Promise<void> {
    if (!mayWrite(this.calendar)) return this.keepProviderCopy(local.eventId, local, undefined);
    try {
      await this.createRemote(local, contentOf(local, local.eventId));
    } catch (error) {
      // The UID is taken: an earlier pass created it and lost the answer. A full pull links it.
      if (error instanceof PreconditionFailedError) this.needsFullPull = true;
      throw error;
    }
  }

  /**
   * A local change to a calendar TempoPilot may not write to (the device's push is refused, so
   * this is a change that was pending when the calendar became read-only): the provider's copy
   * (`held`, none when it has no such item) is put back here and the dropped change is reported.
   */
  private async keepProviderCopy(eventId: string, local: LocalItem, held: RemoteItem | undefined): Promise<void> {
    const localEvents = local.deleted || local.calendarId !== this.calendar.calendarId ? [] : contentOf(local, held?.uid ?? eventId).events;
    if (!sameEvents(localEvents, held?.events ?? [])) {
      this.report.conflicts.push({ eventId, field: 'read-only', kept: 'the provider’s copy', discarded: 'the change here (the calendar is read-only)' });
    }
    if (held) return this.takeRemote(eventId, held, local.version, held.uid);
    return this.deleteLocal(eventId, local.version);
  }

  private async takeRemote(eventId: string, remote: RemoteItem, expectedVersion: number, uid: string): Promise<void> {
    const version = await this.writeLocal(eventId, expectedVersion, remote.events, { eventId, remoteId: remote.remoteId, uid, etag: remote.etag, base: sortedEvents(remote.events) });
    if (version !== expectedVersion) this.report.pulled += 1;
  }

  private async deleteLocal(eventId: string, expectedVersion: number): Promise<void> {
    await this.writeLocal(eventId, expectedVersion, [], undefined);
    this.report.pulled += 1;
  }

  private async pushLocal(status: ItemStatus, local: LocalItem, content: ItemContent): Promise<void> {
    if (sameEvents(content.events, status.base)) {
      await saveStatus(this.db, this.calendar, { ...status, localVersion: local.version });
      return;
    }
    let written: RemoteItem;
    try {
      written = await this.connector.update(this.calendar.remote, status.remoteId, status.etag, content);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError || error instanceof NotFoundError)) throw error;
      // Someone changed (or removed) it since: look again and decide as for a change on both sides.
      const current = await this.connector.get(this.calendar.remote, status.remoteId);
      if (!current) {
        this.report.conflicts.push({ eventId: status.eventId, field: 'deleted', kept: 'the edit here', discarded: 'the deletion on the provider' });
        return this.createRemote(local, content);
      }
      return this.merge(status.eventId, status.base, local, content, current);
    }
    await this.recordWritten(status.eventId, local, content, written);
    this.report.pushed += 1;
  }

  /**
   * After a write: both sides now hold what the provider answered. Providers may keep what they
   * were sent in their own form (Graph spells out a weekly rule's day: FREQ=WEEKLY reads back as
   * FREQ=WEEKLY;BYDAY=MO); the local side takes that echo, or the two would never be equal and
   * every later write of the item would look like a change of its rule.
   */
  private async recordWritten(eventId: string, local: LocalItem, content: ItemContent, written: RemoteItem): Promise<void> {
    const status = { eventId, remoteId: written.remoteId, uid: content.uid, etag: written.etag };
    if (sameEvents(written.events, content.events)) {
      await saveStatus(this.db, this.calendar, { ...status, localVersion: local.version, base: content.events });
      return;
    }
    await this.writeLocal(eventId, local.version, written.events, { ...status, base: written.events });
  }

  private async deleteRemote(status: ItemStatus): Promise<void> {
    try {
      await this.connector.delete(this.calendar.remote, status.remoteId, status.etag);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const current = await this.connector.get(this.calendar.remote, status.remoteId);
      if (current) {
        this.report.conflicts.push({ eventId: status.eventId, field: 'deleted', kept: 'the provider’s edit', discarded: 'the deletion here' });
        const [item] = (await itemsByIds(this.db, this.calendar.userId, [status.eventId])).values();
        return this.takeRemote(status.eventId, current, item?.version ?? 0, status.uid);
      }
    }
    await forgetStatus(this.db, this.calendar, status.eventId);
    this.report.pushed += 1;
  }

  private async createRemote(local: LocalItem, content: ItemContent): Promise<void> {
    const created = await this.connector.create(this.calendar.remote, content);
    await this.recordWritten(local.eventId, local, content, created);
    this.report.pushed += 1;
  }

  /** Both sides changed: three-way merge, then each side takes what it lacks. */
  private async merge(eventId: string, base: ProviderEvent[] | undefined, local: LocalItem, content: ItemContent, remote: RemoteItem): Promise<void> {
    const merged = mergeItem(eventId, base, content.events, remote.events);
    this.report.conflicts.push(...merged.conflicts);
    let written = remote;
    if (!sameEvents(merged.events, remote.events)) {
      written = await this.connector.update(this.calendar.remote, remote.remoteId, remote.etag, { uid: content.uid, events: merged.events });
      this.report.pushed += 1;
    }
    const status = { eventId, remoteId: written.remoteId, uid: content.uid, etag: written.etag, base: written.events };
    const version = await this.writeLocal(eventId, local.version, written.events, status);
    if (version !== local.version) this.report.pulled += 1;
  }

  /**
   * Makes the local item hold `events` (none: deleted) and records the status in the same
   * transaction, provided the item is still at `expectedVersion`; returns its version after.
   */
  private async writeLocal(eventId: string, expectedVersion: number, events: readonly ProviderEvent[], status: Omit<ItemStatus, 'localVersion'> | undefined): Promise<number> {
    const { userId, calendarId } = this.calendar;
    const version = await this.db.transaction(async (tx) => {
      await lockUser(tx, userId);
      const current = (await itemsByIds(tx, userId, [eventId])).get(eventId);
      if ((current?.version ?? 0) !== expectedVersion) throw new ItemRaceError(`the item ${eventId} changed while it was being reconciled`);
      const written = await writeItem(tx, userId, eventId, eventsFromContent(events, eventId, calendarId, current?.events ?? []));
      if (status) await saveStatus(tx, this.calendar, { ...status, localVersion: written });
      else await forgetStatus(tx, this.calendar, eventId);
      return written;
    });
    if (version !== expectedVersion) this.report.localVersion = Math.max(this.report.localVersion, version);
    return version;
  }
}

export function reconcileCalendar(db: Database, connector: ProviderConnector, calendar: LinkedCalendar, options: PullOptions = {}): Promise<CalendarReport> {
  return new CalendarPass(db, connector, calendar).run(options);
}
