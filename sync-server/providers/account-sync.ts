import type { FieldConflict, ProviderState, ProviderSyncReport, RefusedItem } from '../../src/sync/protocol';
import type { Queryable } from '../db/database';
import { connectAccount, type ProviderDeps, type StoredAccount } from './accounts';
import { backoffMs } from './backoff';
import { AuthExpiredError, ProviderError, RateLimitedError, type ProviderConnector } from './connector';
import { reconcileCalendar } from './reconcile';
import { followRemoteCalendars } from './discovery';
import { linkedCalendars } from './status';
import { VaultError } from './vault';

/**
 * One sync of one provider account: every linked calendar reconciled in turn, under a lease so
 * that a job, a "sync now" and another server process never work on the same account at once.
 * The outcome decides the account's state and when it is next due.
 */

export interface AccountProgress {
  accountId: string;
  calendarId: string;
  calendarName: string;
  done: number;
  total?: number;
}

export interface AccountSyncOptions {
  onProgress?: (progress: AccountProgress) => void;
  now?: () => Date;
  random?: () => number;
  /** How long a lease lasts without renewal: a crashed worker's lease lapses after it. */
  leaseMs?: number;
  /**
   * Runs under the lease with the account's connector before the calendars are reconciled (the
   * change notification channels are kept there, so a change during the pass is still told).
   */
  beforeCalendars?: (connector: ProviderConnector) => Promise<void>;
}

export interface AccountSyncResult {
  report: ProviderSyncReport;
  /** When the account should be synced again (absent: not until the user acts). */
  nextRunAt?: Date;
  /** The newest local version written, 0 when none (devices need a poke when not 0). */
  localVersion: number;
  /** False when another worker held the account, or it must wait: nothing was done. */
  ran: boolean;
  /** The account no longer exists (removed while a job for it waited). */
  gone?: boolean;
}

/** Renewed after each calendar, so only a worker that died holds an account this long. */
const DEFAULT_LEASE_MS = 2 * 60_000;

interface AccountRow extends StoredAccount {
  user_id: string;
  failures: number;
  state: ProviderState;
  retry_at: Date | null;
}

/** The account, leased to `owner`; undefined when another worker holds it or the provider asked us to wait. */
async function takeLease(db: Queryable, accountId: string, owner: string, now: Date, leaseMs: number): Promise<AccountRow | undefined> {
  const [row] = await db.query<AccountRow>(
    `update provider_accounts set lease_owner = $2, lease_until = $3, state = 'syncing'
     where id = $1 and (lease_until is null or lease_until < $4) and not (state = 'rate-limited' and retry_at > $4)
     returning user_id, kind, config, sealed_secret, failures, state, retry_at`,
    [accountId, owner, new Date(now.getTime() + leaseMs), now],
  );
  return row;
}

/** Why no lease: still rate limited (and until when), or busy elsewhere. */
async function notRun(db: Queryable, accountId: string): Promise<AccountSyncResult> {
  const [row] = await db.query<{ state: ProviderState; retry_at: Date | null }>('select state, retry_at from provider_accounts where id = $1', [accountId]);
  if (!row) return { report: emptyReport(accountId, 'ok'), localVersion: 0, ran: false, gone: true };
  const state = row.state === 'rate-limited' ? 'rate-limited' : 'syncing';
  const retryAt = row.retry_at === null ? undefined : new Date(row.retry_at);
  return { report: emptyReport(accountId, state), localVersion: 0, ran: false, ...(state === 'rate-limited' && retryAt && { nextRunAt: retryAt }) };
}

function emptyReport(accountId: string, state: ProviderState): ProviderSyncReport {
  return { accountId, state, pulled: 0, pushed: 0, conflicts: [], fullResync: false, unreadable: 0 };
}

export async function syncAccount(deps: ProviderDeps, accountId: string, options: AccountSyncOptions = {}): Promise<AccountSyncResult> {
  const now = options.now ?? (() => new Date());
  const owner = crypto.randomUUID();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const account = await takeLease(deps.db, accountId, owner, now(), leaseMs);
  if (!account) return notRun(deps.db, accountId);

  const conflicts: FieldConflict[] = [];
  const refused: RefusedItem[] = [];
  const totals = { pulled: 0, pushed: 0, fullResync: false, unreadable: 0, localVersion: 0 };
  let failure: unknown;
  try {
    const connector = await connectAccount(deps, accountId, account);
    const calendars = await followRemoteCalendars(deps.db, accountId, account.user_id, await connector.listCalendars());
    totals.localVersion = calendars.version;
    await options.beforeCalendars?.(connector);
    for (const calendar of await linkedCalendars(deps.db, accountId)) {
      // Switched off by the user: no call to the provider for it at all.
      if (!calendar.syncEnabled) continue;
      const report = await reconcileCalendar(deps.db, connector, calendar, {
        onProgress: (progress) => options.onProgress?.({ accountId, calendarId: calendar.calendarId, calendarName: calendar.remote.name, ...progress }),
      });
      totals.pulled += report.pulled;
      totals.pushed += report.pushed;
      totals.fullResync ||= report.fullResync;
      totals.unreadable += report.unreadable;
      totals.localVersion = Math.max(totals.localVersion, report.localVersion);
      conflicts.push(...report.conflicts);
      refused.push(...report.refused);
      await deps.db.query('update provider_accounts set lease_until = $3 where id = $1 and lease_owner = $2', [accountId, owner, new Date(now().getTime() + leaseMs)]);
    }
  } catch (error) {
    failure = error;
  }

  const finished = now();
  const outcome = settle(failure, account.failures, finished, options.random);
  const report: ProviderSyncReport = {
    accountId,
    state: outcome.state,
    pulled: totals.pulled,
    pushed: totals.pushed,
    conflicts,
    fullResync: totals.fullResync,
    unreadable: totals.unreadable,
    ...(refused.length > 0 && { refused }),
    ...(outcome.error && { error: outcome.error }),
  };
  await deps.db.query(
    `update provider_accounts set state = $3, state_detail = $4, failures = $5, retry_at = $6, last_report = $7::jsonb,
       last_synced_at = case when $8 then $9::timestamptz else last_synced_at end, lease_owner = null, lease_until = null
     where id = $1 and lease_owner = $2`,
    [accountId, owner, outcome.state, outcome.error?.message ?? null, outcome.failures, outcome.retryAt ?? null, JSON.stringify(report), failure === undefined, finished],
  );
  return { report, localVersion: totals.localVersion, ran: true, ...(outcome.nextRunAt && { nextRunAt: outcome.nextRunAt }) };
}

interface Settled {
  state: ProviderState;
  failures: number;
  retryAt?: Date;
  nextRunAt?: Date;
  error?: { code: string; message: string };
}

/** What a run's failure (or success) means for the account: its state and when it is next due. */
function settle(failure: unknown, failuresBefore: number, now: Date, random?: () => number): Settled {
  if (failure === undefined) return { state: 'ok', failures: 0 };
  if (failure instanceof AuthExpiredError || failure instanceof VaultError) {
    const kind = failure instanceof AuthExpiredError ? failure.kind : 'secret-unusable';
    return { state: 'sign-in-again', failures: failuresBefore + 1, error: { code: kind, message: failure.message } };
  }
  const failures = failuresBefore + 1;
  if (failure instanceof RateLimitedError) {
    const waitMs = failure.retryAfterMs ?? backoffMs(failures, random);
    const retryAt = new Date(now.getTime() + waitMs);
    return { state: 'rate-limited', failures, retryAt, nextRunAt: retryAt, error: { code: failure.kind, message: failure.message } };
  }
  const retryAt = new Date(now.getTime() + backoffMs(failures, random));
  const code = failure instanceof ProviderError ? failure.kind : 'internal';
  const message = failure instanceof Error ? failure.message : String(failure);
  return { state: 'failing', failures, retryAt, nextRunAt: retryAt, error: { code, message } };
}
