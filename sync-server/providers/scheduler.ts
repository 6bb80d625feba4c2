import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import type { AccountSyncResult } from './account-sync';

/**
 * When provider accounts sync, as jobs on pg-boss in the server's own database (PGlite or
 * PostgreSQL alike, through the same data layer), so what is due survives a restart and several
 * server processes share the work. Two queues, both "stately" per account (at most one waiting
 * and one running job each): `soon` for changes that should reach the provider now (a device
 * pushed, an account was added), `later` for the periodic pull and for retries after backoff or
 * a provider's retry-after. The account's lease (account-sync.ts) keeps runs one at a time.
 */

export const SOON_QUEUE = 'provider-sync-soon';
export const LATER_QUEUE = 'provider-sync-later';

export interface SchedulerOptions {
  /** Where pg-boss keeps its tables; one schema per server database. */
  schema?: string;
  /** How often an account that is fine is pulled. */
  periodMs?: number;
  /** How often workers look for due jobs. */
  pollingIntervalSeconds?: number;
  logger?: Logger;
  now?: () => Date;
}

interface SyncJob {
  accountId: string;
}

const DEFAULT_PERIOD_MS = 5 * 60_000;
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
  private readonly periodMs: number;
  private readonly now: () => Date;

  constructor(
    db: Database,
    private readonly runAccount: (accountId: string) => Promise<AccountSyncResult>,
    private readonly options: SchedulerOptions = {},
  ) {
    this.periodMs = options.periodMs ?? DEFAULT_PERIOD_MS;
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
    let result: AccountSyncResult;
    try {
      result = await this.runAccount(accountId);
    } catch (error) {
      this.options.logger?.error({ err: error, accountId }, 'provider sync job failed');
      await this.scheduleAt(accountId, new Date(this.now().getTime() + BUSY_RETRY_MS));
      return;
    }
    const next = nextRun(result, this.now(), this.periodMs);
    if (next) await this.scheduleAt(accountId, next);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/** After a run: the time the outcome asks for, else the period; never while sign-in is needed. */
export function nextRun(result: AccountSyncResult, now: Date, periodMs: number): Date | undefined {
  if (result.gone || result.report.state === 'sign-in-again') return undefined;
  if (result.nextRunAt) return result.nextRunAt;
  if (!result.ran) return new Date(now.getTime() + BUSY_RETRY_MS);
  return new Date(now.getTime() + periodMs);
}
