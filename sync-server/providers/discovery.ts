import type { Calendar } from '../../src/domain/event';
import type { Database, Queryable } from '../db/database';
import { calendarFor, retireCalendars, writeCalendar } from './accounts';
import type { ProviderCalendar } from './connector';
import { lockUser } from './local-side';
import { linkCalendar, linkedCalendars, mayWrite, type LinkedCalendar } from './status';

/**
 * Calendars made, renamed or deleted at the provider after the account was added. Each pass
 * starts by listing the account's calendars (one cheap request) and brings the server in line:
 * a new calendar is linked and synced (as at add time), a renamed or recoloured one is written
 * again for the devices, and one deleted at the provider leaves the devices with its events,
 * as a removed account's do. The user's choices (sync, write) of the calendars that stay are kept.
 */
export interface CalendarChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** The newest version written, 0 when nothing changed (devices need a poke when not 0). */
  version: number;
}

export async function followRemoteCalendars(db: Database, accountId: string, userId: string, remotes: readonly ProviderCalendar[]): Promise<CalendarChanges> {
  const linked = await linkedCalendars(db, accountId);
  const byRemoteId = new Map(linked.map((calendar) => [calendar.remote.remoteId, calendar]));
  const listed = new Set(remotes.map((remote) => remote.remoteId));
  const added = remotes.filter((remote) => !byRemoteId.has(remote.remoteId));
  const changed = remotes.filter((remote) => {
    const known = byRemoteId.get(remote.remoteId);
    return known !== undefined && !sameCalendar(known.remote, remote);
  });
  const removed = linked.filter((calendar) => !listed.has(calendar.remote.remoteId));
  const changes: CalendarChanges = { added: [], changed: [], removed: [], version: 0 };
  if (added.length + changed.length + removed.length === 0) return changes;

  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const zone = await accountTimeZone(tx, userId, linked);
    for (const remote of added) {
      const calendar = calendarFor(accountId, remote, zone);
      changes.version = await writeCalendar(tx, userId, calendar);
      await linkCalendar(tx, { accountId, userId, calendarId: calendar.id, remote });
      changes.added.push(calendar.id);
    }
    for (const remote of changed) {
      const known = byRemoteId.get(remote.remoteId)!;
      const calendar = calendarFor(accountId, remote, zone, !mayWrite({ ...known, remote }));
      // A calendar the user switched off stays a tombstone on the devices; its name is kept for when it comes back.
      changes.version = await writeCalendar(tx, userId, calendar, !known.syncEnabled);
      await linkCalendar(tx, { accountId, userId, calendarId: known.calendarId, remote });
      changes.changed.push(known.calendarId);
    }
    if (removed.length > 0) {
      const goneIds = removed.map((gone) => gone.calendarId);
      const rows = await tx.query<{ data: Calendar }>('select data from calendars where user_id = $1 and id = any($2::text[])', [userId, goneIds]);
      changes.version = await retireCalendars(tx, userId, rows.map((row) => row.data));
      await tx.query('delete from provider_calendars where account_id = $1 and calendar_id = any($2::text[])', [accountId, goneIds]);
      changes.removed.push(...goneIds);
    }
    return changes;
  });
}

function sameCalendar(a: ProviderCalendar, b: ProviderCalendar): boolean {
  return a.name === b.name && a.color === b.color && a.readOnly === b.readOnly && a.timeZone === b.timeZone;
}

/** Where a provider names no zone for a new calendar: the zone of the account's other calendars. */
async function accountTimeZone(tx: Queryable, userId: string, linked: readonly LinkedCalendar[]): Promise<string> {
  const first = linked[0];
  if (!first) return 'UTC';
  const [row] = await tx.query<{ zone: string | null }>(`select data->>'timeZone' as zone from calendars where user_id = $1 and id = $2`, [userId, first.calendarId]);
  return row?.zone ?? 'UTC';
}
