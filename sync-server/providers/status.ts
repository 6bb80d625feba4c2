import type { Queryable } from '../db/database';
import type { ProviderCalendar, ProviderEvent } from './connector';

/** A calendar of the user's that mirrors one of a provider account's. */
export interface LinkedCalendar {
  accountId: string;
  userId: string;
  /** The server's calendar id (what devices see). */
  calendarId: string;
  remote: ProviderCalendar;
  syncToken: string | null;
  localWatermark: number;
  /** The user's choice: false stops every pass over it (its events leave the devices). */
  syncEnabled: boolean;
  /** The user's choice: false makes it read-only here even where the provider allows writing. */
  writeEnabled: boolean;
}

/** Whether TempoPilot may write to the provider's copy: the provider allows it and so does the user. */
export function mayWrite(calendar: Pick<LinkedCalendar, 'remote' | 'writeEnabled'>): boolean {
  return !calendar.remote.readOnly && calendar.writeEnabled;
}

/** One row of the status table: what both sides held when the item was last in step. */
export interface ItemStatus {
  eventId: string;
  remoteId: string;
  uid: string;
  etag: string;
  /** The local item's version then. */
  localVersion: number;
  /** The content both sides agreed on then: the base of a three-way merge. */
  base: ProviderEvent[];
}

interface LinkedCalendarRow {
  account_id: string;
  user_id: string;
  calendar_id: string;
  remote: ProviderCalendar;
  sync_token: string | null;
  local_watermark: number;
  sync_enabled: boolean;
  write_enabled: boolean;
}

export async function linkedCalendars(db: Queryable, accountId: string): Promise<LinkedCalendar[]> {
  const rows = await db.query<LinkedCalendarRow>(
    'select account_id, user_id, calendar_id, remote, sync_token, local_watermark, sync_enabled, write_enabled from provider_calendars where account_id = $1 order by calendar_id',
    [accountId],
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    userId: row.user_id,
    calendarId: row.calendar_id,
    remote: row.remote,
    syncToken: row.sync_token,
    localWatermark: row.local_watermark,
    syncEnabled: row.sync_enabled,
    writeEnabled: row.write_enabled,
  }));
}

export async function linkCalendar(db: Queryable, calendar: Omit<LinkedCalendar, 'syncToken' | 'localWatermark' | 'syncEnabled' | 'writeEnabled'>): Promise<void> {
  await db.query(
    `insert into provider_calendars (account_id, user_id, calendar_id, remote_id, remote) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (account_id, calendar_id) do update set remote = excluded.remote`,
    [calendar.accountId, calendar.userId, calendar.calendarId, calendar.remote.remoteId, JSON.stringify(calendar.remote)],
  );
}

/** Remembers how far a pass got: the provider's token and the local version everything up to was considered. */
export async function saveProgress(db: Queryable, calendar: LinkedCalendar, syncToken: string | null, localWatermark: number): Promise<void> {
  await db.query('update provider_calendars set sync_token = $3, local_watermark = $4 where account_id = $1 and calendar_id = $2', [
    calendar.accountId,
    calendar.calendarId,
    syncToken,
    localWatermark,
  ]);
}

interface StatusRow {
  event_id: string;
  remote_id: string;
  uid: string;
  etag: string;
  local_version: number;
  base: ProviderEvent[];
}

export async function itemStatuses(db: Queryable, calendar: LinkedCalendar): Promise<ItemStatus[]> {
  const rows = await db.query<StatusRow>(
    'select event_id, remote_id, uid, etag, local_version, base from provider_items where account_id = $1 and calendar_id = $2',
    [calendar.accountId, calendar.calendarId],
  );
  return rows.map((row) => ({ eventId: row.event_id, remoteId: row.remote_id, uid: row.uid, etag: row.etag, localVersion: row.local_version, base: row.base }));
}

export async function saveStatus(db: Queryable, calendar: LinkedCalendar, status: ItemStatus): Promise<void> {
  // A remote id belongs to one item: a row left by an earlier identity of the same item goes.
  await db.query('delete from provider_items where account_id = $1 and calendar_id = $2 and remote_id = $3 and event_id <> $4', [
    calendar.accountId,
    calendar.calendarId,
    status.remoteId,
    status.eventId,
  ]);
  await db.query(
    `insert into provider_items (account_id, calendar_id, event_id, remote_id, uid, etag, local_version, base)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     on conflict (account_id, calendar_id, event_id) do update set remote_id = excluded.remote_id, uid = excluded.uid, etag = excluded.etag,
       local_version = excluded.local_version, base = excluded.base`,
    [calendar.accountId, calendar.calendarId, status.eventId, status.remoteId, status.uid, status.etag, status.localVersion, JSON.stringify(status.base)],
  );
}

export async function forgetStatus(db: Queryable, calendar: LinkedCalendar, eventId: string): Promise<void> {
  await db.query('delete from provider_items where account_id = $1 and calendar_id = $2 and event_id = $3', [calendar.accountId, calendar.calendarId, eventId]);
}

/** Status rows of items seen for the first time, in one statement. */
export async function saveNewStatuses(db: Queryable, calendar: LinkedCalendar, statuses: readonly ItemStatus[]): Promise<void> {
  if (statuses.length === 0) return;
  await db.query(
    `insert into provider_items (account_id, calendar_id, event_id, remote_id, uid, etag, local_version, base)
     select $1, $2, r.event_id, r.remote_id, r.uid, r.etag, r.local_version, r.base
     from jsonb_to_recordset($3::jsonb) as r(event_id text, remote_id text, uid text, etag text, local_version bigint, base jsonb)`,
    [
      calendar.accountId,
      calendar.calendarId,
      JSON.stringify(statuses.map((s) => ({ event_id: s.eventId, remote_id: s.remoteId, uid: s.uid, etag: s.etag, local_version: s.localVersion, base: s.base }))),
    ],
  );
}
