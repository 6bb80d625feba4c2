import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { API_PREFIX } from '../../src/sync/protocol';
import type { Queryable } from '../db/database';
import { NotFoundError, type ProviderCalendar, type ProviderConnector, type WatchChannel } from './connector';
import { linkedCalendars } from './status';

/**
 * Change notification channels (Google watch channels, Graph subscriptions): one per linked
 * calendar while the server has a public URL, opened and renewed during the account's sync pass
 * (under its lease, so two workers never open two), stopped when the calendar or the account goes.
 * A notification only asks for a prompt pass: what changed is always read by the pass itself.
 */

/** Where each provider POSTs its notifications, below the server's public URL. */
export const NOTIFICATION_PATHS = {
  google: `${API_PREFIX}/provider-notifications/google`,
  microsoft: `${API_PREFIX}/provider-notifications/microsoft`,
} as const;

export type NotifyingProvider = keyof typeof NOTIFICATION_PATHS;

function isNotifyingProvider(kind: string): kind is NotifyingProvider {
  return Object.hasOwn(NOTIFICATION_PATHS, kind);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The server's public base URL (TEMPOPILOT_PUBLIC_URL): providers deliver to HTTPS only, so plain
 * http is taken only on a loopback host (tests, with the doubles).
 */
export function parsePublicUrl(value: string): URL {
  if (!URL.canParse(value)) throw new Error(`the public URL "${value}" is not a URL`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new Error(`the public URL must use https (providers deliver notifications to HTTPS only), not "${value}"`);
  }
  if (url.search || url.hash) throw new Error(`the public URL must have no query or fragment, not "${value}"`);
  return url;
}

/** The receiver's address for one provider under the public URL (which may carry a path prefix). */
export function notificationAddress(publicUrl: URL, provider: NotifyingProvider): string {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  return new URL(NOTIFICATION_PATHS[provider].slice(1), base).href;
}

function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Constant-time check of a presented secret against the stored hash (both hashed to 32 bytes first). */
export function secretMatches(presented: string, storedHashHex: string): boolean {
  const stored = Buffer.from(storedHashHex, 'hex');
  const given = secretHash(presented);
  return stored.length === given.length && timingSafeEqual(stored, given);
}

export interface StoredChannel extends WatchChannel {
  provider: NotifyingProvider;
  accountId: string;
  calendarId: string;
}

interface ChannelRow {
  provider: NotifyingProvider;
  channel_id: string;
  account_id: string;
  calendar_id: string;
  resource_id: string | null;
  expires_at: Date;
}

function storedChannel(row: ChannelRow): StoredChannel {
  return {
    provider: row.provider,
    channelId: row.channel_id,
    accountId: row.account_id,
    calendarId: row.calendar_id,
    ...(row.resource_id !== null && { resourceId: row.resource_id }),
    expiresAt: new Date(row.expires_at),
  };
}

export async function channelsOf(db: Queryable, accountId: string): Promise<StoredChannel[]> {
  const rows = await db.query<ChannelRow>(
    'select provider, channel_id, account_id, calendar_id, resource_id, expires_at from provider_subscriptions where account_id = $1 order by calendar_id, expires_at',
    [accountId],
  );
  return rows.map(storedChannel);
}

export type NotificationCheck = { kind: 'authentic'; accountId: string } | { kind: 'unknown' } | { kind: 'refused' };

/**
 * Whether a notification comes from a channel this server opened: the channel is known, the
 * secret matches, and (Google) the resource id is the one the channel watches.
 */
export async function checkNotification(db: Queryable, provider: NotifyingProvider, channelId: string, secret: string, resourceId?: string): Promise<NotificationCheck> {
  const [row] = await db.query<{ account_id: string; secret_hash: string; resource_id: string | null }>(
    'select account_id, secret_hash, resource_id from provider_subscriptions where provider = $1 and channel_id = $2',
    [provider, channelId],
  );
  if (!row) return { kind: 'unknown' };
  const secretOk = secretMatches(secret, row.secret_hash);
  const resourceOk = resourceId === undefined || row.resource_id === null || row.resource_id === resourceId;
  return secretOk && resourceOk ? { kind: 'authentic', accountId: row.account_id } : { kind: 'refused' };
}

export interface ChannelUpkeepOptions {
  publicUrl: URL;
  /** A channel this close to its expiry is renewed (or replaced). */
  renewBeforeMs: number;
  now?: () => Date;
  logger?: Logger;
}

/** A day: with the safety-net poll at most an hour apart, a pass always comes well before expiry. */
export const DEFAULT_RENEW_BEFORE_MS = 24 * 3600_000;

/**
 * Keeps one live channel per synced calendar of the account: opens a missing one, renews one near
 * its expiry, stops those of calendars no longer synced. A provider's refusal never fails the pass:
 * a channel that cannot be opened leaves the calendar polled, and the failure is logged (never the
 * secret); only the database failing does.
 */
export async function keepChannels(db: Queryable, connector: ProviderConnector, accountId: string, options: ChannelUpkeepOptions): Promise<void> {
  const provider = connector.kind;
  if (!connector.watch || !isNotifyingProvider(provider)) return;
  const now = options.now ?? (() => new Date());
  // The server's err serializer keeps an error's type, message and stack only: never the failed request, whose body holds the secret.
  const log = (err: unknown, calendarId: string, what: string) => options.logger?.warn({ err, accountId, calendarId }, `could not ${what} the change notification channel; the calendar is polled`);
  const calendars = (await linkedCalendars(db, accountId)).filter((calendar) => calendar.syncEnabled);
  const channels = await channelsOf(db, accountId);
  for (const channel of channels.filter((candidate) => !calendars.some((calendar) => calendar.calendarId === candidate.calendarId))) {
    await stopChannel(db, connector, channel).catch((error: unknown) => log(error, channel.calendarId, 'stop'));
  }
  for (const calendar of calendars) {
    const [current, ...extra] = channels.filter((channel) => channel.calendarId === calendar.calendarId).sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
    for (const channel of extra) await stopChannel(db, connector, channel).catch((error: unknown) => log(error, calendar.calendarId, 'stop'));
    if (current && current.expiresAt.getTime() - now().getTime() > options.renewBeforeMs) continue;
    try {
      // Past its expiry the provider has dropped it (Graph deletes an expired subscription): after
      // the server was down that long, a new one replaces it without asking.
      if (current && connector.renewWatch && current.expiresAt > now()) {
        const renewed = await renewUnlessDropped(connector.renewWatch.bind(connector), current);
        if (renewed) {
          await db.query('update provider_subscriptions set expires_at = $3 where provider = $1 and channel_id = $2', [provider, current.channelId, renewed.expiresAt]);
          continue;
        }
      }
      await openChannel(db, connector, provider, accountId, calendar.calendarId, calendar.remote, options.publicUrl);
      if (current) await stopChannel(db, connector, current);
    } catch (error) {
      log(error, calendar.calendarId, current ? 'renew' : 'open');
    }
  }
}

/** The renewed channel, or undefined where the provider no longer knows it (Graph dropped the subscription). */
async function renewUnlessDropped(renew: (channel: WatchChannel) => Promise<WatchChannel>, channel: StoredChannel): Promise<WatchChannel | undefined> {
  try {
    return await renew(channel);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * The row goes in before the provider is asked, under the channel id TempoPilot chose: Google
 * sends its first (`sync`) message before its answer to the watch call arrives.
 */
async function openChannel(
  db: Queryable,
  connector: ProviderConnector,
  provider: NotifyingProvider,
  accountId: string,
  calendarId: string,
  remote: ProviderCalendar,
  publicUrl: URL,
): Promise<void> {
  const secret = randomBytes(32).toString('base64url');
  const channelId = crypto.randomUUID();
  await db.query(
    `insert into provider_subscriptions (provider, channel_id, account_id, calendar_id, secret_hash, expires_at) values ($1, $2, $3, $4, $5, now())`,
    [provider, channelId, accountId, calendarId, secretHash(secret).toString('hex')],
  );
  try {
    const channel = await connector.watch!(remote, { address: notificationAddress(publicUrl, provider), secret, channelId });
    await db.query('update provider_subscriptions set channel_id = $3, resource_id = $4, expires_at = $5 where provider = $1 and channel_id = $2', [
      provider,
      channelId,
      channel.channelId,
      channel.resourceId ?? null,
      channel.expiresAt,
    ]);
  } catch (error) {
    await db.query('delete from provider_subscriptions where provider = $1 and channel_id = $2', [provider, channelId]);
    throw error;
  }
}

/** Stops the channel at the provider, then forgets it; one the provider no longer knows is stopped. */
async function stopChannel(db: Queryable, connector: ProviderConnector, channel: StoredChannel): Promise<void> {
  await connector.unwatch?.(channel);
  await db.query('delete from provider_subscriptions where provider = $1 and channel_id = $2', [channel.provider, channel.channelId]);
}

/** For a removed account, whose rows are gone already: stops each channel at the provider, logging what fails. */
export async function stopRemovedChannels(connector: ProviderConnector, channels: readonly StoredChannel[], logger?: Logger): Promise<void> {
  for (const channel of channels) {
    await connector.unwatch?.(channel).catch((error: unknown) =>
      logger?.warn({ err: error, accountId: channel.accountId, calendarId: channel.calendarId }, 'could not stop a removed account’s change notification channel; it lapses at its expiry'),
    );
  }
}

/**
 * What polling needs to know: whether every synced calendar has a live channel, and when the
 * first of them is due for renewal (a pass must come by then).
 */
export async function notificationCoverage(db: Queryable, accountId: string, now: Date, renewBeforeMs: number): Promise<{ live: boolean; renewalDueAt?: Date }> {
  const [row] = await db.query<{ uncovered: number; earliest: Date | null }>(
    `select
       (select count(*)::int from provider_calendars c where c.account_id = $1 and c.sync_enabled
          and not exists (select 1 from provider_subscriptions s where s.account_id = c.account_id and s.calendar_id = c.calendar_id and s.expires_at > $2)) as uncovered,
       (select min(expires_at) from provider_subscriptions where account_id = $1 and expires_at > $2) as earliest`,
    [accountId, now],
  );
  if (!row || row.uncovered > 0 || row.earliest === null) return { live: false };
  return { live: true, renewalDueAt: new Date(new Date(row.earliest).getTime() - renewBeforeMs) };
}
