import { createHash } from 'node:crypto';
import { calendarMultiGet, createAccount, createObject, deleteObject, propfind, syncCollection, updateObject, type DAVResponse } from 'tsdav';
import { z } from 'zod';
import {
  ItemRefusedError,
  InvalidProviderDataError,
  NotFoundError,
  PreconditionFailedError,
  ProviderError,
  ProviderUnavailableError,
  TokenInvalidError,
  type ItemContent,
  type ProviderCalendar,
  type ProviderConnector,
  type PullOptions,
  type PullResult,
  type RemoteItem,
  type UnreadableItem,
} from '../connector';
import { fromICalendar, toICalendar } from '../ical/ics';
import { resolveTzid } from '../ical/timezones';
import { guardedFetch, type CalDavCredentials, type Fetch } from './http';

/**
 * A CalDAV account through tsdav. One item is one calendar object resource (`<uid>.ics`), whose
 * remote id is its absolute URL. Pulls use sync-collection (RFC 6578) where the collection
 * reports it, else the ctag + etag listing vdirsyncer uses; the pull token says which, and
 * carries what the next pull needs (see docs/caldav.md).
 */

export interface CalDavAccount extends CalDavCredentials {
  /** The server (or any URL on it): discovery finds the principal and the calendar home. */
  url: string;
}

export interface CalDavOptions {
  /** `never` forces the ctag + etag fallback even where the server offers sync-collection. */
  syncCollection?: 'auto' | 'never';
  /** Resources fetched per calendar-multiget REPORT. */
  multigetBatchSize?: number;
  timeoutMs?: number;
  fetch?: Fetch;
}

const DEFAULT_BATCH = 200;
const DEFAULT_TIMEOUT_MS = 30_000;
const ICS_TYPE = 'text/calendar; charset=utf-8';
/** 400 bad request, 403 forbidden (no privilege, a precondition of RFC 4791), 413 too large, 415 unsupported, 422 unprocessable. */
const REFUSED_WRITE = new Set([400, 403, 413, 415, 422]);

const SyncTokenSchema = z.object({ mode: z.literal('sync'), token: z.string().min(1) });
/** `etags` keys are hrefs relative to the collection: a 2,000-item map is about 200 kB. */
const EtagTokenSchema = z.object({ mode: z.literal('etag'), ctag: z.string().optional(), etags: z.record(z.string(), z.string()) });
const PullTokenSchema = z.discriminatedUnion('mode', [SyncTokenSchema, EtagTokenSchema]);
type PullToken = z.infer<typeof PullTokenSchema>;

interface Listing {
  /** Absolute URL → etag. */
  etags: Map<string, string>;
  deleted: string[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const inner = (value as { _cdata?: unknown; _text?: unknown })._cdata ?? (value as { _text?: unknown })._text;
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A file name any server stores as is: the UID when it is plain, else its hash. */
function resourceName(uid: string): string {
  return /^[A-Za-z0-9_.-]{1,120}$/.test(uid) && !uid.startsWith('.') ? `${uid}.ics` : `${createHash('sha256').update(uid).digest('hex').slice(0, 40)}.ics`;
}

function hasPrivilege(privileges: unknown, names: readonly string[]): boolean {
  const json = JSON.stringify(privileges ?? {});
  return names.some((name) => json.includes(`"${name}"`));
}

export class CalDavConnector implements ProviderConnector {
  readonly kind = 'caldav';
  private readonly syncSupport = new Map<string, boolean>();

  private constructor(
    private readonly credentials: CalDavCredentials,
    /** The calendar home collection, where listCalendars looks. */
    readonly homeUrl: string,
    private readonly options: Required<Omit<CalDavOptions, 'fetch'>> & { fetch?: Fetch },
  ) {}

  /**
   * Discovers the account (well-known URL, principal, calendar home). Wrong credentials give
   * `AuthExpiredError`, an unreachable or non-CalDAV server `ProviderUnavailableError`.
   */
  static async connect(account: CalDavAccount, options: CalDavOptions = {}): Promise<CalDavConnector> {
    const settled = { syncCollection: options.syncCollection ?? 'auto', multigetBatchSize: options.multigetBatchSize ?? DEFAULT_BATCH, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetch: options.fetch };
    const credentials = { username: account.username, password: account.password };
    const request = guardedFetch(credentials, settled);
    let homeUrl: string | undefined;
    try {
      const discovered = await createAccount({ account: { serverUrl: account.url, accountType: 'caldav' }, fetch: request as typeof fetch });
      homeUrl = discovered.homeUrl;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw new ProviderUnavailableError(`no CalDAV calendar home found at ${new URL(account.url).origin}: ${(error as Error).message}`, { cause: error });
    }
    if (!homeUrl) throw new ProviderUnavailableError(`no CalDAV calendar home found at ${new URL(account.url).origin}`);
    return new CalDavConnector(credentials, ensureSlash(homeUrl), settled);
  }

  private fetcher(signal?: AbortSignal): typeof fetch {
    return guardedFetch(this.credentials, { ...this.options, ...(signal ? { signal } : {}) }) as typeof fetch;
  }

  async listCalendars(): Promise<ProviderCalendar[]> {
    const responses = await propfind({
      url: this.homeUrl,
      depth: '1',
      props: {
        'd:displayname': {},
        'd:resourcetype': {},
        'd:current-user-privilege-set': {},
        'd:supported-report-set': {},
        'ca:calendar-color': {},
        'c:calendar-timezone': {},
        'c:supported-calendar-component-set': {},
      },
      fetch: this.fetcher(),
    });
    const calendars: ProviderCalendar[] = [];
    for (const response of responses) {
      const props = response.props ?? {};
      if (!response.href || !Object.keys(props.resourcetype ?? {}).includes('calendar')) continue;
      const components = JSON.stringify(props.supportedCalendarComponentSet ?? {});
      if (components !== '{}' && components !== '""' && !components.includes('VEVENT')) continue;
      const remoteId = new URL(response.href, this.homeUrl).href;
      this.syncSupport.set(remoteId, JSON.stringify(props.supportedReportSet ?? {}).includes('syncCollection'));
      const color = text(props.calendarColor);
      const timeZone = this.calendarZone(text(props.calendarTimezone));
      calendars.push({
        remoteId,
        name: text(props.displayname) ?? decodeURIComponent(new URL(remoteId).pathname.split('/').filter(Boolean).at(-1) ?? remoteId),
        ...(color ? { color } : {}),
        ...(timeZone ? { timeZone } : {}),
        readOnly: props.currentUserPrivilegeSet === undefined ? false : !hasPrivilege(props.currentUserPrivilegeSet, ['write', 'writeContent', 'all']),
      });
    }
    return calendars;
  }

  private calendarZone(vcalendar: string | undefined): string | undefined {
    const tzid = vcalendar && /^TZID:(.+)$/m.exec(vcalendar)?.[1]?.trim();
    if (!tzid) return undefined;
    const zone = resolveTzid(tzid, { vtimezones: new Map(), defaultTimeZone: '' }, '2000-01-01T00:00:00');
    return zone || undefined;
  }

  async pull(calendar: ProviderCalendar, token: string | null, options: PullOptions = {}): Promise<PullResult> {
    const request = this.fetcher(options.signal);
    const previous = token === null ? undefined : this.parseToken(token);
    const useSync = previous ? previous.mode === 'sync' : await this.offersSyncCollection(calendar, request);
    const listing = useSync ? await this.listBySyncCollection(calendar, previous?.mode === 'sync' ? previous.token : undefined, request) : undefined;
    const etagListing = useSync ? undefined : await this.listByEtags(calendar, previous?.mode === 'etag' ? previous : undefined, request);
    if (etagListing?.unchanged) return { kind: 'incremental', changed: [], deleted: [], token: etagListing.token };
    const { etags, deleted } = (listing ?? etagListing?.listing) as Listing;
    const toFetch = [...etags.keys()];
    const fetched = await this.fetchItems(calendar, toFetch, request, options);
    const result: PullResult = {
      kind: previous ? 'incremental' : 'full',
      changed: fetched.items,
      deleted: previous ? deleted : [],
      token: listing ? JSON.stringify({ mode: 'sync', token: listing.token }) : (etagListing as { token: string }).token,
    };
    if (fetched.unreadable.length > 0) result.unreadable = fetched.unreadable;
    return result;
  }

  private parseToken(token: string): PullToken {
    try {
      const parsed = PullTokenSchema.parse(JSON.parse(token));
      if (parsed.mode === 'sync' && this.options.syncCollection === 'never') throw new Error('sync-collection is turned off');
      return parsed;
    } catch (error) {
      throw new TokenInvalidError(`not a CalDAV pull token of this connector: ${(error as Error).message}`, { cause: error });
    }
  }

  private async offersSyncCollection(calendar: ProviderCalendar, request: typeof fetch): Promise<boolean> {
    if (this.options.syncCollection === 'never') return false;
    const known = this.syncSupport.get(calendar.remoteId);
    if (known !== undefined) return known;
    const [response] = await propfind({ url: calendar.remoteId, depth: '0', props: { 'd:supported-report-set': {} }, fetch: request });
    const offered = JSON.stringify(response?.props?.supportedReportSet ?? {}).includes('syncCollection');
    this.syncSupport.set(calendar.remoteId, offered);
    return offered;
  }

  private isMember(calendar: ProviderCalendar, url: string): boolean {
    return url !== calendar.remoteId && url.startsWith(calendar.remoteId);
  }

  private async listBySyncCollection(calendar: ProviderCalendar, since: string | undefined, request: typeof fetch): Promise<Listing & { token: string }> {
    const responses = await syncCollection({ url: calendar.remoteId, props: { 'd:getetag': {} }, syncLevel: 1, syncToken: since ?? '', fetch: request });
    const etags = new Map<string, string>();
    const deleted: string[] = [];
    let newToken: string | undefined;
    for (const response of responses) {
      newToken ??= text(response.raw?.multistatus?.syncToken);
      if (!response.href) continue;
      const url = new URL(response.href, calendar.remoteId).href;
      if (!this.isMember(calendar, url)) continue;
      if (response.status === 404) deleted.push(url);
      else if (response.ok) etags.set(url, text(response.props?.getetag) ?? '');
    }
    if (responses.length === 1 && !responses[0]?.href && !responses[0]?.ok) {
      throw new ProviderUnavailableError(`sync-collection on ${new URL(calendar.remoteId).pathname} answered ${responses[0]?.status}`);
    }
    if (!newToken) throw new ProviderUnavailableError(`sync-collection on ${new URL(calendar.remoteId).pathname} gave no sync-token`);
    return { etags, deleted, token: newToken };
  }

  private async listByEtags(
    calendar: ProviderCalendar,
    previous: z.infer<typeof EtagTokenSchema> | undefined,
    request: typeof fetch,
  ): Promise<{ unchanged: true; token: string } | { unchanged: false; token: string; listing: Listing }> {
    const [self] = await propfind({ url: calendar.remoteId, depth: '0', props: { 'cs:getctag': {} }, fetch: request });
    const ctag = text(self?.props?.getctag);
    if (previous && ctag !== undefined && ctag === previous.ctag) return { unchanged: true, token: JSON.stringify(previous) };
    const responses = await propfind({ url: calendar.remoteId, depth: '1', props: { 'd:getetag': {}, 'd:resourcetype': {} }, fetch: request });
    const current = new Map<string, string>();
    for (const response of responses) {
      if (!response.href || !response.ok) continue;
      const url = new URL(response.href, calendar.remoteId).href;
      if (this.isMember(calendar, url) && !url.endsWith('/')) current.set(url, text(response.props?.getetag) ?? '');
    }
    const known = new Map(Object.entries(previous?.etags ?? {}).map(([relative, etag]) => [new URL(relative, calendar.remoteId).href, etag]));
    const changed = new Map([...current].filter(([url, etag]) => known.get(url) !== etag));
    const deleted = [...known.keys()].filter((url) => !current.has(url));
    const relativeEtags = Object.fromEntries([...current].map(([url, etag]) => [url.slice(calendar.remoteId.length), etag]));
    const token = JSON.stringify({ mode: 'etag', ...(ctag !== undefined ? { ctag } : {}), etags: relativeEtags });
    return { unchanged: false, token, listing: { etags: previous ? changed : current, deleted } };
  }

  /** calendar-multiget in batches, reporting progress after each. */
  private async fetchItems(calendar: ProviderCalendar, urls: readonly string[], request: typeof fetch, options: PullOptions): Promise<{ items: RemoteItem[]; unreadable: UnreadableItem[] }> {
    const items: RemoteItem[] = [];
    const unreadable: UnreadableItem[] = [];
    options.onProgress?.({ done: 0, total: urls.length });
    for (let start = 0; start < urls.length; start += this.options.multigetBatchSize) {
      options.signal?.throwIfAborted();
      const batch = urls.slice(start, start + this.options.multigetBatchSize);
      for (const read of await this.multiget(calendar, batch, request)) {
        if (read && 'reason' in read) unreadable.push(read);
        else if (read) items.push(read);
      }
      options.onProgress?.({ done: Math.min(urls.length, start + batch.length), total: urls.length });
    }
    return { items, unreadable };
  }

  /**
   * One calendar-multiget. Radicale answers a whole multiget 404 when one href has gone since the
   * listing (tsdav then throws a plain Error): that batch is read one GET at a time instead.
   */
  private async multiget(calendar: ProviderCalendar, urls: readonly string[], request: typeof fetch): Promise<Array<RemoteItem | UnreadableItem | undefined>> {
    let responses: DAVResponse[];
    try {
      responses = await calendarMultiGet({
        url: calendar.remoteId,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        objectUrls: urls.map((url) => new URL(url).pathname),
        depth: '1',
        fetch: request,
      });
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const reads: Array<RemoteItem | UnreadableItem | undefined> = [];
      for (const url of urls) reads.push(await this.getOne(calendar, url, request));
      return reads;
    }
    return responses.map((response) => this.readResponse(calendar, response));
  }

  private readResponse(calendar: ProviderCalendar, response: DAVResponse): RemoteItem | UnreadableItem | undefined {
    if (!response.href || !response.ok) return undefined;
    const remoteId = new URL(response.href, calendar.remoteId).href;
    const etag = text(response.props?.getetag) ?? '';
    const data = text(response.props?.calendarData);
    if (data === undefined) return undefined;
    try {
      const content = fromICalendar(data, calendar.timeZone ? { defaultTimeZone: calendar.timeZone } : {});
      return { remoteId, etag, ...content };
    } catch (error) {
      if (error instanceof InvalidProviderDataError) return { remoteId, etag, reason: error.message };
      throw error;
    }
  }

  async get(calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined> {
    const read = await this.getOne(calendar, remoteId, this.fetcher());
    if (read && 'reason' in read) throw new InvalidProviderDataError(read.reason);
    return read;
  }

  /** GET, with the etag from a PROPFIND when the server sends none with the body. */
  private async getOne(calendar: ProviderCalendar, remoteId: string, request: typeof fetch): Promise<RemoteItem | UnreadableItem | undefined> {
    const response = await request(remoteId, { method: 'GET', headers: { accept: 'text/calendar' } });
    if (response.status === 404 || response.status === 410) return undefined;
    if (!response.ok) throw new ProviderUnavailableError(`GET ${new URL(remoteId).pathname} answered ${response.status} ${response.statusText}`);
    const data = await response.text();
    let etag = response.headers.get('etag') ?? undefined;
    if (!etag) {
      const [self] = await propfind({ url: remoteId, depth: '0', props: { 'd:getetag': {} }, fetch: request });
      etag = text(self?.props?.getetag);
    }
    return this.readResponse(calendar, { href: remoteId, ok: true, status: 200, statusText: 'OK', props: { getetag: etag ?? '', calendarData: data } });
  }

  async create(calendar: ProviderCalendar, content: ItemContent): Promise<RemoteItem> {
    const remoteId = new URL(resourceName(content.uid), calendar.remoteId).href;
    const response = await createObject({ url: remoteId, data: toICalendar(content), headers: { 'content-type': ICS_TYPE, 'if-none-match': '*' }, fetch: this.fetcher() });
    if (response.status === 412 || response.status === 409) {
      throw new PreconditionFailedError(`an item with UID ${content.uid} already exists in ${new URL(calendar.remoteId).pathname} (HTTP ${response.status})`);
    }
    this.expectWritten(response, 'PUT', remoteId);
    return this.written(calendar, remoteId, response, content);
  }

  async update(calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem> {
    const request = this.fetcher();
    const response = await updateObject({ url: remoteId, data: toICalendar(content), etag, headers: { 'content-type': ICS_TYPE }, fetch: request });
    // If-Match on a resource that is gone fails as 412 too (RFC 9110), so 412 needs a second look.
    const gone = response.status === 404 || (response.status === 412 && (await request(remoteId, { method: 'HEAD' })).status === 404);
    if (gone) throw new NotFoundError(`${new URL(remoteId).pathname} is no longer on the server`);
    if (response.status === 412) throw new PreconditionFailedError(`${new URL(remoteId).pathname} changed on the server since etag ${etag}`);
    this.expectWritten(response, 'PUT', remoteId);
    return this.written(calendar, remoteId, response, content);
  }

  async delete(_calendar: ProviderCalendar, remoteId: string, etag: string): Promise<void> {
    const response = await deleteObject({ url: remoteId, etag, fetch: this.fetcher() });
    if (response.status === 404) return;
    if (response.status === 412) throw new PreconditionFailedError(`${new URL(remoteId).pathname} changed on the server since etag ${etag}`);
    this.expectWritten(response, 'DELETE', remoteId);
  }

  private expectWritten(response: Response, method: string, remoteId: string): void {
    // RFC 4791 5.3.2.1: a server refuses data it will not store (invalid, unsupported, too large)
    // or a write it does not allow with a 4xx; the same request would get the same answer.
    if (REFUSED_WRITE.has(response.status)) throw new ItemRefusedError(`${method} ${new URL(remoteId).pathname} was refused: ${response.status} ${response.statusText}`);
    if (!response.ok) throw new ProviderUnavailableError(`${method} ${new URL(remoteId).pathname} answered ${response.status} ${response.statusText}`);
  }

  /**
   * The item as written. A server may omit the ETag (RFC 4791 lets it when it changed the data):
   * then the item is read back, which also gives the server's own version of the content.
   */
  private async written(calendar: ProviderCalendar, remoteId: string, response: Response, content: ItemContent): Promise<RemoteItem> {
    const etag = response.headers.get('etag');
    if (etag) return { remoteId, etag, ...content };
    const stored = await this.get(calendar, remoteId);
    if (!stored) throw new ProviderUnavailableError(`${new URL(remoteId).pathname} was written but cannot be read back`);
    return stored;
  }
}

export function connectCalDav(account: CalDavAccount, options?: CalDavOptions): Promise<CalDavConnector> {
  return CalDavConnector.connect(account, options);
}
