import type { Calendar } from '../../src/domain/event';
import type { CalendarScopeRequest } from '../../src/sync/protocol';
import { audit } from '../audit';
import type { Database, Queryable } from '../db/database';
import { HttpError } from '../errors';
import { writeCalendar } from './accounts';
import type { ProviderCalendar } from './connector';
import { lockUser, removeEvents } from './local-side';

/**
 * Per-calendar scopes: whether a linked calendar syncs, and whether TempoPilot may write to it.
 *
 * Read-only where the provider says so or the user chose it; that lands in `calendars.read_only`,
 * which the push refuses against (push.ts), and the reconciler never writes to the provider for
 * such a calendar (reconcile.ts). A calendar switched off leaves the devices as a removed one does
 * (tombstones of its events and of itself); its status rows and token go, so switching it on
 * again is a full pull that finds each event's tombstone by its derived id and brings it back.
 * The user's default calendar setting is kept: devices pass over a default they cannot write to
 * or no longer have (CalendarStore.defaultCalendar), and it applies again once switched back.
 */

export interface ScopeChanged {
  /** The newest version written, 0 when the choices were already so (devices need a poke when not 0). */
  version: number;
  /** Sync was switched on: the calendar needs a pass to bring its events back. */
  needsPass: boolean;
}

/** How long the change waits for a sync of the account that holds it. */
const LEASE_WAIT_MS = 60_000;
const LEASE_MS = 60_000;

interface ScopeRow {
  remote: ProviderCalendar;
  sync_enabled: boolean;
  write_enabled: boolean;
  data: Calendar;
}

export async function setCalendarScope(db: Database, userId: string, deviceId: string, accountId: string, calendarId: string, change: CalendarScopeRequest): Promise<ScopeChanged> {
  const [account] = await db.query<{ id: string }>('select id from provider_accounts where id = $1 and user_id = $2', [accountId, userId]);
  if (!account) throw new HttpError(404, 'not-found', `this account has no provider account "${accountId}"`);
  return withAccountLease(db, accountId, () => db.transaction((tx) => applyScope(tx, userId, deviceId, accountId, calendarId, change)));
}

/**
 * Runs `work` holding the account's lease (the one a sync takes, account-sync.ts), so no pass is
 * halfway through the calendar while its status rows and events change under it. A sync that
 * holds the account is waited for.
 */
async function withAccountLease<T>(db: Database, accountId: string, work: () => Promise<T>): Promise<T> {
  const owner = crypto.randomUUID();
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (;;) {
    const now = new Date();
    const [taken] = await db.query<{ id: string }>(
      'update provider_accounts set lease_owner = $2, lease_until = $3 where id = $1 and (lease_until is null or lease_until < $4) returning id',
      [accountId, owner, new Date(now.getTime() + LEASE_MS), now],
    );
    if (taken) break;
    if (Date.now() > deadline) throw new HttpError(409, 'busy', 'the account is being synced; try again in a minute');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await work();
  } finally {
    await db.query('update provider_accounts set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2', [accountId, owner]);
  }
}

async function applyScope(tx: Queryable, userId: string, deviceId: string, accountId: string, calendarId: string, change: CalendarScopeRequest): Promise<ScopeChanged> {
  await lockUser(tx, userId);
  const [row] = await tx.query<ScopeRow>(
    `select p.remote, p.sync_enabled, p.write_enabled, c.data from provider_calendars p join calendars c on c.user_id = p.user_id and c.id = p.calendar_id
     where p.account_id = $1 and p.calendar_id = $2 and p.user_id = $3`,
    [accountId, calendarId, userId],
  );
  if (!row) throw new HttpError(404, 'not-found', `the provider account has no calendar "${calendarId}"`);
  if (change.write === true && row.remote.readOnly) {
    throw new HttpError(400, 'provider-read-only', `the provider does not let this account write to "${row.data.name}"; it can only be read`);
  }
  const sync = change.sync ?? row.sync_enabled;
  const write = change.write ?? row.write_enabled;
  if (sync === row.sync_enabled && write === row.write_enabled) return { version: 0, needsPass: false };

  const readOnly = row.remote.readOnly || !write;
  if (!sync && row.sync_enabled) await removeEvents(tx, userId, calendarId);
  // Written last, so its version is the newest of this change: the one devices are poked with.
  const version = await writeCalendar(tx, userId, { ...row.data, readOnly }, !sync);
  // Switched off: nothing of it stays in step, so the next pass after switching on starts afresh.
  await tx.query(
    `update provider_calendars set sync_enabled = $3, write_enabled = $4,
       sync_token = case when $3 then sync_token else null end,
       local_watermark = case when $3 then local_watermark else (select version from users where id = $5) end
     where account_id = $1 and calendar_id = $2`,
    [accountId, calendarId, sync, write, userId],
  );
  if (!sync) await tx.query('delete from provider_items where account_id = $1 and calendar_id = $2', [accountId, calendarId]);
  await audit(tx, { userId, deviceId, action: 'provider.calendar-scope', outcome: `${sync ? 'sync' : 'no-sync'},${readOnly ? 'read-only' : 'write'}` });
  return { version, needsPass: sync && !row.sync_enabled };
}
