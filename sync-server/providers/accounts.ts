import { createHash } from 'node:crypto';
import type { Calendar } from '../../src/domain/event';
import { AuthorityError } from '../../src/sync/msal-authority';
import type { AddProviderRequest, ProviderAccount, ProviderCalendarInfo, ProviderState, ProviderSyncReport, Settings } from '../../src/sync/protocol';
import { audit } from '../audit';
import type { Database, Queryable } from '../db/database';
import { HttpError } from '../errors';
import { AuthExpiredError, ProviderError, type ProviderCalendar, type ProviderConnector } from './connector';
import { lockUser, removeEvents } from './local-side';
import type { ConnectorRegistry } from './registry';
import { linkCalendar } from './status';
import { SealedSecretSchema, type SecretVault } from './vault';

/**
 * Provider accounts: adding one (checked against the provider before anything is stored),
 * listing them with their state, removing one with its calendars. Credentials are sealed by the
 * vault; what is stored in the clear (server URL, user name) is what the list shows.
 */

export interface ProviderDeps {
  db: Database;
  vault: SecretVault;
  connectors: ConnectorRegistry;
}

/** The setting that names the calendar new events go to when a command names none. */
export const DEFAULT_CALENDAR_SETTING = 'defaultCalendarId';

interface AccountRow {
  id: string;
  kind: string;
  label: string;
  state: ProviderState;
  state_detail: string | null;
  retry_at: Date | null;
  last_synced_at: Date | null;
  last_report: ProviderSyncReport | null;
  calendars: ProviderCalendarInfo[];
}

function summary(row: AccountRow): ProviderAccount {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    state: row.state,
    ...(row.state_detail !== null && { stateDetail: row.state_detail }),
    ...(row.retry_at !== null && { retryAt: new Date(row.retry_at).toISOString() }),
    ...(row.last_synced_at !== null && { lastSyncedAt: new Date(row.last_synced_at).toISOString() }),
    calendars: row.calendars,
    ...(row.last_report !== null && { lastReport: row.last_report }),
  };
}

const ACCOUNT_SELECT = `
  select a.id, a.kind, a.label, a.state, a.state_detail, a.retry_at, a.last_synced_at, a.last_report,
    coalesce((select jsonb_agg(jsonb_build_object('id', c.id, 'name', c.data->>'name', 'readOnly', c.read_only, 'sync', p.sync_enabled,
                'write', p.write_enabled and not (p.remote->>'readOnly')::boolean, 'providerReadOnly', (p.remote->>'readOnly')::boolean) order by c.data->>'name')
              from provider_calendars p join calendars c on c.user_id = p.user_id and c.id = p.calendar_id
              where p.account_id = a.id), '[]'::jsonb) as calendars
  from provider_accounts a`;

export async function listAccounts(db: Queryable, userId: string): Promise<ProviderAccount[]> {
  const rows = await db.query<AccountRow>(`${ACCOUNT_SELECT} where a.user_id = $1 order by a.created_at, a.id`, [userId]);
  return rows.map(summary);
}

export async function findAccount(db: Queryable, userId: string, accountId: string): Promise<ProviderAccount | undefined> {
  const [row] = await db.query<AccountRow>(`${ACCOUNT_SELECT} where a.user_id = $1 and a.id = $2`, [userId, accountId]);
  return row && summary(row);
}

/** A calendar id of its own per account and remote calendar, stable across re-discovery. */
export function providerCalendarId(accountId: string, remoteId: string): string {
  return `p${createHash('sha256').update(`${accountId}\n${remoteId}`).digest('hex').slice(0, 23)}`;
}

/** A server calendar for a provider calendar, as devices see it. */
export function calendarFor(accountId: string, remote: ProviderCalendar, fallbackTimeZone: string, readOnly = remote.readOnly): Calendar {
  return {
    id: providerCalendarId(accountId, remote.remoteId),
    name: remote.name,
    ...(remote.color !== undefined && { color: remote.color }),
    timeZone: remote.timeZone ?? fallbackTimeZone,
    readOnly,
  };
}

/** Writes a calendar row under a new version, as a device's putCalendar would, for devices to pull. */
export async function writeCalendar(tx: Queryable, userId: string, calendar: Calendar, deleted = false): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    `with change as (select nextval('change_version') as version), written as (
       insert into calendars (user_id, id, data, read_only, version, deleted)
       select $1, $2, $3::jsonb, $4, change.version, $5 from change
       on conflict (user_id, id) do update set data = excluded.data, read_only = excluded.read_only, version = excluded.version, deleted = excluded.deleted
       returning version
     ), logged as (
       insert into change_log (version, user_id, kind, entity_id) select version, $1, 'calendar', $2 from written
     )
     update users set version = written.version from written where users.id = $1
     returning written.version`,
    [userId, calendar.id, JSON.stringify(calendar), calendar.readOnly, deleted],
  );
  return row!.version;
}

/**
 * Calendars that leave the devices (their account removed, or deleted at the provider): each
 * event becomes a tombstone, then the calendar does, and none stays the default. Returns the
 * newest version written.
 */
export async function retireCalendars(tx: Queryable, userId: string, calendars: readonly Calendar[]): Promise<number> {
  let version = 0;
  for (const calendar of calendars) {
    await removeEvents(tx, userId, calendar.id);
    version = await writeCalendar(tx, userId, calendar, true);
  }
  await tx.query(
    `update settings set data = data - $2, updated_at = now() where user_id = $1 and data->>$2 in (select jsonb_array_elements_text($3::jsonb))`,
    [userId, DEFAULT_CALENDAR_SETTING, JSON.stringify(calendars.map((calendar) => calendar.id))],
  );
  return version;
}

/** What is stored in the clear (shown in the list), what is sealed, and what the list calls it. */
function accountParts(request: AddProviderRequest): { config: Record<string, string>; secret: string; label: string } {
  if (request.kind === 'caldav') {
    return { config: { url: request.url, username: request.username }, secret: request.password, label: `${request.username} on ${new URL(request.url).host}` };
  }
  if (request.kind === 'microsoft') {
    const { kind: _kind, tokenCache, ...client } = request;
    return { config: client, secret: tokenCache, label: 'Microsoft 365' };
  }
  const { kind: _kind, refreshToken, ...client } = request;
  return { config: client, secret: refreshToken, label: 'Google Calendar' };
}

/** Turns a provider's refusal into an answer for the person adding the account. */
function refusal(kind: AddProviderRequest['kind'], error: unknown): HttpError {
  if (error instanceof AuthExpiredError) {
    const what = kind === 'caldav' ? 'the server refused the user name or password' : `${kind === 'microsoft' ? 'Microsoft' : 'Google'} refused the sign-in`;
    return new HttpError(400, 'provider-auth', `${what} (${error.message})`);
  }
  if (error instanceof ProviderError) return new HttpError(502, 'provider-unreachable', `the calendar server could not be used: ${error.message}`);
  // Where the device pointed the sign-in, not the provider failing: the request is what is wrong.
  if (error instanceof AuthorityError) return new HttpError(400, 'invalid-request', error.message);
  return new HttpError(502, 'provider-unreachable', `the calendar server could not be used: ${error instanceof Error ? error.message : String(error)}`);
}

export interface AddedAccount {
  account: ProviderAccount;
  defaultCalendarId?: string;
  /** The newest version written (the calendars), for the devices' poke. */
  version: number;
}

/**
 * Checks the credentials by listing the account's calendars, then stores the account, its
 * calendars and their links in one transaction: wrong credentials or an unreachable server leave
 * nothing behind. The first writable calendar becomes the default when the user has none.
 */
export async function addAccount(deps: ProviderDeps, userId: string, deviceId: string, request: AddProviderRequest, defaultTimeZone = 'UTC'): Promise<AddedAccount> {
  const factory = deps.connectors[request.kind];
  if (!factory) throw new HttpError(400, 'invalid-request', `this server cannot connect ${request.kind} accounts`);
  const { config, secret: given, label } = accountParts(request);
  // A refresh during the check may rotate the secret: the renewed one is what gets stored.
  let secret = given;
  let remotes: ProviderCalendar[];
  try {
    const connector = await factory({ kind: request.kind, config, secret, saveSecret: async (renewed) => {
        secret = renewed;
      },
    });
    remotes = await connector.listCalendars();
  } catch (error) {
    throw refusal(request.kind, error);
  }
  if (remotes.length === 0) throw new HttpError(400, 'provider-empty', 'the account has no calendars to sync');

  const accountId = crypto.randomUUID();
  return deps.db.transaction(async (tx): Promise<AddedAccount> => {
    await lockUser(tx, userId);
    await tx.query(`insert into provider_accounts (id, user_id, kind, label, config, sealed_secret) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`, [
      accountId,
      userId,
      request.kind,
      label,
      JSON.stringify(config),
      JSON.stringify(deps.vault.seal(secret)),
    ]);
    let version = 0;
    for (const remote of remotes) {
      const calendar = calendarFor(accountId, remote, defaultTimeZone);
      version = await writeCalendar(tx, userId, calendar);
      await linkCalendar(tx, { accountId, userId, calendarId: calendar.id, remote });
    }
    const defaultCalendarId = await adoptDefault(tx, userId, accountId, remotes);
    await audit(tx, { userId, deviceId, action: 'provider.add', outcome: 'added' });
    const account = await findAccount(tx, userId, accountId);
    return { account: account!, version, ...(defaultCalendarId !== undefined && { defaultCalendarId }) };
  });
}

async function adoptDefault(tx: Queryable, userId: string, accountId: string, remotes: readonly ProviderCalendar[]): Promise<string | undefined> {
  const [row] = await tx.query<{ data: Settings }>('select data from settings where user_id = $1', [userId]);
  if (typeof row?.data[DEFAULT_CALENDAR_SETTING] === 'string') return undefined;
  const writable = remotes.find((remote) => !remote.readOnly);
  if (!writable) return undefined;
  const calendarId = providerCalendarId(accountId, writable.remoteId);
  await tx.query(
    `insert into settings (user_id, data, updated_at) values ($1, $2::jsonb, now())
     on conflict (user_id) do update set data = settings.data || excluded.data, updated_at = excluded.updated_at`,
    [userId, JSON.stringify({ [DEFAULT_CALENDAR_SETTING]: calendarId })],
  );
  return calendarId;
}

/**
 * Removes the account: its calendars' events and the calendars themselves become tombstones
 * (devices remove them on their next pull); the provider keeps everything it holds.
 */
export async function removeAccount(db: Database, userId: string, deviceId: string, accountId: string): Promise<number | undefined> {
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const calendars = await tx.query<{ data: Calendar }>(
      `select c.data from provider_calendars p join calendars c on c.user_id = p.user_id and c.id = p.calendar_id
       where p.account_id = $1 and p.user_id = $2`,
      [accountId, userId],
    );
    const [account] = await tx.query<{ id: string }>('delete from provider_accounts where id = $1 and user_id = $2 returning id', [accountId, userId]);
    if (!account) return undefined;
    const version = await retireCalendars(tx, userId, calendars.map((c) => c.data));
    await audit(tx, { userId, deviceId, action: 'provider.remove', outcome: 'removed' });
    return version;
  });
}

/** Keeps a secret a connector renewed (a rotated refresh token), sealed like the first. */
export async function saveAccountSecret(deps: ProviderDeps, accountId: string, secret: string): Promise<void> {
  await deps.db.query('update provider_accounts set sealed_secret = $2::jsonb where id = $1', [accountId, JSON.stringify(deps.vault.seal(secret))]);
}

/** The account's secret, unsealed for a connector. */
function unseal(vault: SecretVault, sealed: unknown): string {
  return vault.open(SealedSecretSchema.parse(sealed));
}

/** What a stored account needs to be connected. */
export interface StoredAccount {
  kind: string;
  config: Record<string, unknown>;
  sealed_secret: unknown;
}

/** A connector for a stored account, its secret unsealed; a secret the connector renews is kept, sealed. */
export function connectAccount(deps: ProviderDeps, accountId: string, account: StoredAccount): Promise<ProviderConnector> {
  return deps.connectors[account.kind]!({
    kind: account.kind,
    config: account.config,
    secret: unseal(deps.vault, account.sealed_secret),
    saveSecret: (renewed) => saveAccountSecret(deps, accountId, renewed),
  });
}
