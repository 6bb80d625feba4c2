import { PublicClientApplication, type AuthenticationResult, type INetworkModule } from '@azure/msal-node';
import { isAllDayTime, type Attendee, type EventTime } from '../../../src/domain/event';
import { instantToLocal, localToInstant, normalizeLocalDateTime } from '../../../src/domain/time';
import {
  AuthExpiredError,
  InvalidProviderDataError,
  NotFoundError,
  PreconditionFailedError,
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
import { graphLocal, ianaZone, plainLocal } from './graph-time';
import { graphToRule, ruleToGraph, type PatternedRecurrence } from './recurrence';

export interface MicrosoftOptions {
  clientId: string;
  /** `https://login.microsoftonline.com/common` in production. */
  authority: string;
  /**
   * The credential, one of: msal's serialized token cache from the consent (accounts added from
   * a device), refreshed with acquireTokenSilent so a rotated refresh token lands in it; or a bare
   * refresh token, redeemed at each refresh (a rotated one is not kept).
   */
  tokenCache?: string;
  refreshToken?: string;
  /** Called with the token cache whenever a refresh changed it, so the next run starts from it. */
  onTokenCacheChanged?: (tokenCache: string) => Promise<void>;
  /** `https://graph.microsoft.com/v1.0` in production. */
  graphBaseUrl: string;
  /** For an authority other than Entra ID's (the double): skips instance discovery. */
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
  networkClient?: INetworkModule;
}

const SCOPES = ['Calendars.ReadWrite', 'offline_access'];
/**
 * Graph allows event subscriptions at most 10,080 minutes
 * (https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0#subscription-lifetime)
 * and refuses a longer one: ask for ten minutes less, so clock skew cannot cross the limit.
 */
const SUBSCRIPTION_LIFETIME_MS = (10_080 - 10) * 60_000;
/** Text bodies, so descriptions round-trip: https://learn.microsoft.com/en-us/graph/api/event-get#request-headers */
const PREFER_TEXT = 'outlook.body-content-type="text"';

interface GraphTime {
  dateTime: string;
  timeZone: string;
}

interface GraphEvent {
  '@odata.etag'?: string;
  '@removed'?: unknown;
  id: string;
  type?: string;
  iCalUId?: string;
  transactionId?: string | null;
  subject?: string | null;
  body?: { contentType?: string; content?: string } | null;
  location?: { displayName?: string } | null;
  attendees?: { emailAddress?: { name?: string; address?: string }; type?: string; status?: { response?: string } }[];
  organizer?: { emailAddress?: { name?: string; address?: string } } | null;
  showAs?: string;
  isAllDay?: boolean;
  isCancelled?: boolean;
  start?: GraphTime;
  end?: GraphTime;
  originalStartTimeZone?: string;
  originalEndTimeZone?: string;
  originalStart?: string;
  recurrence?: PatternedRecurrence | null;
  cancelledOccurrences?: string[];
  exceptionOccurrences?: GraphEvent[];
}

/**
 * Microsoft 365 through Microsoft Graph. One item is a series master (with its exceptions and
 * cancelled occurrences) or a single event; remoteId is the master's id and etag the master's
 * own @odata.etag, which Exchange changes whenever an exception changes (exceptions live inside
 * the master item), so it versions the whole item and is what If-Match needs.
 */
export class MicrosoftConnector implements ProviderConnector {
  readonly kind = 'microsoft';
  private readonly app: PublicClientApplication;
  private accessToken: string | undefined;

  constructor(private readonly options: MicrosoftOptions) {
    this.app = new PublicClientApplication({
      auth: {
        clientId: options.clientId,
        authority: options.authority,
        ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata, knownAuthorities: [new URL(options.authority).host] } : {}),
        ...(options.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.cloudDiscoveryMetadata } : {}),
      },
      ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
    });
    if (options.tokenCache !== undefined) this.app.getTokenCache().deserialize(options.tokenCache);
    else if (options.refreshToken === undefined) throw new AuthExpiredError('no Microsoft credential: sign in again');
  }

  /** A token from msal, its failures mapped: a refused grant means signing in again. */
  private async acquire(forceRefresh: boolean): Promise<AuthenticationResult | null> {
    try {
      // msal-node 7 keeps no refresh token in its cache from acquireTokenByRefreshToken
      // (acquireTokenSilent then answers no_tokens_found), so a bare refresh token is redeemed each time.
      if (this.options.tokenCache === undefined) return await this.app.acquireTokenByRefreshToken({ refreshToken: this.options.refreshToken ?? '', scopes: SCOPES });
      const [account] = await this.app.getTokenCache().getAllAccounts();
      if (!account) throw new AuthExpiredError('the stored Microsoft sign-in has no account: sign in again');
      return await this.app.acquireTokenSilent({ account, scopes: SCOPES, forceRefresh });
    } catch (error) {
      if (error instanceof AuthExpiredError) throw error;
      const code = (error as { errorCode?: string }).errorCode ?? '';
      if (code === 'invalid_grant' || code === 'interaction_required' || code === 'no_tokens_found' || (error as { name?: string }).name === 'InteractionRequiredAuthError')
        throw new AuthExpiredError('Microsoft refused the refresh token: sign in again', { cause: error });
      throw new ProviderUnavailableError('the Microsoft identity platform could not be reached', { cause: error });
    }
  }

  private async token(forceRefresh: boolean): Promise<string> {
    if (this.accessToken && !forceRefresh) return this.accessToken;
    const cache = this.app.getTokenCache();
    const before = cache.serialize();
    const result = await this.acquire(forceRefresh);
    if (!result) throw new AuthExpiredError('Microsoft gave no token for the refresh token');
    // A refresh left a new access token and the rotated refresh token in the cache: keep it.
    const after = cache.serialize();
    if (this.options.tokenCache !== undefined && after !== before) await this.options.onTokenCacheChanged?.(after);
    this.accessToken = result.accessToken;
    return result.accessToken;
  }

  /** One Graph call with the error mapping of docs/microsoft.md; refreshes once on 401. */
  private async graph(path: string, init: { method?: string; body?: unknown; ifMatch?: string; signal?: AbortSignal } = {}, retried = false): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.options.graphBaseUrl}${path}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.token(false)}`, Prefer: PREFER_TEXT };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.ifMatch) headers['If-Match'] = init.ifMatch;
    let response: Response;
    try {
      response = await fetch(url, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}), ...(init.signal ? { signal: init.signal } : {}) });
    } catch (error) {
      throw new ProviderUnavailableError('Microsoft Graph could not be reached', { cause: error });
    }
    if (response.ok) return response;
    const text = await response.text();
    const detail = `${init.method ?? 'GET'} ${path}: ${response.status} ${text.slice(0, 200)}`;
    switch (response.status) {
      case 401:
        if (retried) throw new AuthExpiredError(`Microsoft Graph refused a fresh token (${detail})`);
        await this.token(true);
        return this.graph(path, init, true);
      case 404:
        throw new NotFoundError(detail);
      case 410:
        throw new TokenInvalidError(detail);
      case 409:
      case 412:
        throw new PreconditionFailedError(detail);
      case 429: {
        const seconds = Number(response.headers.get('retry-after'));
        throw new RateLimitedError(Number.isFinite(seconds) && response.headers.has('retry-after') ? seconds * 1000 : undefined, detail);
      }
      default:
        if (response.status >= 500) throw new ProviderUnavailableError(detail);
        throw new Error(`Microsoft Graph answered ${detail}`);
    }
  }

  private async json<T>(path: string, init?: Parameters<MicrosoftConnector['graph']>[1]): Promise<T> {
    return (await (await this.graph(path, init)).json()) as T;
  }

  async listCalendars(): Promise<ProviderCalendar[]> {
    const { value } = await this.json<{ value: { id: string; name: string; canEdit?: boolean; hexColor?: string }[] }>('/me/calendars');
    return value.map((calendar) => ({ remoteId: calendar.id, name: calendar.name, readOnly: calendar.canEdit === false, ...(calendar.hexColor ? { color: calendar.hexColor } : {}) }));
  }

  async pull(calendar: ProviderCalendar, token: string | null, options: PullOptions = {}): Promise<PullResult> {
    if (token !== null && !token.startsWith('http')) throw new TokenInvalidError('not a delta link this connector gave');
    let next: string = token ?? `/me/calendars/${encodeURIComponent(calendar.remoteId)}/events/delta`;
    const changed: RemoteItem[] = [];
    const deleted: string[] = [];
    const unreadable: UnreadableItem[] = [];
    for (;;) {
      const page = await this.json<{ value: GraphEvent[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }>(next, options.signal ? { signal: options.signal } : {});
      for (const event of page.value) {
        if (event['@removed']) {
          deleted.push(event.id);
          continue;
        }
        if (event.type === 'exception' || event.type === 'occurrence') continue;
        try {
          changed.push(event.type === 'seriesMaster' ? await this.readItem(event.id) : this.toItem(event, []));
        } catch (error) {
          if (!(error instanceof InvalidProviderDataError)) throw error;
          unreadable.push({ remoteId: event.id, etag: event['@odata.etag'] ?? '', reason: error.message });
        }
        options.onProgress?.({ done: changed.length + unreadable.length });
      }
      if (page['@odata.nextLink']) next = page['@odata.nextLink'];
      else if (page['@odata.deltaLink']) {
        options.onProgress?.({ done: changed.length + unreadable.length, total: changed.length + unreadable.length });
        return { kind: token === null ? 'full' : 'incremental', changed, deleted: token === null ? [] : deleted, token: page['@odata.deltaLink'], ...(unreadable.length ? { unreadable } : {}) };
      } else throw new ProviderUnavailableError('a Graph delta page without nextLink or deltaLink');
    }
  }

  private async readItem(id: string): Promise<RemoteItem> {
    const master = await this.json<GraphEvent>(`/me/events/${encodeURIComponent(id)}?$expand=exceptionOccurrences`);
    return this.toItem(master, master.exceptionOccurrences ?? []);
  }

  async get(_calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined> {
    try {
      return await this.readItem(remoteId);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async create(calendar: ProviderCalendar, content: ItemContent): Promise<RemoteItem> {
    const [master, ...overrides] = content.events;
    if (!master) throw new InvalidProviderDataError('an item without events');
    // transactionId carries TempoPilot's UID (iCalUId is read-only in v1.0); a UID already used is a conflict.
    const filter = `transactionId eq '${content.uid.replaceAll("'", "''")}'`;
    const existing = await this.json<{ value: GraphEvent[] }>(`/me/calendars/${encodeURIComponent(calendar.remoteId)}/events?$filter=${encodeURIComponent(filter)}`);
    if (existing.value.length > 0) throw new PreconditionFailedError(`an event with UID ${content.uid} exists`);
    const created = await this.json<GraphEvent>(`/me/calendars/${encodeURIComponent(calendar.remoteId)}/events`, { method: 'POST', body: { ...toGraph(master, true), transactionId: content.uid } });
    if (master.recurrence) await this.applyInstances(created.id, master, overrides, [], []);
    return this.readItem(created.id);
  }

  async update(_calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem> {
    const [master, ...overrides] = content.events;
    if (!master) throw new InvalidProviderDataError('an item without events');
    const current = await this.json<GraphEvent>(`/me/events/${encodeURIComponent(remoteId)}?$expand=exceptionOccurrences`);
    if (current['@odata.etag'] !== etag) throw new PreconditionFailedError(`${remoteId} changed since ${etag}`);
    const now = this.toItem(current, current.exceptionOccurrences ?? []);
    const [currentMaster, ...currentOverrides] = now.events;
    const wantedExdates = new Set((master.recurrence?.exdates ?? []).map(normalizeLocalDateTime));
    const currentExdates = (currentMaster?.recurrence?.exdates ?? []).map(normalizeLocalDateTime);
    const wantedOriginals = new Set(overrides.map((override) => normalizeLocalDateTime(override.originalStart ?? '')));
    // Graph cannot turn an exception back into a plain occurrence nor restore a cancelled one:
    // rewriting the recurrence rebuilds the series in place, then everything is applied again.
    const rebuild =
      currentExdates.some((date) => !wantedExdates.has(date)) ||
      currentOverrides.some((override) => !wantedOriginals.has(normalizeLocalDateTime(override.originalStart ?? ''))) ||
      master.recurrence?.rule !== currentMaster?.recurrence?.rule ||
      JSON.stringify(master.start) !== JSON.stringify(currentMaster?.start);
    const body = toGraph(master, rebuild);
    await this.graph(`/me/events/${encodeURIComponent(remoteId)}`, { method: 'PATCH', body, ifMatch: etag });
    if (master.recurrence) await this.applyInstances(remoteId, master, overrides, rebuild ? [] : currentExdates, rebuild ? [] : currentOverrides);
    return this.readItem(remoteId);
  }

  /** Cancels and edits occurrences of a series: an edit of one instance writes an exception. */
  private async applyInstances(masterId: string, master: ProviderEvent, overrides: ProviderEvent[], cancelled: string[], existing: ProviderEvent[]): Promise<void> {
    const zone = isAllDayTime(master.start) ? 'UTC' : master.start.timeZone;
    const instanceAt = async (originalStart: string): Promise<GraphEvent> => {
      const local = originalStart.length === 10 ? `${originalStart}T00:00:00` : normalizeLocalDateTime(originalStart);
      const instant = localToInstant(local, zone);
      const window = `startDateTime=${new Date(instant - 2 * 86_400_000).toISOString()}&endDateTime=${new Date(instant + 2 * 86_400_000).toISOString()}`;
      const { value } = await this.json<{ value: GraphEvent[] }>(`/me/events/${encodeURIComponent(masterId)}/instances?${window}`);
      const found = value.find((instance) => instance.originalStart && Date.parse(instance.originalStart) === instant);
      if (!found) throw new InvalidProviderDataError(`the series has no instance at ${originalStart}`);
      return found;
    };
    for (const exdate of master.recurrence?.exdates ?? []) {
      if (cancelled.includes(normalizeLocalDateTime(exdate))) continue;
      await this.graph(`/me/events/${encodeURIComponent((await instanceAt(exdate)).id)}`, { method: 'DELETE' });
    }
    for (const override of overrides) {
      const original = override.originalStart;
      if (!original) throw new InvalidProviderDataError('an override without originalStart');
      const same = existing.find((candidate) => normalizeLocalDateTime(candidate.originalStart ?? '') === normalizeLocalDateTime(original));
      if (same && JSON.stringify(same) === JSON.stringify(override)) continue;
      await this.graph(`/me/events/${encodeURIComponent((await instanceAt(original)).id)}`, { method: 'PATCH', body: toGraph(override, false) });
    }
  }

  async delete(_calendar: ProviderCalendar, remoteId: string, etag: string): Promise<void> {
    try {
      await this.graph(`/me/events/${encodeURIComponent(remoteId)}`, { method: 'DELETE', ifMatch: etag });
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
  }

  /**
   * A Graph subscription to the calendar's events
   * (https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?view=graph-rest-1.0),
   * the secret as clientState. Graph validates the notification URL before it answers.
   */
  async watch(calendar: ProviderCalendar, request: WatchRequest): Promise<WatchChannel> {
    const subscription = await this.json<{ id: string; expirationDateTime: string }>('/subscriptions', {
      method: 'POST',
      body: {
        changeType: 'created,updated,deleted',
        notificationUrl: request.address,
        resource: `me/calendars/${calendar.remoteId}/events`,
        expirationDateTime: new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS).toISOString(),
        clientState: request.secret,
      },
    });
    return { channelId: subscription.id, expiresAt: new Date(subscription.expirationDateTime) };
  }

  /** https://learn.microsoft.com/en-us/graph/api/subscription-update?view=graph-rest-1.0: a new expiration, same subscription. */
  async renewWatch(channel: WatchChannel): Promise<WatchChannel> {
    const subscription = await this.json<{ id: string; expirationDateTime: string }>(`/subscriptions/${encodeURIComponent(channel.channelId)}`, {
      method: 'PATCH',
      body: { expirationDateTime: new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS).toISOString() },
    });
    return { channelId: subscription.id, expiresAt: new Date(subscription.expirationDateTime) };
  }

  /** https://learn.microsoft.com/en-us/graph/api/subscription-delete?view=graph-rest-1.0; an unknown subscription is gone already. */
  async unwatch(channel: WatchChannel): Promise<void> {
    try {
      await this.graph(`/subscriptions/${encodeURIComponent(channel.channelId)}`, { method: 'DELETE' });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  private toItem(master: GraphEvent, exceptions: GraphEvent[]): RemoteItem {
    const first = fromGraph(master);
    const zone = isAllDayTime(first.start) ? 'UTC' : first.start.timeZone;
    if (first.recurrence) {
      const time = isAllDayTime(first.start) ? '' : first.start.dateTime.slice(10);
      // occurrenceId is OID.{seriesMasterId}.{date in the recurrence zone}: the date is its tail.
      first.recurrence.exdates = (master.cancelledOccurrences ?? []).map((occurrenceId) => `${occurrenceId.slice(-10)}${time}`);
    }
    const overrides = exceptions.map((exception) => {
      const event = fromGraph(exception);
      if (!exception.originalStart) throw new InvalidProviderDataError(`exception ${exception.id} without originalStart`);
      const local = instantToLocal(Date.parse(exception.originalStart), zone);
      return { ...event, originalStart: isAllDayTime(first.start) ? local.slice(0, 10) : local };
    });
    return { remoteId: master.id, etag: master['@odata.etag'] ?? '', uid: master.transactionId || master.iCalUId || master.id, events: [first, ...overrides] };
  }
}

const RESPONSES: Record<string, Attendee['response']> = { accepted: 'accepted', declined: 'declined', tentativelyAccepted: 'tentative' };
const GRAPH_RESPONSES: Record<Attendee['response'], string> = { accepted: 'accepted', declined: 'declined', tentative: 'tentativelyAccepted', needsAction: 'notResponded' };

function readTime(time: GraphTime | undefined, originalZone: string | undefined, allDay: boolean, id: string): EventTime {
  if (!time) throw new InvalidProviderDataError(`event ${id} without start or end`);
  if (allDay) return { date: time.dateTime.slice(0, 10) };
  const from = ianaZone(time.timeZone);
  const zone = ianaZone(originalZone ?? time.timeZone) ?? from;
  if (!from || !zone) throw new InvalidProviderDataError(`event ${id} has the unknown time zone ${originalZone ?? time.timeZone}`);
  return { dateTime: instantToLocal(localToInstant(plainLocal(time.dateTime), from), zone), timeZone: zone };
}

function fromGraph(event: GraphEvent): ProviderEvent {
  const allDay = event.isAllDay === true;
  const description = event.body?.content?.trim() ? event.body.content : undefined;
  const location = event.location?.displayName || undefined;
  const organizer = event.organizer?.emailAddress;
  const start = readTime(event.start, event.originalStartTimeZone, allDay, event.id);
  return {
    title: event.subject ?? '',
    start,
    end: readTime(event.end, event.originalEndTimeZone, allDay, event.id),
    ...(location ? { location } : {}),
    ...(description ? { description } : {}),
    attendees: (event.attendees ?? []).map((attendee) => ({
      ...(attendee.emailAddress?.name ? { name: attendee.emailAddress.name } : {}),
      ...(attendee.emailAddress?.address ? { email: attendee.emailAddress.address } : {}),
      response: RESPONSES[attendee.status?.response ?? ''] ?? 'needsAction',
      optional: attendee.type === 'optional',
    })),
    ...(organizer ? { organizer: { ...(organizer.name ? { name: organizer.name } : {}), ...(organizer.address ? { email: organizer.address } : {}) } } : {}),
    status: event.isCancelled ? 'cancelled' : event.showAs === 'tentative' ? 'tentative' : 'confirmed',
    transparency: event.showAs === 'free' ? 'transparent' : 'opaque',
    ...(event.recurrence ? { recurrence: { rule: graphToRule(event.recurrence), exdates: [] } } : {}),
  };
}

function writeTime(time: EventTime): GraphTime {
  return isAllDayTime(time) ? { dateTime: graphLocal(`${time.date}T00:00:00`), timeZone: 'UTC' } : { dateTime: graphLocal(time.dateTime), timeZone: time.timeZone };
}

/** The Graph body of an event; `withRecurrence` adds the series' recurrence (which rebuilds it). */
function toGraph(event: ProviderEvent, withRecurrence: boolean): Record<string, unknown> {
  const allDay = isAllDayTime(event.start);
  return {
    subject: event.title,
    body: { contentType: 'text', content: event.description ?? '' },
    location: { displayName: event.location ?? '' },
    attendees: event.attendees.map((attendee) => ({
      emailAddress: { ...(attendee.name ? { name: attendee.name } : {}), ...(attendee.email ? { address: attendee.email } : {}) },
      type: attendee.optional ? 'optional' : 'required',
      status: { response: GRAPH_RESPONSES[attendee.response] },
    })),
    ...(event.organizer ? { organizer: { emailAddress: { ...(event.organizer.name ? { name: event.organizer.name } : {}), ...(event.organizer.email ? { address: event.organizer.email } : {}) } } } : {}),
    showAs: event.transparency === 'transparent' ? 'free' : event.status === 'tentative' ? 'tentative' : 'busy',
    isAllDay: allDay,
    start: writeTime(event.start),
    end: writeTime(event.end),
    ...(withRecurrence && event.recurrence
      ? { recurrence: ruleToGraph(event.recurrence.rule, isAllDayTime(event.start) ? event.start.date : event.start.dateTime.slice(0, 10), allDay ? 'UTC' : (event.start as { timeZone: string }).timeZone) }
      : {}),
  };
}

/** Connects and checks the credentials with a first call. */
export async function connectMicrosoft(options: MicrosoftOptions): Promise<MicrosoftConnector> {
  const connector = new MicrosoftConnector(options);
  await connector.listCalendars();
  return connector;
}
