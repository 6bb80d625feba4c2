import { createHash } from 'node:crypto';
import { calendar as googleCalendar, type calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { isAllDayTime, type EventTime } from '../../../src/domain/event';
import { addDaysToLocalDate, daysBetweenLocalDates, instantToLocal, localToInstant, normalizeLocalDateTime } from '../../../src/domain/time';
import {
  ItemRefusedError,
  AuthExpiredError,
  InvalidProviderDataError,
  NotFoundError,
  PreconditionFailedError,
  ProviderError,
  ProviderUnavailableError,
  RateLimitedError,
  TokenInvalidError,
  type ItemContent,
  type ProviderCalendar,
  type ProviderConnector,
  type ProviderEvent,
  type PullOptions,
  type PullResult,
  type RemoteItem,
  type UnreadableItem,
  type WatchChannel,
  type WatchRequest,
} from '../connector';

/** The calls that write an event: only their refusals are the item's, not the account's. */
const WRITES = /^events\.(insert|update|delete) /;

/**
 * A Google Calendar account through the Calendar v3 SDK (`@googleapis/calendar`) with an OAuth2
 * client holding the refresh token. One item is a series (the master event plus its exceptions,
 * the events whose `recurringEventId` is the master's id) or a single event; its remote id is the
 * master's event id. See docs/google.md for the mapping and the etag.
 */

export interface GoogleAccount {
  clientId: string;
  /** Google's client secret for installed apps is not secret, and PKCE clients may have none. */
  clientSecret?: string;
  refreshToken: string;
  /** Google's token endpoint unless given (tests point it at the double). */
  tokenUrl?: string;
  /** The API root (`https://www.googleapis.com/` unless given). */
  apiRoot?: string;
}

export interface GoogleOptions {
  /** Events per events.list page (Google: default 250, at most 2500). */
  pageSize?: number;
  timeoutMs?: number;
}

type GEvent = calendar_v3.Schema$Event;
type GTime = calendar_v3.Schema$EventDateTime;

const DEFAULT_PAGE_SIZE = 250;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Private extended properties: what TempoPilot keeps that Google would not round-trip. */
const UID_PROPERTY = 'tempopilotUid';
const ORGANIZER_PROPERTY = 'tempopilotOrganizer';
/**
 * The channel life TempoPilot asks for; Google answers with the expiration it grants (it may be
 * shorter), which is what is kept.
 */
const CHANNEL_LIFETIME_MS = 7 * 24 * 3600_000;
/** How many deleted ids of one UID are skipped before create gives up (see eventIdFor). */
const MAX_ID_GENERATIONS = 8;

/** Google event ids are base32hex (`a`–`v`, `0`–`9`), 5 to 1024 characters. */
function base32hex(bytes: Buffer): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * The id a UID's master gets: derived from the UID, so a second create of one UID meets 409 on
 * the same id. A deleted event keeps its id for good on Google, so a UID re-created after a
 * delete moves on to the next generation.
 */
function eventIdFor(uid: string, generation: number): string {
  return base32hex(createHash('sha256').update(generation === 0 ? uid : `${uid}#${generation}`).digest()).slice(0, 32);
}

/** `20260309T140000Z` for a timed instance, `20260309` for an all-day one: Google's instance id suffix. */
function instanceSuffix(originalStart: string, zone: string | undefined): string {
  if (!originalStart.includes('T')) return originalStart.replaceAll('-', '');
  return new Date(localToInstant(originalStart, zone ?? 'UTC')).toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll('-', '').replaceAll(':', '');
}

function basicLocal(local: string): string {
  return local.replaceAll('-', '').replaceAll(':', '');
}

function fromBasic(value: string, zone: string): string {
  const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (value.length === 8) return date;
  const local = `${date}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}`;
  return value.endsWith('Z') ? instantToLocal(Date.parse(`${local}Z`), zone) : local;
}

/** The item etag: the group's member etags hashed, then the master's own etag (for If-Match). */
function groupEtag(members: readonly GEvent[], masterEtag: string): string {
  const hash = createHash('sha256');
  for (const member of [...members].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''))) hash.update(`${member.id}=${member.etag}\n`);
  return `${hash.digest('base64url').slice(0, 22)}.${Buffer.from(masterEtag).toString('base64url')}`;
}

function masterEtagOf(etag: string): string {
  return Buffer.from(etag.slice(etag.indexOf('.') + 1), 'base64url').toString();
}

interface HttpFailure {
  status?: number;
  reason?: string;
  oauthError?: string;
  retryAfter?: string | null;
}

function failureOf(error: unknown): HttpFailure {
  const candidate = error as { status?: number; code?: unknown; response?: { status?: number; data?: unknown; headers?: unknown } };
  const response = candidate.response;
  const data = response?.data as { error?: unknown } | undefined;
  const headers = response?.headers as { get?: (name: string) => string | null } & Record<string, string> | undefined;
  const apiError = data && typeof data.error === 'object' ? (data.error as { errors?: Array<{ reason?: string }> }) : undefined;
  return {
    status: response?.status ?? candidate.status,
    reason: apiError?.errors?.[0]?.reason,
    oauthError: data && typeof data.error === 'string' ? data.error : undefined,
    retryAfter: typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'],
  };
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export class GoogleConnector implements ProviderConnector {
  readonly kind = 'google';
  private readonly api: calendar_v3.Calendar;
  private readonly auth: OAuth2Client;
  private readonly pageSize: number;

  constructor(account: GoogleAccount, options: GoogleOptions = {}) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.auth = new OAuth2Client({
      clientId: account.clientId,
      ...(account.clientSecret ? { clientSecret: account.clientSecret } : {}),
      ...(account.tokenUrl ? { endpoints: { oauth2TokenUrl: account.tokenUrl } } : {}),
      // A token is refreshed when it has expired, not minutes early: the double's short lifetimes stay testable.
      eagerRefreshThresholdMillis: 0,
    });
    this.auth.setCredentials({ refresh_token: account.refreshToken });
    this.api = googleCalendar({
      version: 'v3',
      // Two copies of google-auth-library are installed (the SDK's and ours); their OAuth2Client is the same class.
      auth: this.auth as unknown as calendar_v3.Options['auth'],
      ...(account.apiRoot ? { rootUrl: account.apiRoot } : {}),
      // The reconciler owns retries and backoff (RateLimitedError, ProviderUnavailableError).
      retry: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }

  /** Checks the account can be used (the refresh token works) before it is stored. */
  static async connect(account: GoogleAccount, options?: GoogleOptions): Promise<GoogleConnector> {
    const connector = new GoogleConnector(account, options);
    await connector.listCalendars();
    return connector;
  }

  /**
   * One API call, with Google's answers turned into the reconciler's errors. A 401 gets one fresh
   * access token and one retry (the token may have been revoked or expired early); a second 401
   * or a refused refresh means the user must sign in again.
   */
  private async call<T>(what: string, request: () => Promise<{ data: T }>, onStatus: Partial<Record<number, () => never>> = {}): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return (await request()).data;
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        const failure = failureOf(error);
        if (failure.oauthError === 'invalid_grant' || failure.oauthError === 'invalid_client' || failure.oauthError === 'unauthorized_client') {
          throw new AuthExpiredError(`Google refused the refresh token (${failure.oauthError}): sign in again`, { cause: error });
        }
        if (failure.status === 401) {
          if (attempt === 0) {
            this.auth.setCredentials({ refresh_token: this.auth.credentials.refresh_token ?? null });
            continue;
          }
          throw new AuthExpiredError(`Google refused the access token for ${what}`, { cause: error });
        }
        const handler = failure.status === undefined ? undefined : onStatus[failure.status];
        if (handler) handler();
        if (failure.status === 429 || (failure.status === 403 && (failure.reason === 'rateLimitExceeded' || failure.reason === 'userRateLimitExceeded'))) {
          throw new RateLimitedError(retryAfterMs(failure.retryAfter), `Google asked to slow down on ${what} (${failure.status} ${failure.reason ?? ''})`.trim(), { cause: error });
        }
        if (failure.status === 404 || failure.status === 410) throw new NotFoundError(`${what}: ${failure.status}`, { cause: error });
        // A write Google will not take as sent (invalid content, an event only its organiser may
        // change, a calendar this account may only read): the same request gets the same answer.
        if (WRITES.test(what) && (failure.status === 400 || failure.status === 403)) {
          throw new ItemRefusedError(`Google refused ${what}: ${failure.status} ${failure.reason ?? ''}`.trim(), { cause: error });
        }
        if (failure.status === 412) throw new PreconditionFailedError(`${what}: the event changed on Google`, { cause: error });
        throw new ProviderUnavailableError(`${what} failed: ${failure.status ?? ''} ${failure.reason ?? (error as Error).message}`.trim(), { cause: error });
      }
    }
  }

  async listCalendars(): Promise<ProviderCalendar[]> {
    const calendars: ProviderCalendar[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call('calendarList.list', () => this.api.calendarList.list({ ...(pageToken ? { pageToken } : {}) }));
      for (const entry of page.items ?? []) {
        if (!entry.id) continue;
        calendars.push({
          remoteId: entry.id,
          name: entry.summaryOverride ?? entry.summary ?? entry.id,
          ...(entry.backgroundColor ? { color: entry.backgroundColor } : {}),
          ...(entry.timeZone ? { timeZone: entry.timeZone } : {}),
          readOnly: entry.accessRole !== 'owner' && entry.accessRole !== 'writer',
        });
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return calendars;
  }

  /**
   * events.list over every page, with the sync token or (full) without, deleted events included
   * either way so cancelled instances are seen. Changed exceptions whose master did not change
   * have their series read whole, so every item handed back is complete.
   */
  async pull(calendar: ProviderCalendar, token: string | null, options: PullOptions = {}): Promise<PullResult> {
    const listed: GEvent[] = [];
    let pageToken: string | undefined;
    let nextSyncToken: string | undefined;
    do {
      options.signal?.throwIfAborted();
      const params: calendar_v3.Params$Resource$Events$List = {
        calendarId: calendar.remoteId,
        maxResults: this.pageSize,
        singleEvents: false,
        showDeleted: true,
        ...(pageToken ? { pageToken } : token !== null ? { syncToken: token } : {}),
      };
      const page = await this.call('events.list', () => this.api.events.list(params), {
        410: () => {
          throw new TokenInvalidError(`Google no longer honours the sync token of ${calendar.remoteId}`);
        },
      });
      listed.push(...(page.items ?? []));
      options.onProgress?.({ done: listed.length });
      pageToken = page.nextPageToken ?? undefined;
      nextSyncToken = page.nextSyncToken ?? undefined;
    } while (pageToken);
    if (!nextSyncToken) throw new ProviderUnavailableError(`events.list on ${calendar.remoteId} ended without a sync token`);

    const groups = new Map<string, GEvent[]>();
    for (const event of listed) {
      const masterId = event.recurringEventId ?? event.id;
      if (!masterId) continue;
      groups.set(masterId, [...(groups.get(masterId) ?? []), event]);
    }
    const changed: RemoteItem[] = [];
    const deleted: string[] = [];
    const unreadable: UnreadableItem[] = [];
    for (const [masterId, members] of groups) {
      options.signal?.throwIfAborted();
      const master = members.find((member) => member.id === masterId);
      let group: GEvent[] | undefined = members;
      if (token !== null && (!master || master.recurrence?.length)) {
        // Only part of a series changed (or its master): read the series whole.
        group = await this.readGroup(calendar, masterId);
      }
      const groupMaster = group?.find((member) => member.id === masterId);
      if (!group || !groupMaster || groupMaster.status === 'cancelled') {
        if (token !== null && (groupMaster || master)) deleted.push(masterId);
        else if (!groupMaster && group?.some((member) => member.status !== 'cancelled')) {
          unreadable.push({ remoteId: masterId, etag: groupEtag(group, ''), reason: 'instances of a series whose master is not on this calendar' });
        }
        continue;
      }
      const read = this.toItem(calendar, groupMaster, group);
      if ('reason' in read) unreadable.push(read);
      else changed.push(read);
    }
    options.onProgress?.({ done: changed.length + unreadable.length, total: changed.length + unreadable.length });
    const result: PullResult = { kind: token === null ? 'full' : 'incremental', changed, deleted, token: nextSyncToken };
    if (unreadable.length > 0) result.unreadable = unreadable;
    return result;
  }

  /** A series' events (master, exceptions, cancelled instances), or undefined when the master never existed. */
  private async readGroup(calendar: ProviderCalendar, masterId: string): Promise<GEvent[] | undefined> {
    let master: GEvent;
    try {
      master = await this.call(`events.get ${masterId}`, () => this.api.events.get({ calendarId: calendar.remoteId, eventId: masterId }));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    if (!master.recurrence?.length || master.status === 'cancelled' || !master.iCalUID) return [master];
    const members: GEvent[] = [];
    let pageToken: string | undefined;
    do {
      const params: calendar_v3.Params$Resource$Events$List = { calendarId: calendar.remoteId, iCalUID: master.iCalUID, showDeleted: true, maxResults: 2500, ...(pageToken ? { pageToken } : {}) };
      const page = await this.call(`events.list iCalUID of ${masterId}`, () => this.api.events.list(params));
      members.push(...(page.items ?? []).filter((event) => event.recurringEventId === masterId));
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return [master, ...members];
  }

  async get(calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined> {
    const group = await this.readGroup(calendar, remoteId);
    const master = group?.[0];
    if (!group || !master || master.status === 'cancelled') return undefined;
    const read = this.toItem(calendar, master, group);
    if ('reason' in read) throw new InvalidProviderDataError(read.reason);
    return read;
  }

  async create(calendar: ProviderCalendar, content: ItemContent): Promise<RemoteItem> {
    const [master, ...overrides] = content.events;
    if (!master) throw new InvalidProviderDataError(`item ${content.uid} has no events`);
    for (let generation = 0; generation < MAX_ID_GENERATIONS; generation += 1) {
      const id = eventIdFor(content.uid, generation);
      try {
        await this.call(`events.insert ${id}`, () => this.api.events.insert({ calendarId: calendar.remoteId, requestBody: { ...this.toGoogle(master, content.uid), id } }), {
          409: () => {
            throw new PreconditionFailedError(`event id ${id} is taken in ${calendar.remoteId}`);
          },
        });
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
        const existing = await this.readGroup(calendar, id);
        if (existing?.[0]?.status === 'cancelled') continue;
        throw new PreconditionFailedError(`an item with UID ${content.uid} already exists in ${calendar.remoteId}`, { cause: error });
      }
      await this.writeOverrides(calendar, id, master, overrides, []);
      return this.readBack(calendar, id);
    }
    throw new PreconditionFailedError(`UID ${content.uid} was deleted and re-created too often in ${calendar.remoteId}`);
  }

  /**
   * Replaces the series in place: the master by events.update with If-Match on its own etag, then
   * each exception by writing its instance. The group is read first so a change made elsewhere to
   * an exception alone (the master's etag unchanged) also fails the precondition.
   */
  async update(calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem> {
    const [master, ...overrides] = content.events;
    if (!master) throw new InvalidProviderDataError(`item ${content.uid} has no events`);
    const group = await this.readGroup(calendar, remoteId);
    const current = group?.[0];
    if (!group || !current || current.status === 'cancelled') throw new NotFoundError(`${remoteId} is no longer on ${calendar.remoteId}`);
    if (groupEtag(group, current.etag ?? '') !== etag) throw new PreconditionFailedError(`${remoteId} changed on Google since etag ${etag}`);
    await this.call(`events.update ${remoteId}`, () =>
      this.api.events.update({ calendarId: calendar.remoteId, eventId: remoteId, requestBody: this.toGoogle(master, content.uid) }, { headers: { 'If-Match': masterEtagOf(etag) } }),
    );
    await this.writeOverrides(calendar, remoteId, master, overrides, group.slice(1));
    return this.readBack(calendar, remoteId);
  }

  async delete(calendar: ProviderCalendar, remoteId: string, etag: string): Promise<void> {
    const group = await this.readGroup(calendar, remoteId);
    const current = group?.[0];
    if (!group || !current || current.status === 'cancelled') return;
    if (groupEtag(group, current.etag ?? '') !== etag) throw new PreconditionFailedError(`${remoteId} changed on Google since etag ${etag}`);
    try {
      await this.call(`events.delete ${remoteId}`, () => this.api.events.delete({ calendarId: calendar.remoteId, eventId: remoteId }, { headers: { 'If-Match': masterEtagOf(etag) } }));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /**
   * Each wanted exception is written on its instance id (`<master id>_<original start>`), which
   * makes or changes the exception event, never a new event. An exception that is no longer wanted
   * is written back as a plain copy of its instance (or cancelled when its start became an EXDATE);
   * a cancelled instance whose EXDATE was dropped is restored the same way.
   */
  /**
   * events.watch (https://developers.google.com/calendar/api/v3/reference/events/watch): a
   * `web_hook` channel on the calendar's events, the secret as the channel token. Google has no
   * renewal: a channel is replaced by a new one before it expires.
   */
  async watch(calendar: ProviderCalendar, request: WatchRequest): Promise<WatchChannel> {
    const channel = await this.call('events.watch', () =>
      this.api.events.watch({
        calendarId: calendar.remoteId,
        requestBody: { id: request.channelId, type: 'web_hook', address: request.address, token: request.secret, expiration: String(Date.now() + CHANNEL_LIFETIME_MS) },
      }),
    );
    const expiration = Number(channel.expiration);
    if (!channel.resourceId || !Number.isFinite(expiration)) throw new ProviderUnavailableError('events.watch answered without a resourceId or expiration');
    return { channelId: channel.id ?? request.channelId, resourceId: channel.resourceId, expiresAt: new Date(expiration) };
  }

  /** channels.stop (https://developers.google.com/calendar/api/v3/reference/channels/stop); a channel Google no longer knows is stopped. */
  async unwatch(channel: WatchChannel): Promise<void> {
    try {
      await this.call('channels.stop', () => this.api.channels.stop({ requestBody: { id: channel.channelId, resourceId: channel.resourceId ?? null } }));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  private async writeOverrides(calendar: ProviderCalendar, masterId: string, master: ProviderEvent, overrides: readonly ProviderEvent[], existing: readonly GEvent[]): Promise<void> {
    const zone = isAllDayTime(master.start) ? undefined : master.start.timeZone;
    const exdates = new Set((master.recurrence?.exdates ?? []).map(normalizeLocal));
    const wanted = new Map<string, ProviderEvent>();
    for (const override of overrides) if (override.originalStart) wanted.set(instanceSuffix(normalizeLocal(override.originalStart), zone), override);
    const existingBySuffix = new Map(existing.map((event) => [event.id?.slice(masterId.length + 1) ?? '', event]));
    for (const [suffix, event] of existingBySuffix) {
      if (wanted.has(suffix) || !event.originalStartTime) continue;
      const originalStart = this.localOf(event.originalStartTime, zone);
      const excluded = exdates.has(originalStart);
      if (excluded && event.status === 'cancelled') continue;
      if (excluded) {
        await this.call(`events.delete ${event.id}`, () => this.api.events.delete({ calendarId: calendar.remoteId, eventId: event.id as string }, { headers: { 'If-Match': event.etag as string } }));
      } else {
        wanted.set(suffix, { ...instanceOf(master, originalStart), originalStart });
      }
    }
    for (const [suffix, override] of wanted) {
      const instanceId = `${masterId}_${suffix}`;
      const before = existingBySuffix.get(suffix);
      const body = { ...this.toGoogle({ ...override, recurrence: undefined }, undefined), status: override.status };
      await this.call(`events.update ${instanceId}`, () =>
        this.api.events.update({ calendarId: calendar.remoteId, eventId: instanceId, requestBody: body }, before?.etag ? { headers: { 'If-Match': before.etag } } : {}),
      );
    }
  }

  private async readBack(calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem> {
    const stored = await this.get(calendar, remoteId);
    if (!stored) throw new ProviderUnavailableError(`${remoteId} was written but cannot be read back`);
    return stored;
  }

  // ---- mapping ----

  private toGoogle(event: ProviderEvent, uid: string | undefined): GEvent {
    const body: GEvent = {
      summary: event.title,
      description: event.description ?? null,
      location: event.location ?? null,
      start: toGoogleTime(event.start),
      end: toGoogleTime(event.end),
      status: event.status,
      transparency: event.transparency,
      // Google requires an attendee's email; one without cannot be written there.
      attendees: event.attendees.filter((attendee) => attendee.email).map((attendee) => ({
        email: attendee.email as string,
        ...(attendee.name ? { displayName: attendee.name } : {}),
        responseStatus: attendee.response,
        optional: attendee.optional,
      })),
      // events.insert makes the calendar the organizer (only events.import may set another), so
      // TempoPilot's organizer rides along privately; the UID too, as insert takes an id or an iCalUID.
      extendedProperties: { private: { [ORGANIZER_PROPERTY]: JSON.stringify(event.organizer ?? null), ...(uid !== undefined ? { [UID_PROPERTY]: uid } : {}) } },
    };
    if (event.recurrence) body.recurrence = toGoogleRecurrence(event.start, event.recurrence.rule, event.recurrence.exdates);
    return body;
  }

  private toItem(calendar: ProviderCalendar, master: GEvent, group: readonly GEvent[]): RemoteItem | UnreadableItem {
    const etag = groupEtag(group, master.etag ?? '');
    const remoteId = master.id as string;
    try {
      const masterEvent = this.fromGoogle(calendar, master);
      const zone = isAllDayTime(masterEvent.start) ? undefined : masterEvent.start.timeZone;
      const overrides: ProviderEvent[] = [];
      const cancelled: string[] = [];
      for (const exception of group) {
        if (exception === master || !exception.originalStartTime) continue;
        const originalStart = this.localOf(exception.originalStartTime, zone);
        if (exception.status === 'cancelled') cancelled.push(originalStart);
        else overrides.push({ ...this.fromGoogle(calendar, exception), originalStart });
      }
      if (masterEvent.recurrence && cancelled.length > 0) {
        // Google records a deleted instance as a cancelled exception; the domain says EXDATE.
        masterEvent.recurrence = { ...masterEvent.recurrence, exdates: [...new Set([...masterEvent.recurrence.exdates, ...cancelled])].sort() };
      }
      overrides.sort((a, b) => (a.originalStart ?? '').localeCompare(b.originalStart ?? ''));
      return { remoteId, etag, uid: master.extendedProperties?.private?.[UID_PROPERTY] ?? master.iCalUID ?? remoteId, events: [masterEvent, ...overrides] };
    } catch (error) {
      if (error instanceof InvalidProviderDataError) return { remoteId, etag, reason: error.message };
      throw error;
    }
  }

  private fromGoogle(calendar: ProviderCalendar, event: GEvent): ProviderEvent {
    const fallbackZone = calendar.timeZone ?? 'UTC';
    if (!event.start || !event.end) throw new InvalidProviderDataError(`event ${event.id} has no start or end`);
    const start = fromGoogleTime(event.start, fallbackZone);
    const organizerProperty = event.extendedProperties?.private?.[ORGANIZER_PROPERTY];
    const organizer = organizerProperty !== undefined ? (JSON.parse(organizerProperty) as ProviderEvent['organizer'] | null) : googleOrganizer(event.organizer);
    const result: ProviderEvent = {
      title: event.summary ?? '',
      start,
      end: fromGoogleTime(event.end, fallbackZone),
      ...(event.location ? { location: event.location } : {}),
      ...(event.description ? { description: event.description } : {}),
      attendees: (event.attendees ?? []).map((attendee) => ({
        ...(attendee.displayName ? { name: attendee.displayName } : {}),
        ...(attendee.email ? { email: attendee.email } : {}),
        response: (['needsAction', 'accepted', 'declined', 'tentative'] as const).find((value) => value === attendee.responseStatus) ?? 'needsAction',
        optional: attendee.optional ?? false,
      })),
      ...(organizer ? { organizer } : {}),
      status: event.status === 'tentative' ? 'tentative' : event.status === 'cancelled' ? 'cancelled' : 'confirmed',
      transparency: event.transparency === 'transparent' ? 'transparent' : 'opaque',
    };
    if (event.recurrence?.length) result.recurrence = fromGoogleRecurrence(event.id ?? '', event.recurrence, isAllDayTime(start) ? undefined : start.timeZone);
    return result;
  }

  /** An originalStartTime as a local form in the series' zone (the domain's `originalStart`). */
  private localOf(time: GTime, zone: string | undefined): string {
    if (time.date) return time.date;
    if (!time.dateTime) throw new InvalidProviderDataError('an exception without originalStartTime');
    const targetZone = zone ?? time.timeZone ?? 'UTC';
    return hasOffset(time.dateTime) ? instantToLocal(Date.parse(time.dateTime), targetZone) : normalizeLocalDateTime(time.dateTime);
  }
}

function normalizeLocal(local: string): string {
  return local.includes('T') ? normalizeLocalDateTime(local) : local;
}

function hasOffset(dateTime: string): boolean {
  return /(Z|[+-]\d\d:?\d\d)$/i.test(dateTime);
}

function toGoogleTime(time: EventTime): GTime {
  return isAllDayTime(time) ? { date: time.date, dateTime: null, timeZone: null } : { dateTime: normalizeLocalDateTime(time.dateTime), timeZone: time.timeZone, date: null };
}

/** Google answers with an RFC 3339 offset (in the calendar's zone, not the event's): read it as an instant. */
function fromGoogleTime(time: GTime, fallbackZone: string): EventTime {
  if (time.date) return { date: time.date };
  if (!time.dateTime) throw new InvalidProviderDataError('an event time with neither date nor dateTime');
  const zone = time.timeZone ?? fallbackZone;
  return { dateTime: hasOffset(time.dateTime) ? instantToLocal(Date.parse(time.dateTime), zone) : normalizeLocalDateTime(time.dateTime), timeZone: zone };
}

function googleOrganizer(organizer: GEvent['organizer']): ProviderEvent['organizer'] | undefined {
  if (!organizer || (!organizer.email && !organizer.displayName)) return undefined;
  return { ...(organizer.displayName ? { name: organizer.displayName } : {}), ...(organizer.email ? { email: organizer.email } : {}) };
}

function toGoogleRecurrence(start: EventTime, rule: string, exdates: readonly string[]): string[] {
  const lines = [`RRULE:${rule.replace(/^RRULE:/i, '')}`];
  if (exdates.length > 0) {
    const values = exdates.map((exdate) => basicLocal(normalizeLocal(exdate))).join(',');
    lines.push(isAllDayTime(start) ? `EXDATE;VALUE=DATE:${values}` : `EXDATE;TZID=${start.timeZone}:${values}`);
  }
  return lines;
}

/** RRULE and EXDATE lines; RDATE or several RRULEs have no place in the domain's recurrence. */
function fromGoogleRecurrence(eventId: string, lines: readonly string[], zone: string | undefined): { rule: string; exdates: string[] } {
  const rules = lines.filter((line) => /^RRULE:/i.test(line));
  if (rules.length !== 1 || lines.some((line) => /^(RDATE|EXRULE)/i.test(line))) {
    throw new InvalidProviderDataError(`series ${eventId} has a recurrence TempoPilot cannot hold (${lines.length} lines, ${rules.length} RRULE)`);
  }
  const exdates: string[] = [];
  for (const line of lines.filter((candidate) => /^EXDATE/i.test(candidate))) {
    const [head = '', values = ''] = line.split(/:(.*)/s);
    const tzid = /TZID=([^;:]+)/i.exec(head)?.[1];
    for (const value of values.split(',').filter(Boolean)) exdates.push(fromBasic(value.trim(), tzid && !value.endsWith('Z') ? tzid : (zone ?? 'UTC')));
  }
  return { rule: (rules[0] as string).replace(/^RRULE:/i, ''), exdates: [...new Set(exdates)].sort() };
}

/** The series' own instance at `originalStart`: its fields with the start moved and the length kept. */
function instanceOf(master: ProviderEvent, originalStart: string): ProviderEvent {
  const { recurrence: _recurrence, ...fields } = master;
  if (isAllDayTime(master.start) && isAllDayTime(master.end)) {
    return { ...fields, start: { date: originalStart }, end: { date: addDaysToLocalDate(originalStart, daysBetweenLocalDates(master.start.date, master.end.date)) } };
  }
  if (isAllDayTime(master.start) || isAllDayTime(master.end)) return { ...fields };
  const length = localToInstant(master.end.dateTime, master.end.timeZone) - localToInstant(master.start.dateTime, master.start.timeZone);
  const startInstant = localToInstant(originalStart, master.start.timeZone);
  return { ...fields, start: { dateTime: originalStart, timeZone: master.start.timeZone }, end: { dateTime: instantToLocal(startInstant + length, master.end.timeZone), timeZone: master.end.timeZone } };
}

export function connectGoogle(account: GoogleAccount, options?: GoogleOptions): Promise<GoogleConnector> {
  return GoogleConnector.connect(account, options);
}
