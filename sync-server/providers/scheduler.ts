import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { AccountSyncResult } from './account-sync';

/**
 * When provider accounts sync, as jobs on pg-boss in the server's own database (PGlite or
 * PostgreSQL alike, through the same data layer), so what is due survives a restart and several
 * server processes share the work. Two queues, both "stately" per account (at most one waiting
 * and one running job each): `soon` for changes that should reach the provider now (a device
 * pushed, an account was added, a provider notified a change), `later` for the periodic pull and
 * for retries after backoff or a provider's retry-after. The account's lease (account-sync.ts)
 * keeps runs one at a time. How far apart periodic pulls are adapts to activity (`pollDelayMs`).
 */

export const SOON_QUEUE = 'provider-sync-soon';
export const LATER_QUEUE = 'provider-sync-later';

export interface SchedulerOptions {
  /** Where pg-boss keeps its tables; one schema per server database. */
  schema?: string;
  /** How far apart periodic pulls of an account that is fine are (DEFAULT_POLLING where absent). */
  polling?: Partial<PollingPolicy>;
  /** How often workers look for due jobs. */
  pollingIntervalSeconds?: number;
  logger?: Logger;
  now?: () => Date;
}

interface SyncJob {
  accountId: string;
}

export interface PollingPolicy {
  /** The soonest periodic pull after activity (a pass that moved changes either way, a device push). */
  activeMs: number;
  /** The longest gap between pulls of a quiet account without change notifications. */
  quietMaxMs: number;
  /** With live change notifications: the safety-net pull, for a notification that was lost. */
  notifiedMs: number;
}

/**
 * A minute after activity, growing with the quiet time (the gap equals the time since the last
 * activity: 1, 1, 2, 4, 8 minutes ...) to a quarter of an hour; hourly while notifications are live.
 */
export const DEFAULT_POLLING: PollingPolicy = { activeMs: 60_000, quietMaxMs: 15 * 60_000, notifiedMs: 60 * 60_000 };

/** What an account's next periodic pull depends on, read after its pass. */
export interface PollingState {
  /** The last pass that moved changes either way, or the last device push; absent when never. */
  lastActivityAt?: Date;
  /** Every synced calendar has a change notification channel that has not expired. */
  notificationsLive: boolean;
  /** When the first channel is due for renewal: a pass (which renews) has to come by then. */
  renewalDueAt?: Date;
}

/** A pass's outcome as the scheduler books from it. */
export type ScheduledRun = AccountSyncResult & { polling?: PollingState };

const BUSY_RETRY_MS = 30_000;

/** pg-boss's `db` option over the server's data layer: parameterised queries, or whole scripts. */
function bossDatabase(db: Database) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const rows = values && values.length > 0 ? await db.query(text, values) : await db.script(text);
      return { rows };
    },
  };
}

export class ProviderScheduler {
  private readonly boss: PgBoss;
  private readonly polling: PollingPolicy;
  private readonly now: () => Date;

  constructor(
    db: Database,
    private readonly runAccount: (accountId: string) => Promise<ScheduledRun>,
    private readonly options: SchedulerOptions = {},
  ) {
    this.polling = { ...DEFAULT_POLLING, ...options.polling };
    this.now = options.now ?? (() => new Date());
    this.boss = new PgBoss({ db: bossDatabase(db), schema: options.schema ?? 'pgboss', schedule: false });
    this.boss.on('error', (error) => options.logger?.error({ err: error }, 'provider job queue failed'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const name of [SOON_QUEUE, LATER_QUEUE]) {
      await this.boss.createQueue(name, { name, policy: 'stately', retryLimit: 0 });
      await this.boss.work<SyncJob>(name, { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
        if (job) await this.runJob(job.data.accountId);
      });
    }
  }

  /** Sync the account as soon as a worker is free (coalesced with one already waiting). */
  async requestSoon(accountId: string): Promise<void> {
    await this.boss.send(SOON_QUEUE, { accountId } satisfies SyncJob, { singletonKey: accountId });
  }

  /** Sync the account at `when` unless a later-queue job is already waiting for it. */
  async scheduleAt(accountId: string, when: Date): Promise<void> {
    await this.boss.send(LATER_QUEUE, { accountId } satisfies SyncJob, { singletonKey: accountId, startAfter: when });
  }

  /** Runs one account and books its next run from the outcome; failures are the outcome's business. */
  private async runJob(accountId: string): Promise<void> {
    let result: ScheduledRun;
    try {
      result = await this.runAccount(accountId);
    } catch (error) {
      this.options.logger?.error({ err: error, accountId }, 'provider sync job failed');
      await this.scheduleAt(accountId, new Date(this.now().getTime() + BUSY_RETRY_MS));
      return;
    }
    const next = nextRun(result, this.now(), this.polling);
    if (next) await this.scheduleAt(accountId, next);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/**
 * How long until the next periodic pull. Without live notifications the gap is the time since the
 * last activity, at least `activeMs` and at most `quietMaxMs` (so it doubles while nothing
 * happens); never active counts as quiet. With live notifications, the safety net, brought
 * forward to the first renewal due (but not below `quietMaxMs`, so a renewal that keeps failing
 * is not retried every minute).
 */
export function pollDelayMs(policy: PollingPolicy, state: PollingState, now: Date): number {
  if (state.notificationsLive) {
    const untilRenewal = state.renewalDueAt ? state.renewalDueAt.getTime() - now.getTime() : Number.POSITIVE_INFINITY;
    return Math.min(policy.notifiedMs, Math.max(untilRenewal, Math.min(policy.quietMaxMs, policy.notifiedMs)));
  }
  const quietMs = state.lastActivityAt ? Math.max(0, now.getTime() - state.lastActivityAt.getTime()) : Number.POSITIVE_INFINITY;
  return Math.min(Math.max(quietMs, policy.activeMs), policy.quietMaxMs);
}

/** After a run: the time the outcome asks for, else the adaptive poll; never while sign-in is needed. */
export function nextRun(result: ScheduledRun, now: Date, policy: PollingPolicy): Date | undefined {
  if (result.gone || result.report.state === 'sign-in-again') return undefined;
  if (result.nextRunAt) return result.nextRunAt;
  if (!result.ran) return new Date(now.getTime() + BUSY_RETRY_MS);
  return new Date(now.getTime() + pollDelayMs(policy, result.polling ?? { notificationsLive: false }, now));
}
