import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllDayTime, type EventTime } from '../../src/domain/event';
import { normalizeLocalDateTime } from '../../src/domain/time';
import {
  NotFoundError,
  PreconditionFailedError,
  TokenInvalidError,
  type ItemContent,
  type ProviderCalendar,
  type ProviderConnector,
  type ProviderEvent,
  type PullProgress,
  type RemoteItem,
} from './connector';

/**
 * What every ProviderConnector must do, as vitest tests: run it against the in-memory connector,
 * CalDAV on Radicale, and the Google and Microsoft doubles. Events are compared by their domain
 * fields (after `canonicalEvent`), never by the provider's bytes.
 */

export interface ConformanceSetup {
  connector: ProviderConnector;
  /** A writable calendar the suite may fill; it need not be empty. */
  calendar: ProviderCalendar;
  /** Whatever the provider-specific tests use to write behind the connector's back; unused here. */
  directClient?: unknown;
  teardown(): Promise<void>;
}

function canonicalTime(time: EventTime): EventTime {
  return isAllDayTime(time) ? { date: time.date } : { dateTime: normalizeLocalDateTime(time.dateTime), timeZone: time.timeZone };
}

/** RRULE parts in a fixed order: providers reorder them. */
function canonicalRule(rule: string): string {
  return rule
    .replace(/^RRULE:/i, '')
    .split(';')
    .filter(Boolean)
    .map((part) => part.toUpperCase())
    .sort()
    .join(';');
}

/** An event with defaults filled and provider-specific spellings evened out, for comparison. */
export function canonicalEvent(event: ProviderEvent): ProviderEvent {
  return {
    title: event.title,
    start: canonicalTime(event.start),
    end: canonicalTime(event.end),
    ...(event.location ? { location: event.location } : {}),
    ...(event.description ? { description: event.description } : {}),
    attendees: event.attendees.map((attendee) => ({ ...attendee, ...(attendee.email ? { email: attendee.email.toLowerCase() } : {}) })),
    ...(event.organizer ? { organizer: { ...event.organizer, ...(event.organizer.email ? { email: event.organizer.email.toLowerCase() } : {}) } } : {}),
    status: event.status,
    transparency: event.transparency,
    ...(event.recurrence ? { recurrence: { rule: canonicalRule(event.recurrence.rule), exdates: [...event.recurrence.exdates].map(normalizeLocalDateTime).sort() } } : {}),
    ...(event.originalStart !== undefined ? { originalStart: normalizeLocalDateTime(event.originalStart) } : {}),
  };
}

export function canonicalContent(content: ItemContent): ItemContent {
  const [master, ...overrides] = content.events.map(canonicalEvent);
  return { uid: content.uid, events: [...(master ? [master] : []), ...overrides.sort((a, b) => (a.originalStart ?? '').localeCompare(b.originalStart ?? ''))] };
}

let uidCounter = 0;
function newUid(label: string): string {
  uidCounter += 1;
  return `conformance-${label}-${Date.now().toString(36)}-${uidCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

function timed(dateTime: string, timeZone: string): EventTime {
  return { dateTime, timeZone };
}

function singleEvent(overrides: Partial<ProviderEvent> = {}): ProviderEvent {
  return {
    title: 'Planning',
    start: timed('2026-06-10T09:00:00', 'Europe/Berlin'),
    end: timed('2026-06-10T10:00:00', 'Europe/Berlin'),
    location: 'Room 4',
    description: 'Quarterly planning',
    attendees: [{ name: 'Ada Lovelace', email: 'ada@example.org', response: 'accepted', optional: false }],
    organizer: { name: 'Grace Hopper', email: 'grace@example.org' },
    status: 'confirmed',
    transparency: 'opaque',
    ...overrides,
  };
}

function item(label: string, ...events: ProviderEvent[]): ItemContent {
  return { uid: newUid(label), events };
}

export function describeConnectorConformance(name: string, setup: () => Promise<ConformanceSetup>): void {
  describe(`${name}: connector conformance`, () => {
    let context: ConformanceSetup;
    const connector = () => context.connector;
    const calendar = () => context.calendar;

    beforeAll(async () => {
      context = await setup();
    }, 60_000);
    afterAll(async () => {
      await context?.teardown();
    });

    async function expectStored(remoteId: string, content: ItemContent): Promise<RemoteItem> {
      const stored = await connector().get(calendar(), remoteId);
      expect(stored, `${remoteId} should exist`).toBeDefined();
      expect(canonicalContent(stored as RemoteItem)).toEqual(canonicalContent(content));
      return stored as RemoteItem;
    }

    it('creates an item and reads it back with an etag', async () => {
      const content = item('create', singleEvent());
      const created = await connector().create(calendar(), content);
      expect(created.remoteId).toBeTruthy();
      expect(created.etag).toBeTruthy();
      expect(created.uid).toBe(content.uid);
      const stored = await expectStored(created.remoteId, content);
      expect(stored.etag).toBe(created.etag);
    });

    it('refuses a second item with the same UID', async () => {
      const content = item('duplicate', singleEvent());
      await connector().create(calendar(), content);
      await expect(connector().create(calendar(), content)).rejects.toBeInstanceOf(PreconditionFailedError);
    });

    it('moves an event in place, with a new etag', async () => {
      const content = item('move', singleEvent());
      const created = await connector().create(calendar(), content);
      const moved: ItemContent = { ...content, events: [singleEvent({ start: timed('2026-06-11T14:30:00', 'Europe/Berlin'), end: timed('2026-06-11T15:45:00', 'Europe/Berlin') })] };
      const updated = await connector().update(calendar(), created.remoteId, created.etag, moved);
      expect(updated.remoteId).toBe(created.remoteId);
      expect(updated.etag).not.toBe(created.etag);
      await expectStored(created.remoteId, moved);
    });

    it('renames an event', async () => {
      const content = item('rename', singleEvent());
      const created = await connector().create(calendar(), content);
      const renamed: ItemContent = { ...content, events: [singleEvent({ title: 'Planning, second round' })] };
      await connector().update(calendar(), created.remoteId, created.etag, renamed);
      await expectStored(created.remoteId, renamed);
    });

    it('deletes an item; deleting it again is no error; updating it is NotFoundError', async () => {
      const content = item('delete', singleEvent());
      const created = await connector().create(calendar(), content);
      await connector().delete(calendar(), created.remoteId, created.etag);
      expect(await connector().get(calendar(), created.remoteId)).toBeUndefined();
      await connector().delete(calendar(), created.remoteId, created.etag);
      await expect(connector().update(calendar(), created.remoteId, created.etag, content)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses an update or delete with a stale etag', async () => {
      const content = item('stale', singleEvent());
      const created = await connector().create(calendar(), content);
      const renamed: ItemContent = { ...content, events: [singleEvent({ title: 'Renamed elsewhere' })] };
      await connector().update(calendar(), created.remoteId, created.etag, renamed);
      await expect(connector().update(calendar(), created.remoteId, created.etag, content)).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(connector().delete(calendar(), created.remoteId, created.etag)).rejects.toBeInstanceOf(PreconditionFailedError);
      await expectStored(created.remoteId, renamed);
    });

    it('keeps a recurring series, a moved instance and a cancelled instance as one item under one UID', async () => {
      const master = singleEvent({
        title: 'Weekly sync',
        start: timed('2026-03-02T09:00:00', 'America/New_York'),
        end: timed('2026-03-02T09:30:00', 'America/New_York'),
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10', exdates: ['2026-03-16T09:00:00'] },
      });
      const moved = singleEvent({
        title: 'Weekly sync (moved)',
        start: timed('2026-03-10T11:00:00', 'America/New_York'),
        end: timed('2026-03-10T11:30:00', 'America/New_York'),
        originalStart: '2026-03-09T09:00:00',
      });
      const content = item('series', master, moved);
      const created = await connector().create(calendar(), content);
      await expectStored(created.remoteId, content);
      const secondMove = singleEvent({ title: 'Weekly sync', start: timed('2026-03-24T08:00:00', 'America/New_York'), end: timed('2026-03-24T08:30:00', 'America/New_York'), originalStart: '2026-03-23T09:00:00' });
      const edited: ItemContent = { ...content, events: [master, moved, secondMove] };
      const updated = await connector().update(calendar(), created.remoteId, created.etag, edited);
      expect(updated.remoteId).toBe(created.remoteId);
      await expectStored(created.remoteId, edited);
      const { changed } = await connector().pull(calendar(), null);
      expect(changed.filter((candidate) => candidate.uid === content.uid)).toHaveLength(1);
    });

    it('keeps all-day events, single and multi-day and recurring, as dates', async () => {
      const content = item('all-day', singleEvent({ title: 'Offsite', start: { date: '2026-07-01' }, end: { date: '2026-07-04' }, transparency: 'transparent' }));
      const created = await connector().create(calendar(), content);
      await expectStored(created.remoteId, content);
      const birthday = item('birthday', singleEvent({ title: 'Birthday', start: { date: '2026-02-28' }, end: { date: '2026-03-01' }, recurrence: { rule: 'FREQ=YEARLY', exdates: ['2027-02-28'] }, attendees: [] }));
      const createdBirthday = await connector().create(calendar(), birthday);
      await expectStored(createdBirthday.remoteId, birthday);
    });

    it('keeps wall times in non-UTC zones, across a DST change, and in UTC', async () => {
      const newYork = item('new-york', singleEvent({ start: timed('2026-11-01T01:30:00', 'America/New_York'), end: timed('2026-11-01T03:00:00', 'America/New_York') }));
      const kolkata = item('kolkata', singleEvent({ start: timed('2026-06-10T18:30:00', 'Asia/Kolkata'), end: timed('2026-06-10T19:15:00', 'Asia/Kolkata') }));
      const flight = item('flight', singleEvent({ title: 'Flight', start: timed('2026-06-10T22:00:00', 'America/New_York'), end: timed('2026-06-11T11:30:00', 'Asia/Kolkata') }));
      const utc = item('utc', singleEvent({ start: timed('2026-06-10T12:00:00', 'UTC'), end: timed('2026-06-10T13:00:00', 'UTC') }));
      for (const content of [newYork, kolkata, flight, utc]) {
        const created = await connector().create(calendar(), content);
        await expectStored(created.remoteId, content);
      }
    });

    it('pulls incrementally exactly what changed since the token', async () => {
      const kept = await connector().create(calendar(), item('untouched', singleEvent()));
      const toUpdate = item('to-update', singleEvent());
      const toDelete = item('to-delete', singleEvent());
      const updateTarget = await connector().create(calendar(), toUpdate);
      const deleteTarget = await connector().create(calendar(), toDelete);
      const { token } = await connector().pull(calendar(), null);

      const idle = await connector().pull(calendar(), token);
      expect(idle.kind).toBe('incremental');
      expect(idle.changed).toEqual([]);
      expect(idle.deleted).toEqual([]);

      const renamed: ItemContent = { ...toUpdate, events: [singleEvent({ title: 'Updated' })] };
      const updated = await connector().update(calendar(), updateTarget.remoteId, updateTarget.etag, renamed);
      await connector().delete(calendar(), deleteTarget.remoteId, deleteTarget.etag);
      const added = item('added', singleEvent({ title: 'Added' }));
      const created = await connector().create(calendar(), added);

      const progress: PullProgress[] = [];
      const changes = await connector().pull(calendar(), idle.token, { onProgress: (step) => progress.push(step) });
      expect(changes.kind).toBe('incremental');
      const byId = new Map(changes.changed.map((changed) => [changed.remoteId, changed]));
      expect([...byId.keys()].sort()).toEqual([updateTarget.remoteId, created.remoteId].sort());
      expect(byId.get(updateTarget.remoteId)?.etag).toBe(updated.etag);
      expect(canonicalContent(byId.get(updateTarget.remoteId) as RemoteItem)).toEqual(canonicalContent(renamed));
      expect(canonicalContent(byId.get(created.remoteId) as RemoteItem)).toEqual(canonicalContent(added));
      expect(changes.deleted).toEqual([deleteTarget.remoteId]);
      expect(changes.changed.map((changed) => changed.remoteId)).not.toContain(kept.remoteId);

      const after = await connector().pull(calendar(), changes.token);
      expect(after.changed).toEqual([]);
      expect(after.deleted).toEqual([]);
    });

    it('pulls in full: every item with its current etag and content, reporting progress', async () => {
      const contents = [item('full-a', singleEvent({ title: 'A' })), item('full-b', singleEvent({ title: 'B', start: { date: '2026-08-01' }, end: { date: '2026-08-02' } }))];
      const created = await Promise.all(contents.map((content) => connector().create(calendar(), content)));
      const progress: PullProgress[] = [];
      const full = await connector().pull(calendar(), null, { onProgress: (step) => progress.push(step) });
      expect(full.kind).toBe('full');
      expect(full.deleted).toEqual([]);
      expect(full.token).toBeTruthy();
      for (const [index, content] of contents.entries()) {
        const found = full.changed.find((candidate) => candidate.remoteId === created[index]?.remoteId);
        expect(found?.etag).toBe(created[index]?.etag);
        expect(canonicalContent(found as RemoteItem)).toEqual(canonicalContent(content));
      }
      expect(new Set(full.changed.map((changed) => changed.uid)).size).toBe(full.changed.length);
      const last = progress.at(-1);
      expect(last?.done).toBe(full.changed.length + (full.unreadable?.length ?? 0));
      if (last?.total !== undefined) expect(last.done).toBe(last.total);
    });

    it('refuses a token it never gave with TokenInvalidError', async () => {
      await expect(connector().pull(calendar(), 'not a token this provider gave')).rejects.toBeInstanceOf(TokenInvalidError);
    });
  });
}
