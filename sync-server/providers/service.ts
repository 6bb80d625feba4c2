import type { Logger } from 'pino';
import type { AddProviderRequest, CalendarScopeRequest, ProviderAccount, ProviderSyncReport } from '../../src/sync/protocol';
import type { Caller } from '../auth/authenticate';
import { HttpError } from '../errors';
import type { PokeHub } from '../stream';
import { addAccount, connectAccount, findAccount, listAccounts, removeAccount, type AddedAccount, type ProviderDeps, type StoredAccount } from './accounts';
import { syncAccount, type AccountProgress, type AccountSyncResult } from './account-sync';
import { channelsOf, checkNotification, DEFAULT_RENEW_BEFORE_MS, keepChannels, notificationCoverage, stopRemovedChannels, type NotificationCheck, type NotifyingProvider, type StoredChannel } from './channels';
import { DEFAULT_POLLING, nextRun, ProviderScheduler, type PollingPolicy, type PollingState, type SchedulerOptions, type ScheduledRun } from './scheduler';
import { setCalendarScope } from './scopes';

/**
 * The provider side of the sync server as the routes see it: accounts, "sync now", and the jobs
 * that keep accounts in step on their own. Devices hear of provider changes by the same pokes
 * as of each other's.
 */
const BUSY_WAIT_MS = 60_000;

export interface ProviderServiceOptions {
  jobs?: SchedulerOptions | false;
  logger?: Logger;
  /** The server's public base URL: with it, accounts whose provider notifies get channels. */
  publicUrl?: URL;
  /** How long before its expiry a channel is renewed. */
  renewBeforeMs?: number;
}

export class ProviderService {
  private readonly scheduler: ProviderScheduler | undefined;
  private readonly polling: PollingPolicy;
  private readonly renewBeforeMs: number;

  constructor(
    private readonly deps: ProviderDeps,
    private readonly hub: PokeHub,
    private readonly options: ProviderServiceOptions = {},
  ) {
    this.polling = { ...DEFAULT_POLLING, ...(options.jobs ? options.jobs.polling : {}) };
    this.renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
    this.scheduler = options.jobs ? new ProviderScheduler(deps.db, (accountId) => this.runAccount(accountId), { logger: options.logger, ...options.jobs }) : undefined;
  }

  async start(): Promise<void> {
    await this.scheduler?.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
  }

  private async runAccount(accountId: string, onProgress?: (progress: AccountProgress) => void): Promise<ScheduledRun> {
    const { publicUrl, logger } = this.options;
    const result = await syncAccount(this.deps, accountId, {
      ...(onProgress && { onProgress }),
      ...(publicUrl && { beforeCalendars: (connector) => keepChannels(this.deps.db, connector, accountId, { publicUrl, renewBeforeMs: this.renewBeforeMs, ...(logger && { logger }) }) }),
    });
    if (result.localVersion > 0) {
      const [row] = await this.deps.db.query<{ user_id: string }>('select user_id from provider_accounts where id = $1', [accountId]);
      if (row) this.hub.poke(row.user_id, result.localVersion);
    }
    const polling = result.gone ? undefined : await this.pollingState(accountId, result);
    return { ...result, ...(polling && { polling }) };
  }

  /** Records a pass that moved changes as activity, and reads what the next poll depends on. */
  private async pollingState(accountId: string, result: AccountSyncResult): Promise<PollingState> {
    const now = new Date();
    const moved = result.ran && result.report.pulled + result.report.pushed > 0;
    const [row] = await this.deps.db.query<{ last_activity_at: Date | null }>(
      'update provider_accounts set last_activity_at = case when $2 then $3::timestamptz else last_activity_at end where id = $1 returning last_activity_at',
      [accountId, moved, now],
    );
    const coverage = this.options.publicUrl ? await notificationCoverage(this.deps.db, accountId, now, this.renewBeforeMs) : { live: false };
    return {
      notificationsLive: coverage.live,
      ...(row?.last_activity_at && { lastActivityAt: new Date(row.last_activity_at) }),
      ...(coverage.renewalDueAt && { renewalDueAt: coverage.renewalDueAt }),
    };
  }

  /** Whether a provider's notification is genuine (see channels.ts); nothing is scheduled here. */
  checkNotification(provider: NotifyingProvider, channelId: string, secret: string, resourceId?: string): Promise<NotificationCheck> {
    return checkNotification(this.deps.db, provider, channelId, secret, resourceId);
  }

  /** A genuine notification: the account counts as active and gets a pass soon (not while it needs sign-in). */
  async notified(accountId: string): Promise<void> {
    const rows = await this.deps.db.query(`update provider_accounts set last_activity_at = now() where id = $1 and state <> 'sign-in-again' returning id`, [accountId]);
    if (rows.length > 0) await this.scheduler?.requestSoon(accountId);
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
    const [account] = await this.deps.db.query<StoredAccount>(
      'select kind, config, sealed_secret from provider_accounts where id = $1 and user_id = $2',
      [accountId, caller.userId],
    );
    const channels = account ? await channelsOf(this.deps.db, accountId) : [];
    const version = await removeAccount(this.deps.db, caller.userId, caller.deviceId, accountId);
    if (version === undefined) return false;
    if (version > 0) this.hub.poke(caller.userId, version);
    if (account && channels.length > 0) await this.stopChannels(accountId, account, channels);
    return true;
  }

  /** The removed account's channels, stopped at the provider so it stops sending; a failure only lets them lapse. */
  private async stopChannels(accountId: string, account: StoredAccount, channels: readonly StoredChannel[]): Promise<void> {
    try {
      const connector = await connectAccount(this.deps, accountId, account);
      await stopRemovedChannels(connector, channels, this.options.logger);
    } catch (error) {
      this.options.logger?.warn({ err: error, accountId: channels[0]?.accountId }, 'could not reach the provider to stop a removed account’s channels; they lapse at their expiry');
    }
  }

  /** The user's choices for one calendar (sync, write); a calendar switched on gets a pass soon. */
  async setCalendarScope(caller: Caller, accountId: string, calendarId: string, change: CalendarScopeRequest): Promise<ProviderAccount> {
    const changed = await setCalendarScope(this.deps.db, caller.userId, caller.deviceId, accountId, calendarId, change);
    if (changed.version > 0) this.hub.poke(caller.userId, changed.version);
    if (changed.needsPass) await this.scheduler?.requestSoon(accountId);
    const account = await findAccount(this.deps.db, caller.userId, accountId);
    if (!account) throw new HttpError(404, 'not-found', `this account has no provider account "${accountId}"`);
    return account;
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
      const next = nextRun(result, new Date(), this.polling);
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
    const rows = await this.deps.db.query<{ id: string }>(`update provider_accounts set last_activity_at = now() where user_id = $1 and state <> 'sign-in-again' returning id`, [userId]);
    for (const row of rows) await this.scheduler.requestSoon(row.id);
  }
}
