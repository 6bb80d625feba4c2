import { PublicClientApplication, type AuthenticationResult, type INetworkModule } from '@azure/msal-node';
import { isAllDayTime, type Attendee, type EventTime } from '../../../src/domain/event';
import { addDaysToLocalDate, instantToLocal, localToInstant, normalizeLocalDateTime } from '../../../src/domain/time';
import {
  ItemRefusedError,
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
import { graphToRule, occurrenceDates, ruleToGraph, type PatternedRecurrence } from './recurrence';

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
  /** The clock (ms), which places a delta round's window; tests move it to age a round. */
  now?: () => number;
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
const DAY_MS = 86_400_000;
/**
 * Graph v1.0 offers delta only on a calendar view, a window fixed by a round's first request
 * (https://learn.microsoft.com/en-us/graph/api/event-delta?view=graph-rest-1.0). A year back
 * and two years ahead of the round's start: the past an agenda still looks at, and further ahead
 * than anyone plans; what lies outside is not seen (docs/microsoft.md).
 */
const WINDOW_PAST_MS = 365 * DAY_MS;
const WINDOW_FUTURE_MS = 730 * DAY_MS;
/** A round older than this starts over (a full pull), so its window keeps reaching 23 months ahead of now. */
const ROUND_MAX_AGE_MS = 30 * DAY_MS;

/** What the connector's sync token holds: its delta round, as JSON. */
interface DeltaRound {
  /** When the round's first request was made (ms): it places the window. */
  startedAt: number;
  deltaLink: string;
}

/** A delta round's calendar view, in ms: start inclusive, end exclusive. */
interface ViewWindow {
  start: number;
  end: number;
}

function windowFrom(startedAt: number): ViewWindow {
  return { start: startedAt - WINDOW_PAST_MS, end: startedAt + WINDOW_FUTURE_MS };
}

function iso(instant: number): string {
  return new Date(instant).toISOString();
}

function readRound(token: string): DeltaRound {
  let round: Partial<DeltaRound> | undefined;
  try {
    round = JSON.parse(token) as Partial<DeltaRound>;
  } catch {
    round = undefined;
  }
  // Tokens of the beta connector were bare delta links: they start a new round too.
  if (typeof round?.startedAt !== 'number' || typeof round.deltaLink !== 'string') throw new TokenInvalidError('not a delta round this connector gave');
  return { startedAt: round.startedAt, deltaLink: round.deltaLink };
}

interface DeltaPage {
  value: GraphEvent[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** A delta round's rows sorted by what they stand for. */
interface RoundRows {
  singles: Map<string, GraphEvent>;
  /** Series to read again: a master, occurrence or exception of theirs changed. */
  series: Set<string>;
  removed: Set<string>;
  unreadable: UnreadableItem[];
}

interface GraphTime {
  dateTime: string;
  timeZone: string;
}

interface GraphEvent {
  '@odata.etag'?: string;
  '@removed'?: unknown;
  id: string;
  type?: string;
  seriesMasterId?: string | null;
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
}

/**
 * Microsoft 365 through Microsoft Graph v1.0. One item is a series master (with its exceptions and
 * cancelled occurrences, as far as the window shows them) or a single event; remoteId is the
 * master's id and etag the master's own @odata.etag, which Exchange changes whenever an exception
 * changes (exceptions live inside the master item), so it versions the whole item and is what
 * If-Match needs.
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
        // An event write Graph will not take as sent (invalid content, no permission on it).
        if ((response.status === 400 || response.status === 403) && init.method !== undefined && init.method !== 'GET' && !path.startsWith('/subscriptions')) {
          throw new ItemRefusedError(`Microsoft Graph refused ${detail}`);
        }
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

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * A round of `calendarView/delta` (https://learn.microsoft.com/en-us/graph/delta-query-events):
   * single events become items as they come; a series whose occurrence, exception or master came
   * is read again whole (master and its instances in the window). A removed row names only an
   * id: an event that still answers GET left the window or moved (read as changed), one that
   * answers 404 is gone. A gone id may be a single event's or an instance's (a cancelled
   * occurrence, or one of a deleted series, which shows only as its instances' removals): the
   * result says so, and the reconciler looks up the series it knows (PullResult.unattributedRemovals).
   */
  async pull(calendar: ProviderCalendar, token: string | null, options: PullOptions = {}): Promise<PullResult> {
    const round = token === null ? { startedAt: this.now(), deltaLink: '' } : readRound(token);
    if (this.now() - round.startedAt > ROUND_MAX_AGE_MS) throw new TokenInvalidError('the delta round is a month old: a new round moves its window');
    const window = windowFrom(round.startedAt);
    const init = options.signal ? { signal: options.signal } : {};
    const rows: RoundRows = { singles: new Map(), series: new Set(), removed: new Set(), unreadable: [] };
    let next = token === null ? `/me/calendars/${encodeURIComponent(calendar.remoteId)}/calendarView/delta?startDateTime=${iso(window.start)}&endDateTime=${iso(window.end)}` : round.deltaLink;
    let deltaLink: string | undefined;
    while (deltaLink === undefined) {
      const page = await this.json<DeltaPage>(next, init);
      for (const row of page.value) sortRow(row, rows);
      if (page['@odata.nextLink']) next = page['@odata.nextLink'];
      else if (page['@odata.deltaLink']) deltaLink = page['@odata.deltaLink'];
      else throw new ProviderUnavailableError('a Graph delta page without nextLink or deltaLink');
    }

    const deleted: string[] = [];
    for (const id of rows.removed) {
      const event = await this.eventOrUndefined(id, init);
      if (event) sortRow(event, rows);
      else deleted.push(id);
    }
    const unattributedRemovals = deleted.length > 0;

    const changed: RemoteItem[] = [];
    const unreadable = rows.unreadable;
    // Counted once the listing is done, when the total is known: single events, then series (a read each).
    const total = unreadable.length + rows.singles.size + rows.series.size;
    const build = async (id: string, etag: string, read: () => Promise<RemoteItem>): Promise<void> => {
      try {
        changed.push(await read());
      } catch (error) {
        if (error instanceof NotFoundError) deleted.push(id);
        else if (error instanceof InvalidProviderDataError) unreadable.push({ remoteId: id, etag, reason: error.message });
        else throw error;
      }
      options.onProgress?.({ done: changed.length + unreadable.length, total });
    };
    for (const event of rows.singles.values()) await build(event.id, event['@odata.etag'] ?? '', async () => this.toItem(event, [], window));
    for (const id of rows.series) await build(id, '', () => this.readItem(id, window, init));
    // A series deleted while it was read is neither: the last step says what came of the total.
    options.onProgress?.({ done: changed.length + unreadable.length, total: changed.length + unreadable.length });

    const ended: DeltaRound = { startedAt: round.startedAt, deltaLink };
    return {
      kind: token === null ? 'full' : 'incremental',
      changed,
      deleted: token === null ? [] : deleted,
      token: JSON.stringify(ended),
      window: { start: iso(window.start), end: iso(window.end) },
      ...(token !== null && unattributedRemovals ? { unattributedRemovals } : {}),
      ...(unreadable.length ? { unreadable } : {}),
    };
  }

  private async eventOrUndefined(id: string, init: { signal?: AbortSignal }): Promise<GraphEvent | undefined> {
    try {
      return await this.json<GraphEvent>(`/me/events/${encodeURIComponent(id)}`, init);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The window of a read outside a delta round (get, and the echo of a write): the one a round started now would have. */
  private currentWindow(): ViewWindow {
    return windowFrom(this.now());
  }

  /** An item: the event, or a series' master with its instances in the window. */
  private async readItem(id: string, window: ViewWindow, init: { signal?: AbortSignal } = {}): Promise<RemoteItem> {
    const master = await this.json<GraphEvent>(`/me/events/${encodeURIComponent(id)}`, init);
    if (master.type !== 'seriesMaster') return this.toItem(master, [], window);
    // https://learn.microsoft.com/en-us/graph/api/event-list-instances?view=graph-rest-1.0: the
    // occurrences and exceptions in a range, paged with @odata.nextLink.
    const instances: GraphEvent[] = [];
    let next: string | undefined = `/me/events/${encodeURIComponent(id)}/instances?startDateTime=${iso(window.start)}&endDateTime=${iso(window.end)}`;
    while (next) {
      const page: DeltaPage = await this.json<DeltaPage>(next, init);
      instances.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return this.toItem(master, instances, window);
  }

  async get(_calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined> {
    try {
      return await this.readItem(remoteId, this.currentWindow());
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
    return this.readItem(created.id, this.currentWindow());
  }

  async update(_calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem> {
    const [master, ...overrides] = content.events;
    if (!master) throw new InvalidProviderDataError('an item without events');
    const now = await this.readItem(remoteId, this.currentWindow());
    if (now.etag !== etag) throw new PreconditionFailedError(`${remoteId} changed since ${etag}`);
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
    return this.readItem(remoteId, this.currentWindow());
  }

  /** Cancels and edits occurrences of a series: an edit of one instance writes an exception. */
  private async applyInstances(masterId: string, master: ProviderEvent, overrides: ProviderEvent[], cancelled: string[], existing: ProviderEvent[]): Promise<void> {
    const zone = isAllDayTime(master.start) ? 'UTC' : master.start.timeZone;
    const instanceAt = async (originalStart: string): Promise<GraphEvent | undefined> => {
      const local = originalStart.length === 10 ? `${originalStart}T00:00:00` : normalizeLocalDateTime(originalStart);
      const instant = localToInstant(local, zone);
      const window = `startDateTime=${new Date(instant - 2 * 86_400_000).toISOString()}&endDateTime=${new Date(instant + 2 * 86_400_000).toISOString()}`;
      const { value } = await this.json<{ value: GraphEvent[] }>(`/me/events/${encodeURIComponent(masterId)}/instances?${window}`);
      return value.find((instance) => instance.originalStart && Date.parse(instance.originalStart) === instant);
    };
    for (const exdate of master.recurrence?.exdates ?? []) {
      if (cancelled.includes(normalizeLocalDateTime(exdate))) continue;
      // No instance there: it is cancelled already (outside the window a read cannot tell).
      const instance = await instanceAt(exdate);
      if (instance) await this.graph(`/me/events/${encodeURIComponent(instance.id)}`, { method: 'DELETE' });
    }
    for (const override of overrides) {
      const original = override.originalStart;
      if (!original) throw new InvalidProviderDataError('an override without originalStart');
      const same = existing.find((candidate) => normalizeLocalDateTime(candidate.originalStart ?? '') === normalizeLocalDateTime(original));
      if (same && JSON.stringify(same) === JSON.stringify(override)) continue;
      const instance = await instanceAt(original);
      if (!instance) throw new InvalidProviderDataError(`the series has no instance at ${original}`);
      await this.graph(`/me/events/${encodeURIComponent(instance.id)}`, { method: 'PATCH', body: toGraph(override, false) });
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

  /**
   * A single event, or a series from its master and its instances in `window`: exceptions become
   * overrides, and an occurrence the pattern places well inside the window that no instance
   * stands for was cancelled (an EXDATE at the series' local time).
   */
  private toItem(master: GraphEvent, instances: GraphEvent[], window: ViewWindow): RemoteItem {
    const first = fromGraph(master);
    const zone = isAllDayTime(first.start) ? 'UTC' : first.start.timeZone;
    const originalLocal = (instance: GraphEvent): string => {
      if (!instance.originalStart) throw new InvalidProviderDataError(`instance ${instance.id} of ${master.id} without originalStart`);
      return instantToLocal(Date.parse(instance.originalStart), zone);
    };
    if (first.recurrence && master.recurrence) {
      const time = isAllDayTime(first.start) ? '' : first.start.dateTime.slice(10);
      const present = new Set(instances.map((instance) => originalLocal(instance).slice(0, 10)));
      // A day in from each edge: an instance there may lie partly outside and not be listed.
      const from = addDaysToLocalDate(instantToLocal(window.start, zone).slice(0, 10), 1);
      const to = addDaysToLocalDate(instantToLocal(window.end, zone).slice(0, 10), -1);
      first.recurrence.exdates = occurrenceDates(master.recurrence, to)
        .filter((date) => date >= from && !present.has(date))
        .map((date) => `${date}${time}`);
    }
    const overrides = instances
      .filter((instance) => instance.type === 'exception')
      .map((exception) => {
        const local = originalLocal(exception);
        return { ...fromGraph(exception), originalStart: isAllDayTime(first.start) ? local.slice(0, 10) : local };
      });
    return { remoteId: master.id, etag: master['@odata.etag'] ?? '', uid: master.transactionId || master.iCalUId || master.id, events: [first, ...overrides] };
  }
}

/** Files a delta row: a single event, a change to a series (by its master), or a removal. */
function sortRow(row: GraphEvent, rows: RoundRows): void {
  if (row['@removed']) {
    rows.singles.delete(row.id);
    rows.removed.add(row.id);
    return;
  }
  rows.removed.delete(row.id);
  if (row.type === 'seriesMaster') rows.series.add(row.id);
  else if (row.type === 'occurrence' || row.type === 'exception') {
    if (row.seriesMasterId) rows.series.add(row.seriesMasterId);
    else rows.unreadable.push({ remoteId: row.id, etag: row['@odata.etag'] ?? '', reason: `${row.type} ${row.id} without seriesMasterId` });
  } else rows.singles.set(row.id, row);
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
