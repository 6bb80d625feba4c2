import type { CalendarEvent } from '../../src/domain/event';
import type { Queryable } from '../db/database';
import { sameJson, TRACKED_FIELDS, type FieldVersions, type TrackedField } from '../merge';
import type { LocalItem } from './items';

/**
 * The server's own copy of a user's calendars, as the reconciler reads and writes it: items
 * (a master with its exceptions) instead of single events, written under new versions with a
 * change-log line each, exactly as a device's push would, so devices pull provider changes the
 * way they pull each other's.
 */

interface EventRow {
  id: string;
  calendar_id: string;
  series_id: string | null;
  data: CalendarEvent;
  deleted: boolean;
  version: number;
  field_versions: FieldVersions;
}

/**
 * The user's newest committed version. Writers of one user hold the user's row while they take
 * and commit a version, so every version at or below this one is committed: a safe watermark.
 */
export async function committedVersion(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.query<{ version: number }>('select version from users where id = $1', [userId]);
  if (!row) throw new Error(`no user ${userId}`);
  return row.version;
}

function itemsFrom(rows: readonly EventRow[]): Map<string, LocalItem> {
  const items = new Map<string, LocalItem>();
  const exceptions: EventRow[] = [];
  for (const row of rows) {
    if (row.series_id !== null && row.data.originalStart !== undefined) {
      exceptions.push(row);
      continue;
    }
    items.set(row.id, { eventId: row.id, calendarId: row.calendar_id, version: row.version, deleted: row.deleted, events: row.deleted ? [] : [row.data] });
  }
  for (const row of exceptions) {
    const item = items.get(row.series_id!);
    if (!item) continue;
    item.version = Math.max(item.version, row.version);
    if (!row.deleted && !item.deleted) item.events.push(row.data);
  }
  return items;
}

const ITEM_COLUMNS = 'id, calendar_id, series_id, data, deleted, version, field_versions';

/** The items whose master or any exception changed in (after, upTo], tombstones included. */
export async function itemsChangedBetween(db: Queryable, userId: string, after: number, upTo: number): Promise<Map<string, LocalItem>> {
  const rows = await db.query<EventRow>(
    `with roots as (
       select distinct coalesce(series_id, id) as id from events where user_id = $1 and version > $2 and version <= $3
     )
     select ${ITEM_COLUMNS} from events
     where user_id = $1 and (id in (select id from roots) or series_id in (select id from roots))`,
    [userId, after, upTo],
  );
  return itemsFrom(rows);
}

/** Items by master id, whatever their state; an id never seen is absent from the answer. */
export async function itemsByIds(db: Queryable, userId: string, ids: readonly string[]): Promise<Map<string, LocalItem>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<EventRow>(
    `select ${ITEM_COLUMNS} from events
     where user_id = $1 and (id in (select jsonb_array_elements_text($2::jsonb)) or series_id in (select jsonb_array_elements_text($2::jsonb)))`,
    [userId, JSON.stringify(ids)],
  );
  return itemsFrom(rows);
}

function changedFields(before: CalendarEvent | undefined, after: CalendarEvent): TrackedField[] {
  if (!before) return [...TRACKED_FIELDS];
  return TRACKED_FIELDS.filter((field) => {
    if (field === 'time') return !sameJson({ start: before.start, end: before.end }, { start: after.start, end: after.end });
    return !sameJson(before[field], after[field]);
  });
}

/** One event row under a new version, logged as a change made by no device. */
async function writeEventRow(tx: Queryable, userId: string, event: CalendarEvent, deleted: boolean, fieldVersions: FieldVersions, changed: readonly TrackedField[]): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    `with change as (select nextval('change_version') as version), written as (
       insert into events (user_id, id, calendar_id, series_id, data, deleted, version, field_versions)
       select $1, $2, $3, $4, $5::jsonb, $6, change.version,
         $7::jsonb || coalesce((select jsonb_object_agg(field, change.version) from jsonb_array_elements_text($8::jsonb) as field), '{}'::jsonb)
       from change
       on conflict (user_id, id) do update set calendar_id = excluded.calendar_id, series_id = excluded.series_id, data = excluded.data,
         deleted = excluded.deleted, version = excluded.version, field_versions = excluded.field_versions
       returning version
     ), logged as (
       insert into change_log (version, user_id, kind, entity_id) select version, $1, 'event', $2 from written
     )
     update users set version = written.version from written where users.id = $1
     returning written.version`,
    [userId, event.id, event.calendarId, event.seriesId ?? null, JSON.stringify(event), deleted, JSON.stringify(fieldVersions), JSON.stringify(changed)],
  );
  return row!.version;
}

/** Holds the user's row for the rest of the transaction: versions then commit in order (push.ts). */
export async function lockUser(tx: Queryable, userId: string): Promise<void> {
  await tx.query('select 1 from users where id = $1 for update', [userId]);
}

/**
 * Makes the item hold exactly `events` (master first): changed or new events are written,
 * exceptions no longer there are deleted. Returns the item's newest version afterwards (the
 * version it had when nothing needed writing). Run inside a transaction that holds the user.
 */
export async function writeItem(tx: Queryable, userId: string, eventId: string, events: readonly CalendarEvent[]): Promise<number> {
  const rows = await tx.query<EventRow>(`select ${ITEM_COLUMNS} from events where user_id = $1 and (id = $2 or series_id = $2)`, [userId, eventId]);
  const stored = new Map(rows.map((row) => [row.id, row]));
  let version = rows.reduce((newest, row) => Math.max(newest, row.version), 0);
  const wanted = new Set(events.map((event) => event.id));
  for (const event of events) {
    const row = stored.get(event.id);
    if (row && !row.deleted && sameJson(row.data, event)) continue;
    const changed = changedFields(row && !row.deleted ? row.data : undefined, event);
    version = await writeEventRow(tx, userId, event, false, row?.field_versions ?? {}, changed);
  }
  // Exceptions go before their master, as a device's delete of a series does (push.ts).
  const leaving = rows.filter((row) => !row.deleted && !wanted.has(row.id)).sort((a, b) => Number(a.series_id === null) - Number(b.series_id === null));
  for (const row of leaving) {
    version = await writeEventRow(tx, userId, row.data, true, row.field_versions, []);
  }
  return version;
}

/** Deletes the item: its exceptions, then its master. Returns the newest version afterwards. */
export async function deleteItem(tx: Queryable, userId: string, eventId: string): Promise<number> {
  return writeItem(tx, userId, eventId, []);
}

/** Every live item of the calendar becomes a tombstone (exceptions before masters), each logged. */
export async function removeEvents(tx: Queryable, userId: string, calendarId: string): Promise<number> {
  const items = await tx.query<{ id: string }>(
    'select distinct coalesce(series_id, id) as id from events where user_id = $1 and calendar_id = $2 and not deleted order by id',
    [userId, calendarId],
  );
  let version = 0;
  for (const { id } of items) version = Math.max(version, await deleteItem(tx, userId, id));
  return version;
}

/**
 * Writes items this side has never had, many at a time (a first sync brings thousands): one
 * statement for all their events, each under a new version with its change-log line. Returns
 * each item's newest version. Run inside a transaction that holds the user, after checking
 * that none of the ids exists.
 */
export async function insertNewItems(tx: Queryable, userId: string, items: readonly { eventId: string; events: readonly CalendarEvent[] }[]): Promise<Map<string, number>> {
  const rows = items.flatMap((item) => item.events.map((event) => ({ item: item.eventId, id: event.id, calendar_id: event.calendarId, series_id: event.seriesId ?? null, data: event })));
  const written = await tx.query<{ id: string; version: number }>(
    `with input as (
       select r.id, r.calendar_id, r.series_id, r.data, r.ord
       from jsonb_to_recordset($2::jsonb) as r(id text, calendar_id text, series_id text, data jsonb, ord integer)
     ), numbered as (
       select ordered.*, nextval('change_version') as version from (select * from input order by ord) ordered
     ), written as (
       insert into events (user_id, id, calendar_id, series_id, data, deleted, version, field_versions)
       select $1, id, calendar_id, series_id, data, false, version,
         (select jsonb_object_agg(field, numbered.version) from jsonb_array_elements_text($3::jsonb) as field)
       from numbered
       returning id, version
     ), logged as (
       insert into change_log (version, user_id, kind, entity_id) select version, $1, 'event', id from written
     ), advanced as (
       update users set version = (select max(version) from written) where id = $1
     )
     select id, version from written`,
    [userId, JSON.stringify(rows.map(({ item: _item, ...row }, ord) => ({ ...row, ord }))), JSON.stringify(TRACKED_FIELDS)],
  );
  const versionOf = new Map(written.map((row) => [row.id, row.version]));
  const newest = new Map<string, number>();
  for (const row of rows) newest.set(row.item, Math.max(newest.get(row.item) ?? 0, versionOf.get(row.id) ?? 0));
  return newest;
}

/** Which of these event ids exist here, in any state. */
export async function existingEventIds(db: Queryable, userId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('select id from events where user_id = $1 and id in (select jsonb_array_elements_text($2::jsonb))', [userId, JSON.stringify(ids)]);
  return new Set(rows.map((row) => row.id));
}
