import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { instantToIso, isValidTimeZone, localToInstant } from '../../../src/domain/time';

/**
 * A local stand-in for Google Calendar API v3 and Google's OAuth 2.0 token endpoint, for tests
 * only. It follows the public reference for what GoogleConnector uses (the URL beside each
 * behaviour) and lets a test act as "another client" (direct edits) and inject faults. Paths are
 * those the real SDK builds from `rootUrl`: `calendar/v3/...` and `/token`.
 *
 * Not modelled: RRULE expansion (events.instances, a virtual instance's events.get), ACL,
 * reminders, attachments, conference data, colors. Watch channels are modelled for events.watch
 * only (see `watch` below).
 */

export interface GoogleEventTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface GoogleEvent {
  kind: 'calendar#event';
  id: string;
  etag: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  iCalUID: string;
  created: string;
  updated: string;
  sequence: number;
  summary?: string;
  description?: string;
  location?: string;
  transparency?: 'opaque' | 'transparent';
  start?: GoogleEventTime;
  end?: GoogleEventTime;
  recurrence?: string[];
  recurringEventId?: string;
  originalStartTime?: GoogleEventTime;
  attendees?: Array<{ email: string; displayName?: string; responseStatus?: string; optional?: boolean }>;
  organizer?: { email?: string; displayName?: string; self?: boolean };
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
}

export interface DoubleCalendar {
  id: string;
  summary: string;
  timeZone: string;
  /** https://developers.google.com/calendar/api/v3/reference/calendarList#accessRole */
  accessRole: 'owner' | 'writer' | 'reader' | 'freeBusyReader';
  backgroundColor?: string;
}

export interface InjectedFault {
  status: number;
  /** The `errors[0].reason` of Google's error body, e.g. `rateLimitExceeded`, `backendError`. */
  reason?: string;
  /** Sent as the Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Only requests with this method take the fault; any when absent. */
  method?: string;
  /** The request is carried out but its answer is lost (the connection drops); `status` is unused. */
  lostResponse?: boolean;
}

interface StoredEvent {
  event: GoogleEvent;
  /** The change counter when last written: what sync tokens are compared against. */
  changeSeq: number;
}

interface CalendarState extends DoubleCalendar {
  events: Map<string, StoredEvent>;
}

interface Listing {
  calendarId: string;
  ids: string[];
  offset: number;
  /** The change counter at the start of the listing: the next sync token covers up to it. */
  syncSeq: number;
  /** The sync token the listing started from, if any: invalidating it fails its pages too. */
  fromSyncToken?: string;
}

/** https://developers.google.com/calendar/api/v3/reference/channels: a channel as the double keeps it. */
interface WatchChannel {
  id: string;
  calendarId: string;
  resourceId: string;
  address: string;
  token?: string;
  /** Milliseconds since the epoch. */
  expiration: number;
  /** X-Goog-Message-Number of the last message sent: 1 is the `sync` message. */
  messageNumber: number;
  /** A change is waiting to be told (changes in one turn of the event loop make one message). */
  pending: boolean;
}

/** One message the double POSTed to a channel's address, with the answer it got. */
export interface DeliveredNotification {
  channelId: string;
  state: 'sync' | 'exists';
  /** The HTTP status of the receiver's answer, or 0 when it could not be reached. */
  status: number;
}

interface IssuedAccessToken {
  /** The refresh token (or code grant's) it came from: revoking that revokes it too. */
  refreshToken: string;
  expiresAt: number;
}

interface AuthorizationCode {
  clientId: string;
  codeChallenge: string;
  redirectUri: string;
}

export interface GoogleDoubleOptions {
  /** Lifetime of issued access tokens (`expires_in`); Google's is 3599 s. */
  accessTokenLifetimeSeconds?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DEFAULT_PAGE = 250;
const MAX_PAGE = 2500;
/** https://developers.google.com/calendar/api/v3/reference/events/insert: base32hex, 5–1024 chars. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
/** The longest a channel lives here: the double's own choice (the service may also shorten what is asked). */
const MAX_CHANNEL_LIFETIME_MS = 7 * 24 * 3600_000;
/** An instance's id: the series id, `_`, and the original start in UTC (or the date, all-day). */
const INSTANCE_ID = /^([a-v0-9]{5,1024})_(\d{8}(?:T\d{6}Z)?)$/;

function token(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('base64url')}`;
}

export class GoogleCalendarDouble {
  private readonly calendars = new Map<string, CalendarState>();
  private readonly syncTokens = new Map<string, { calendarId: string; seq: number }>();
  private readonly pageTokens = new Map<string, Listing>();
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private readonly refreshTokens = new Map<string, { clientId: string }>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private faults: InjectedFault[] = [];
  private readonly channels = new Map<string, WatchChannel>();
  private readonly deliveries = new Set<Promise<void>>();
  /** Every message sent to a channel's address, in order. */
  readonly notifications: DeliveredNotification[] = [];
  private changeSeq = 0;
  private etagSeq = 1_700_000_000_000_000;
  private accessTokenLifetime: number;
  /**
   * Called before each API request is answered, with its method and URL: a test acts there as
   * another client in the middle of the connector's work (between two pages, between a read and
   * a write).
   */
  onRequest: ((method: string, url: URL) => void) | undefined;
  /** What the tests look at: API requests answered, refresh grants honoured. */
  readonly counts = { apiRequests: 0, refreshGrants: 0, codeGrants: 0 };

  private constructor(
    private readonly server: Server,
    readonly url: string,
    options: GoogleDoubleOptions,
  ) {
    this.accessTokenLifetime = options.accessTokenLifetimeSeconds ?? 3599;
  }

  static async start(options: GoogleDoubleOptions = {}): Promise<GoogleCalendarDouble> {
    let double: GoogleCalendarDouble | undefined;
    const server = createServer((request, response) => void double?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    double = new GoogleCalendarDouble(server, `http://127.0.0.1:${port}`, options);
    return double;
  }

  /** What `calendar({ rootUrl })` takes. */
  get rootUrl(): string {
    return `${this.url}/`;
  }

  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  /** The consent page (Google's is `https://accounts.google.com/o/oauth2/v2/auth`). */
  get authUrl(): string {
    return `${this.url}/o/oauth2/v2/auth`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting from tests ----

  addCalendar(calendar: Omit<DoubleCalendar, 'accessRole'> & { accessRole?: DoubleCalendar['accessRole'] }): void {
    this.calendars.set(calendar.id, { accessRole: 'owner', ...calendar, events: new Map() });
  }

  /** A refresh token as if the user had consented (the loopback consent flow is not modelled). */
  issueRefreshToken(clientId: string): string {
    const refresh = token('1//r-');
    this.refreshTokens.set(refresh, { clientId });
    return refresh;
  }

  /** What the consent page would hand the loopback redirect, bound to a PKCE S256 challenge. */
  authorize(clientId: string, codeChallenge: string, redirectUri: string): string {
    const code = token('4/c-');
    this.codes.set(code, { clientId, codeChallenge, redirectUri });
    return code;
  }

  /** What the user answers on the consent page (`/o/oauth2/v2/auth`): grant unless told otherwise. */
  consentAnswer: 'grant' | 'deny' = 'grant';

  /** The user revoked access (https://myaccount.google.com/permissions): refreshes get invalid_grant. */
  /** The user removed TempoPilot's access in their Google account: every grant is gone. */
  revokeAllRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  revokeRefreshToken(refresh: string): void {
    this.refreshTokens.delete(refresh);
    for (const [access, issued] of this.accessTokens) if (issued.refreshToken === refresh) this.accessTokens.delete(access);
  }

  /** Every access token issued so far stops working (as at expiry): the API answers 401. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  setAccessTokenLifetime(seconds: number): void {
    this.accessTokenLifetime = seconds;
  }

  /** The server forgets every sync token (and the listings paging from one): 410 GONE. */
  invalidateSyncTokens(): void {
    this.syncTokens.clear();
  }

  /** The next API requests (not the token endpoint) are answered with these faults, in order. */
  injectFaults(...faults: InjectedFault[]): void {
    this.faults.push(...faults);
  }

  events(calendarId: string): GoogleEvent[] {
    return [...this.calendarState(calendarId).events.values()].map((stored) => structuredClone(stored.event));
  }

  event(calendarId: string, eventId: string): GoogleEvent | undefined {
    const stored = this.calendarState(calendarId).events.get(eventId);
    return stored && structuredClone(stored.event);
  }

  /** Another client inserts an event (or an exception, given an instance id). */
  insertEvent(calendarId: string, body: Partial<GoogleEvent>): GoogleEvent {
    const calendar = this.calendarState(calendarId);
    const id = body.id ?? this.newEventId();
    return structuredClone(INSTANCE_ID.test(id) ? this.writeInstance(calendar, id, body, undefined, 'replace') : this.insert(calendar, { ...body, id }));
  }

  /** Another client patches an event: a new etag, a new change. */
  patchEvent(calendarId: string, eventId: string, fields: Partial<GoogleEvent>): GoogleEvent {
    return structuredClone(this.modify(this.calendarState(calendarId), eventId, fields, undefined, 'patch'));
  }

  /** Another client deletes an event (a series: every exception too; an instance: a cancelled exception). */
  deleteEvent(calendarId: string, eventId: string): void {
    this.remove(this.calendarState(calendarId), eventId, undefined);
  }

  /** The channels that are open now (not stopped, not expired). */
  openChannels(): Array<{ id: string; calendarId: string; resourceId: string; expiration: number }> {
    return [...this.channels.values()].filter((channel) => channel.expiration > Date.now()).map(({ id, calendarId, resourceId, expiration }) => ({ id, calendarId, resourceId, expiration }));
  }

  /** Resolves when every message sent so far has had its answer. */
  async notificationsSettled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  // ---- HTTP ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', this.url);
      const body = await readBody(request);
      if (url.pathname === '/token' && request.method === 'POST') return this.tokenEndpoint(body, response);
      if (url.pathname === '/o/oauth2/v2/auth' && request.method === 'GET') return this.consentPage(url, response);
      this.counts.apiRequests += 1;
      this.authenticate(request);
      this.onRequest?.(request.method ?? 'GET', url);
      const fault = this.takeFault(request.method ?? 'GET');
      if (fault?.lostResponse) {
        this.route(request.method ?? 'GET', url, body, request.headers['if-match']);
        response.destroy();
        return;
      }
      if (fault) throw new HttpError(fault.status, fault.reason ?? 'backendError', `injected ${fault.status}`, fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
      const answer = this.route(request.method ?? 'GET', url, body, request.headers['if-match']);
      if (answer === undefined) {
        response.writeHead(204).end();
        return;
      }
      sendJson(response, 200, answer);
    } catch (error) {
      if (error instanceof HttpError) {
        // https://developers.google.com/calendar/api/guides/errors: the v3 error body.
        sendJson(response, error.status, { error: { code: error.status, message: error.message, errors: [{ domain: error.reason === 'rateLimitExceeded' ? 'usageLimits' : 'global', reason: error.reason, message: error.message }] } }, error.headers);
        return;
      }
      sendJson(response, 500, { error: { code: 500, message: String(error), errors: [{ domain: 'global', reason: 'backendError', message: String(error) }] } });
    }
  }

  private takeFault(method: string): InjectedFault | undefined {
    const index = this.faults.findIndex((fault) => !fault.method || fault.method === method);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  /**
   * https://developers.google.com/identity/protocols/oauth2/native-app#step-2:-send-a-request-to-googles-oauth-2.0-server
   * and #handlingresponse: the user's answer goes to the loopback `redirect_uri` with `code` (or
   * `error=access_denied`) and the `state` given. Here the user answers at once.
   */
  private consentPage(url: URL, response: ServerResponse): void {
    const params = url.searchParams;
    const redirect = params.get('redirect_uri') ?? '';
    const clientId = params.get('client_id') ?? '';
    if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(redirect) || !clientId || params.get('response_type') !== 'code') {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Error 400: invalid_request');
      return;
    }
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Error 400: invalid_request (PKCE S256 expected)');
      return;
    }
    const target = new URL(redirect);
    if (this.consentAnswer === 'deny') target.searchParams.set('error', 'access_denied');
    else target.searchParams.set('code', this.authorize(clientId, params.get('code_challenge') ?? '', redirect));
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.href }).end();
  }

  /**
   * https://developers.google.com/identity/protocols/oauth2/native-app#exchange-authorization-code
   * and #offline (refreshing): form-encoded grants; `invalid_grant` for a revoked refresh token or
   * a bad code / code_verifier (https://datatracker.ietf.org/doc/html/rfc6749#section-5.2).
   */
  private tokenEndpoint(body: string, response: ServerResponse): void {
    const form = new URLSearchParams(body);
    const clientId = form.get('client_id') ?? '';
    const refuse = (error: string, description: string) => sendJson(response, 400, { error, error_description: description });
    if (!clientId) return refuse('invalid_request', 'Missing required parameter: client_id');
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      const known = this.refreshTokens.get(refresh);
      if (!known || known.clientId !== clientId) return refuse('invalid_grant', 'Token has been expired or revoked.');
      this.counts.refreshGrants += 1;
      return sendJson(response, 200, this.issueAccess(refresh));
    }
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = this.codes.get(code);
      this.codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!pending || pending.clientId !== clientId || pending.redirectUri !== form.get('redirect_uri') || pending.codeChallenge !== challenge) {
        return refuse('invalid_grant', 'Malformed auth code.');
      }
      this.counts.codeGrants += 1;
      const refresh = this.issueRefreshToken(clientId);
      return sendJson(response, 200, { ...this.issueAccess(refresh), refresh_token: refresh });
    }
    return refuse('unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
  }

  private issueAccess(refreshToken: string): Record<string, unknown> {
    const access = token('ya29.');
    this.accessTokens.set(access, { refreshToken, expiresAt: Date.now() + this.accessTokenLifetime * 1000 });
    return { access_token: access, expires_in: this.accessTokenLifetime, scope: 'https://www.googleapis.com/auth/calendar', token_type: 'Bearer' };
  }

  /** https://developers.google.com/calendar/api/guides/errors#401_invalid_credentials */
  private authenticate(request: IncomingMessage): void {
    const header = request.headers.authorization ?? '';
    const issued = this.accessTokens.get(header.replace(/^Bearer /, ''));
    if (!issued || issued.expiresAt <= Date.now()) {
      throw new HttpError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' });
    }
  }

  private route(method: string, url: URL, body: string, ifMatch: string | string[] | undefined): unknown {
    const path = url.pathname.replace(/^\/calendar\/v3/, '');
    const etag = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
    if (path === '/users/me/calendarList' && method === 'GET') return this.calendarList(url.searchParams);
    if (path === '/channels/stop' && method === 'POST') return this.stopChannel(parseJson(body) as { id?: string; resourceId?: string });
    const watched = /^\/calendars\/([^/]+)\/events\/watch$/.exec(path);
    if (watched && method === 'POST') return this.watch(this.calendarState(decodeURIComponent(watched[1] ?? '')), parseJson(body) as WatchRequest);
    const match = /^\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (!match) throw new HttpError(404, 'notFound', `no route ${method} ${url.pathname}`);
    const calendar = this.calendarState(decodeURIComponent(match[1] ?? ''));
    const eventId = match[2] && decodeURIComponent(match[2]);
    const json = () => parseJson(body);
    if (!eventId) {
      if (method === 'GET') return this.list(calendar, url.searchParams);
      if (method === 'POST') {
        this.expectWritable(calendar);
        return this.insert(calendar, json());
      }
    } else {
      if (method === 'GET') return this.get(calendar, eventId);
      if (method === 'PUT' || method === 'PATCH') {
        this.expectWritable(calendar);
        const mode = method === 'PUT' ? 'replace' : 'patch';
        return INSTANCE_ID.test(eventId) ? this.writeInstance(calendar, eventId, json(), etag, mode) : this.modify(calendar, eventId, json(), etag, mode);
      }
      if (method === 'DELETE') {
        this.expectWritable(calendar);
        this.remove(calendar, eventId, etag);
        return undefined;
      }
    }
    throw new HttpError(405, 'badRequest', `${method} is not allowed here`);
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events/watch and
   * https://developers.google.com/calendar/api/guides/push#making-watch-requests: the client
   * names the channel (`id`, unique, at most 64 characters), `type` is `web_hook`, `address` an
   * HTTPS URL (the double also takes http on a loopback host, where tests listen), `token` is
   * optional (at most 256 characters) and echoed in every message; `expiration` (ms) is what the
   * client asks, the answer carries what it got. A `sync` message follows at once.
   */
  private watch(calendar: CalendarState, request: WatchRequest): unknown {
    if (!request.id || !/^[A-Za-z0-9\-_+/=]{1,64}$/.test(request.id)) throw new HttpError(400, 'invalid', 'Invalid channel id.');
    if (request.type !== 'web_hook') throw new HttpError(400, 'invalid', `Invalid channel type: ${request.type ?? ''}`);
    if (!isNotificationAddress(request.address)) throw new HttpError(400, 'push.webhookUrlNotHttps', 'WebHook callback must be HTTPS.');
    if (request.token !== undefined && request.token.length > 256) throw new HttpError(400, 'invalid', 'Channel token too long.');
    if (this.channels.has(request.id)) throw new HttpError(400, 'channelIdNotUnique', 'Channel id not unique.');
    const ceiling = Date.now() + MAX_CHANNEL_LIFETIME_MS;
    const asked = request.expiration === undefined ? ceiling : Number(request.expiration);
    const channel: WatchChannel = {
      id: request.id,
      calendarId: calendar.id,
      resourceId: token('r-'),
      address: request.address as string,
      ...(request.token !== undefined ? { token: request.token } : {}),
      expiration: Math.min(Number.isFinite(asked) ? asked : ceiling, ceiling),
      messageNumber: 0,
      pending: false,
    };
    this.channels.set(channel.id, channel);
    this.deliver(channel, 'sync');
    return {
      kind: 'api#channel',
      id: channel.id,
      resourceId: channel.resourceId,
      resourceUri: `${this.url}/calendar/v3/calendars/${encodeURIComponent(calendar.id)}/events?alt=json`,
      ...(channel.token !== undefined ? { token: channel.token } : {}),
      expiration: String(channel.expiration),
    };
  }

  /** https://developers.google.com/calendar/api/v3/reference/channels/stop: id and resourceId must match; an unknown channel is 404. */
  private stopChannel(request: { id?: string; resourceId?: string }): undefined {
    const channel = request.id === undefined ? undefined : this.channels.get(request.id);
    if (!channel || channel.resourceId !== request.resourceId) throw new HttpError(404, 'notFound', `Channel '${request.id ?? ''}' not found for project`);
    this.channels.delete(channel.id);
    return undefined;
  }

  /** A change to a watched calendar: one `exists` message per channel for the changes of this turn. */
  private notifyChange(calendarId: string): void {
    for (const channel of this.channels.values()) {
      if (channel.calendarId !== calendarId || channel.pending || channel.expiration <= Date.now()) continue;
      channel.pending = true;
      setImmediate(() => {
        channel.pending = false;
        if (this.channels.get(channel.id) === channel) this.deliver(channel, 'exists');
      });
    }
  }

  /**
   * https://developers.google.com/calendar/api/guides/push#receiving-notifications: a POST with
   * no body (the reference's example still says `Content-Type: application/json; utf-8`) and the
   * X-Goog-* headers (the expiration as an HTTP date); message numbers increase per channel. The
   * receiver answers 200, 201, 202, 204 or 102 to acknowledge.
   */
  private deliver(channel: WatchChannel, state: DeliveredNotification['state']): void {
    channel.messageNumber += 1;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; utf-8',
      'X-Goog-Channel-ID': channel.id,
      'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-URI': `${this.url}/calendar/v3/calendars/${encodeURIComponent(channel.calendarId)}/events?alt=json`,
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(channel.messageNumber),
      ...(channel.token !== undefined ? { 'X-Goog-Channel-Token': channel.token } : {}),
    };
    const delivery = fetch(channel.address, { method: 'POST', headers })
      .then(async (response) => {
        await response.arrayBuffer();
        this.notifications.push({ channelId: channel.id, state, status: response.status });
      })
      .catch(() => {
        this.notifications.push({ channelId: channel.id, state, status: 0 });
      })
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  /** https://developers.google.com/calendar/api/v3/reference/calendarList/list (paged). */
  private calendarList(params: URLSearchParams): unknown {
    const all = [...this.calendars.values()];
    const start = Number(params.get('pageToken') ?? 0);
    const size = Math.min(Number(params.get('maxResults') ?? 100), 250);
    const page = all.slice(start, start + size);
    return {
      kind: 'calendar#calendarList',
      items: page.map(({ id, summary, timeZone, accessRole, backgroundColor }) => ({ kind: 'calendar#calendarListEntry', id, summary, timeZone, accessRole, ...(backgroundColor ? { backgroundColor } : {}) })),
      ...(start + size < all.length ? { nextPageToken: String(start + size) } : {}),
    };
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events/list and
   * https://developers.google.com/calendar/api/guides/sync: a listing is paged by `maxResults`
   * (default 250, at most 2500) with `nextPageToken`; its last page carries `nextSyncToken`. With
   * `syncToken` only what changed since is listed, deleted events included (status "cancelled")
   * whatever `showDeleted` says; a token the server no longer honours answers 410 GONE. Recurring
   * events come back as masters plus exceptions (`singleEvents=false`, the default).
   */
  private list(calendar: CalendarState, params: URLSearchParams): unknown {
    const pageToken = params.get('pageToken');
    const syncToken = params.get('syncToken');
    if (params.get('singleEvents') === 'true') throw new HttpError(400, 'badRequest', 'singleEvents=true is not modelled by this double');
    let listing: Listing;
    if (pageToken) {
      const known = this.pageTokens.get(pageToken);
      if (!known || known.calendarId !== calendar.id) throw new HttpError(400, 'badRequest', 'Invalid page token value.');
      if (known.fromSyncToken && !this.syncTokens.has(known.fromSyncToken)) throw new HttpError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      listing = known;
    } else if (syncToken) {
      for (const restricted of ['iCalUID', 'timeMin', 'timeMax', 'q', 'orderBy', 'updatedMin']) {
        if (params.has(restricted)) throw new HttpError(400, 'invalid', `${restricted} cannot be used with syncToken`);
      }
      const since = this.syncTokens.get(syncToken);
      if (!since || since.calendarId !== calendar.id) throw new HttpError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      const ids = [...calendar.events.values()].filter((stored) => stored.changeSeq > since.seq).sort((a, b) => a.changeSeq - b.changeSeq).map((stored) => stored.event.id);
      listing = { calendarId: calendar.id, ids, offset: 0, syncSeq: this.changeSeq, fromSyncToken: syncToken };
    } else {
      const showDeleted = params.get('showDeleted') === 'true';
      const iCalUID = params.get('iCalUID');
      const ids = [...calendar.events.values()]
        .filter((stored) => (showDeleted || stored.event.status !== 'cancelled') && (!iCalUID || stored.event.iCalUID === iCalUID))
        .sort((a, b) => a.changeSeq - b.changeSeq)
        .map((stored) => stored.event.id);
      listing = { calendarId: calendar.id, ids, offset: 0, syncSeq: this.changeSeq };
    }
    const size = Math.max(1, Math.min(Number(params.get('maxResults') ?? DEFAULT_PAGE), MAX_PAGE));
    const pageIds = listing.ids.slice(listing.offset, listing.offset + size);
    const items = pageIds.flatMap((id) => {
      const stored = calendar.events.get(id);
      return stored ? [structuredClone(stored.event)] : [];
    });
    const nextOffset = listing.offset + size;
    const page: Record<string, unknown> = { kind: 'calendar#events', summary: calendar.summary, timeZone: calendar.timeZone, items };
    if (nextOffset < listing.ids.length) {
      const next = token('p-');
      this.pageTokens.set(next, { ...listing, offset: nextOffset });
      page.nextPageToken = next;
    } else {
      const next = token('s-');
      this.syncTokens.set(next, { calendarId: calendar.id, seq: listing.syncSeq });
      page.nextSyncToken = next;
    }
    return page;
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events/get: a deleted event is still
   * returned, with status "cancelled"; an id never seen is 404.
   */
  private get(calendar: CalendarState, eventId: string): unknown {
    const stored = calendar.events.get(eventId);
    if (!stored) throw new HttpError(404, 'notFound', 'Not Found');
    return structuredClone(stored.event);
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events/insert: the client may choose
   * the id (base32hex, 5–1024 characters); an id already used, even by a deleted event, is 409.
   * The organizer is the calendar (it is writable only through events.import).
   */
  private insert(calendar: CalendarState, body: Partial<GoogleEvent>): GoogleEvent {
    const id = body.id ?? this.newEventId();
    if (!EVENT_ID.test(id)) throw new HttpError(400, 'invalid', `Invalid resource id value: ${id}`);
    if (calendar.events.has(id)) throw new HttpError(409, 'duplicate', 'The requested identifier already exists.');
    const now = new Date().toISOString();
    const event: GoogleEvent = {
      ...this.writableFields(calendar, body),
      kind: 'calendar#event',
      id,
      iCalUID: body.iCalUID ?? `${id}@google.com`,
      etag: '',
      status: body.status ?? 'confirmed',
      created: now,
      updated: now,
      sequence: 0,
      organizer: { email: calendar.id, displayName: calendar.summary, self: true },
    };
    this.store(calendar, event);
    return structuredClone(event);
  }

  /**
   * events.update (PUT, full replacement) and events.patch (PATCH, merge):
   * https://developers.google.com/calendar/api/v3/reference/events/update. `If-Match` with a
   * stale etag is 412 (https://developers.google.com/calendar/api/guides/version-resources).
   * Updating a deleted event restores it, as the reference allows.
   */
  private modify(calendar: CalendarState, eventId: string, body: Partial<GoogleEvent>, ifMatch: string | undefined, mode: 'replace' | 'patch'): GoogleEvent {
    const stored = calendar.events.get(eventId);
    if (!stored) throw new HttpError(404, 'notFound', 'Not Found');
    if (ifMatch !== undefined && ifMatch !== stored.event.etag && ifMatch !== '*') throw new HttpError(412, 'conditionNotMet', 'Precondition Failed');
    const previous = stored.event;
    const fields = this.writableFields(calendar, mode === 'patch' ? { ...previous, ...body } : body);
    const event: GoogleEvent = {
      ...fields,
      kind: 'calendar#event',
      id: previous.id,
      iCalUID: previous.iCalUID,
      etag: '',
      status: body.status ?? (mode === 'patch' ? previous.status : 'confirmed'),
      created: previous.created,
      updated: new Date().toISOString(),
      sequence: previous.sequence + 1,
      ...(previous.organizer ? { organizer: previous.organizer } : {}),
      ...(previous.recurringEventId ? { recurringEventId: previous.recurringEventId, originalStartTime: previous.originalStartTime } : {}),
    };
    this.store(calendar, event);
    return structuredClone(event);
  }

  /**
   * Writing an instance of a series (its id is `<series id>_<original start>`) makes or changes
   * an exception: an event of its own with `recurringEventId` and `originalStartTime`
   * (https://developers.google.com/calendar/api/guides/recurringevents#modifying_instances).
   * The double does not check that the series actually has an instance at that time.
   */
  private writeInstance(calendar: CalendarState, instanceId: string, body: Partial<GoogleEvent>, ifMatch: string | undefined, mode: 'replace' | 'patch'): GoogleEvent {
    if (calendar.events.has(instanceId)) return this.modify(calendar, instanceId, body, ifMatch, mode);
    const [, seriesId = '', when = ''] = INSTANCE_ID.exec(instanceId) ?? [];
    const series = calendar.events.get(seriesId)?.event;
    if (!series || series.status === 'cancelled' || !series.recurrence?.length) throw new HttpError(404, 'notFound', 'Not Found');
    if (ifMatch !== undefined && ifMatch !== '*') throw new HttpError(412, 'conditionNotMet', 'Precondition Failed');
    const now = new Date().toISOString();
    const event: GoogleEvent = {
      ...this.writableFields(calendar, mode === 'patch' ? { ...series, recurrence: undefined, ...body } : body),
      kind: 'calendar#event',
      id: instanceId,
      iCalUID: series.iCalUID,
      etag: '',
      status: body.status ?? 'confirmed',
      created: now,
      updated: now,
      sequence: 0,
      recurringEventId: seriesId,
      originalStartTime: this.originalStart(series, when),
      ...(series.organizer ? { organizer: series.organizer } : {}),
    };
    delete event.recurrence;
    this.store(calendar, event);
    return structuredClone(event);
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events/delete: the event stays,
   * status "cancelled" (sync lists it so); deleting a series cancels its exceptions, deleting an
   * instance leaves a cancelled exception; deleting it again is 410 "deleted".
   */
  private remove(calendar: CalendarState, eventId: string, ifMatch: string | undefined): void {
    const stored = calendar.events.get(eventId);
    if (!stored && INSTANCE_ID.test(eventId)) {
      this.writeInstance(calendar, eventId, { status: 'cancelled' }, ifMatch, 'patch');
      return;
    }
    if (!stored) throw new HttpError(404, 'notFound', 'Not Found');
    if (stored.event.status === 'cancelled') throw new HttpError(410, 'deleted', 'Resource has been deleted');
    if (ifMatch !== undefined && ifMatch !== stored.event.etag && ifMatch !== '*') throw new HttpError(412, 'conditionNotMet', 'Precondition Failed');
    for (const member of calendar.events.values()) {
      if (member.event.id === eventId || (member.event.recurringEventId === eventId && member.event.status !== 'cancelled')) {
        this.store(calendar, { ...member.event, status: 'cancelled', updated: new Date().toISOString() });
      }
    }
  }

  // ---- helpers ----

  private store(calendar: CalendarState, event: GoogleEvent): void {
    this.changeSeq += 1;
    this.etagSeq += 1 + Math.floor(Math.random() * 1000);
    calendar.events.set(event.id, { event: { ...event, etag: `"${this.etagSeq}"` }, changeSeq: this.changeSeq });
    this.notifyChange(calendar.id);
  }

  private newEventId(): string {
    return randomBytes(16).toString('hex');
  }

  private calendarState(calendarId: string): CalendarState {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw new HttpError(404, 'notFound', 'Not Found');
    return calendar;
  }

  private expectWritable(calendar: CalendarState): void {
    if (calendar.accessRole !== 'owner' && calendar.accessRole !== 'writer') throw new HttpError(403, 'requiredAccessLevel', 'You need to have writer access to this calendar.');
  }

  /** The fields a client may set, validated as the reference says (start/end, recurrence zones). */
  private writableFields(calendar: CalendarState, body: Partial<GoogleEvent>): Omit<GoogleEvent, 'kind' | 'id' | 'iCalUID' | 'etag' | 'status' | 'created' | 'updated' | 'sequence'> {
    const { summary, description, location, transparency, start, end, recurrence, attendees, extendedProperties } = body;
    if (body.status !== 'cancelled') {
      if (!start || !end) throw new HttpError(400, 'required', 'Missing start or end time.');
      // https://developers.google.com/calendar/api/v3/reference/events#start.timeZone
      if (recurrence?.length && start.dateTime && !start.timeZone) throw new HttpError(400, 'required', 'Missing time zone definition for start time.');
    }
    for (const attendee of attendees ?? []) if (!attendee.email) throw new HttpError(400, 'required', 'Missing attendee email.');
    return {
      ...(summary !== undefined ? { summary } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(location !== undefined ? { location } : {}),
      ...(transparency !== undefined ? { transparency } : {}),
      ...(start ? { start: this.normalizedTime(calendar, start) } : {}),
      ...(end ? { end: this.normalizedTime(calendar, end) } : {}),
      ...(recurrence?.length ? { recurrence: [...recurrence] } : {}),
      ...(attendees?.length ? { attendees: attendees.map((attendee) => ({ responseStatus: 'needsAction', ...attendee })) } : {}),
      ...(extendedProperties ? { extendedProperties: structuredClone(extendedProperties) } : {}),
    };
  }

  /**
   * https://developers.google.com/calendar/api/v3/reference/events#start.dateTime: an offset is
   * required unless `timeZone` is given. The server answers with an RFC 3339 offset; this double,
   * like the service, expresses it in the calendar's zone, so a client must not read it as wall time.
   */
  private normalizedTime(calendar: CalendarState, time: GoogleEventTime): GoogleEventTime {
    if (time.date) return { date: time.date };
    if (!time.dateTime) throw new HttpError(400, 'required', 'Missing time.');
    if (time.timeZone && !isValidTimeZone(time.timeZone)) throw new HttpError(400, 'timeRangeEmpty', `Invalid time zone definition: ${time.timeZone}`);
    const hasOffset = /(Z|[+-]\d\d:\d\d)$/.test(time.dateTime);
    if (!hasOffset && !time.timeZone) throw new HttpError(400, 'required', 'Missing time zone definition for start time.');
    const instant = hasOffset ? Date.parse(time.dateTime) : localToInstant(time.dateTime, time.timeZone as string);
    if (Number.isNaN(instant)) throw new HttpError(400, 'invalid', `Invalid dateTime: ${time.dateTime}`);
    return { dateTime: instantToIso(instant, calendar.timeZone), ...(time.timeZone ? { timeZone: time.timeZone } : {}) };
  }

  private originalStart(series: GoogleEvent, when: string): GoogleEventTime {
    if (when.length === 8) return { date: `${when.slice(0, 4)}-${when.slice(4, 6)}-${when.slice(6, 8)}` };
    const iso = `${when.slice(0, 4)}-${when.slice(4, 6)}-${when.slice(6, 8)}T${when.slice(9, 11)}:${when.slice(11, 13)}:${when.slice(13, 15)}Z`;
    const zone = series.start?.timeZone ?? 'UTC';
    return { dateTime: instantToIso(Date.parse(iso), zone), timeZone: zone };
  }
}

interface WatchRequest {
  id?: string;
  type?: string;
  address?: string;
  token?: string;
  expiration?: string | number;
}

/** HTTPS, or http on a loopback host (the double's allowance for tests; Google takes HTTPS only). */
function isNotificationAddress(address: string | undefined): boolean {
  if (!address || !URL.canParse(address)) return false;
  const url = new URL(address);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(body: string): Partial<GoogleEvent> {
  try {
    return JSON.parse(body || '{}') as Partial<GoogleEvent>;
  } catch {
    throw new HttpError(400, 'parseError', 'Parse Error');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));
}
