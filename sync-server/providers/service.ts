import type { Logger } from 'pino';
import type { AddProviderRequest, ProviderAccount, ProviderSyncReport } from '../../src/sync/protocol';
import type { Caller } from '../auth/authenticate';
import type { PokeHub } from '../stream';
import { addAccount, listAccounts, removeAccount, type AddedAccount, type ProviderDeps } from './accounts';
import { syncAccount, type AccountProgress } from './account-sync';
import { nextRun, ProviderScheduler, type SchedulerOptions } from './scheduler';

/**
 * The provider side of the sync server as the routes see it: accounts, "sync now", and the jobs
 * that keep accounts in step on their own. Devices hear of provider changes by the same pokes
 * as of each other's.
 */
const BUSY_WAIT_MS = 60_000;

export class ProviderService {
  private readonly scheduler: ProviderScheduler | undefined;
  private readonly periodMs: number;

  constructor(
    private readonly deps: ProviderDeps,
    private readonly hub: PokeHub,
    options: { jobs?: SchedulerOptions | false; logger?: Logger } = {},
  ) {
    this.periodMs = options.jobs ? (options.jobs.periodMs ?? 5 * 60_000) : 5 * 60_000;
    this.scheduler = options.jobs ? new ProviderScheduler(deps.db, (accountId) => this.runAccount(accountId), { logger: options.logger, ...options.jobs }) : undefined;
  }

  async start(): Promise<void> {
    await this.scheduler?.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
  }

  private async runAccount(accountId: string, onProgress?: (progress: AccountProgress) => void) {
    const result = await syncAccount(this.deps, accountId, onProgress ? { onProgress } : {});
    if (result.localVersion > 0) {
      const [row] = await this.deps.db.query<{ user_id: string }>('select user_id from provider_accounts where id = $1', [accountId]);
      if (row) this.hub.poke(row.user_id, result.localVersion);
    }
    return result;
  }

  async add(caller: Caller, request: AddProviderRequest, timeZone?: string): Promise<AddedAccount> {
    const added = await addAccount(this.deps, caller.userId, caller.deviceId, request, timeZone);
    this.hub.poke(caller.userId, added.version);
    await this.scheduler?.requestSoon(added.account.id);
    return added;
  }

  list(userId: string): Promise<ProviderAccount[]> {
    return listAccounts(this.deps.db, userId);
  }

  async remove(caller: Caller, accountId: string): Promise<boolean> {
    const version = await removeAccount(this.deps.db, caller.userId, caller.deviceId, accountId);
    if (version === undefined) return false;
    if (version > 0) this.hub.poke(caller.userId, version);
    return true;
  }

  /**
   * A person asked for this sync: when a job holds the account, wait for it to finish and run
   * after it (its changes are then in), rather than answer "busy".
   */
  private async runWhenFree(accountId: string, onProgress?: (progress: AccountProgress) => void) {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      const result = await this.runAccount(accountId, onProgress);
      if (result.ran || result.gone || result.report.state !== 'syncing' || Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Syncs each of the user's accounts now, one after another, reporting progress as it goes. */
  async syncNow(userId: string, onProgress?: (progress: AccountProgress) => void): Promise<ProviderSyncReport[]> {
    const reports: ProviderSyncReport[] = [];
    for (const account of await this.list(userId)) {
      const result = await this.runWhenFree(account.id, onProgress);
      reports.push(result.report);
      const next = nextRun(result, new Date(), this.periodMs);
      if (next && this.scheduler) await this.scheduler.scheduleAt(account.id, next);
    }
    return reports;
  }

  /**
   * A device committed changes: each of the user's accounts gets a pass soon (a pass with nothing
   * to push costs one pull per calendar; finding which calendars a delete touched would cost more).
   */
  async devicePushed(userId: string): Promise<void> {
    if (!this.scheduler) return;
    const rows = await this.deps.db.query<{ id: string }>(`select id from provider_accounts where user_id = $1 and state <> 'sign-in-again'`, [userId]);
    for (const row of rows) await this.scheduler.requestSoon(row.id);
  }
}
