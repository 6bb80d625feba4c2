import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { addDaysToLocalDate, instantToLocal, localToInstant } from '../../../src/domain/time';
import { graphLocal, ianaZone, plainLocal, windowsZone } from './graph-time';
import { occurrenceDates, type PatternedRecurrence } from './recurrence';

/**
 * A local double of the Microsoft Graph v1.0 calendar endpoints the connector uses and of the
 * Microsoft identity platform token endpoint, for tests only. Each behaviour cites the reference
 * it follows. Deliberate simplifications are listed in docs/microsoft.md.
 */

export const DOUBLE_AUTHORITY_HOST = 'login.graph-double.invalid';

interface StoredEvent {
  id: string;
  calendarId: string;
  type: 'singleInstance' | 'seriesMaster' | 'exception';
  changeKey: string;
  /** Sequence number of the last change, what delta tokens are compared against. */
  seq: number;
  iCalUId: string;
  seriesMasterId?: string;
  /** Exceptions: the occurrence's local start date in the series zone (part of occurrenceId). */
  occurrenceDate?: string;
  /** As written by the client, with start/end zones normalised to IANA. */
  fields: Record<string, unknown>;
  /** Masters: local dates of cancelled occurrences. */
  cancelled: string[];
}

interface Tombstone {
  id: string;
  calendarId: string;
  seq: number;
}

interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface GraphTime {
  dateTime: string;
  timeZone: string;
}

export interface DoubleCalendar {
  id: string;
  name: string;
  canEdit: boolean;
}

export class GraphDouble {
  readonly tenant = 'common';
  readonly clientId = 'tempopilot-test-client';
  private server!: Server;
  private origin = '';
  private calendars: DoubleCalendar[] = [];
  private events = new Map<string, StoredEvent>();
  private tombstones: Tombstone[] = [];
  private seq = 0;
  /** Bumped to refuse every delta token handed out so far. */
  private deltaEpoch = 0;
  private accessTokens = new Map<string, number>();
  private refreshTokens = new Set<string>();
  private codes = new Map<string, string>();
  private faults: Fault[] = [];
  /** Page size when the client sends no `Prefer: odata.maxpagesize`. */
  pageSize = 50;
  accessTokenLifetimeSeconds = 3600;
  readonly requests: { method: string; path: string }[] = [];

  static async start(): Promise<GraphDouble> {
    const double = new GraphDouble();
    double.server = createServer((request, response) => {
      double.handle(request, response).catch((error: unknown) => double.send(response, 500, { error: { code: 'generalException', message: String(error) } }));
    });
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    double.origin = `http://127.0.0.1:${(double.server.address() as AddressInfo).port}`;
    return double;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get graphBaseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  /** msal-node insists on an https authority; `networkClient()` carries its calls here instead. */
  get authority(): string {
    return `https://${DOUBLE_AUTHORITY_HOST}/${this.tenant}`;
  }

  // --- scripting API for tests ---------------------------------------------------------------

  addCalendar(name: string, options: { id?: string; canEdit?: boolean } = {}): DoubleCalendar {
    const calendar = { id: options.id ?? `cal-${randomUUID()}`, name, canEdit: options.canEdit ?? true };
    this.calendars.push(calendar);
    return calendar;
  }

  /** A refresh token as the consent flow would have produced it. */
  issueRefreshToken(): string {
    const token = `rt-${randomUUID()}`;
    this.refreshTokens.add(token);
    return token;
  }

  /** An authorization code bound to a PKCE challenge (S256), as /authorize would redirect with. */
  issueAuthorizationCode(codeChallenge: string): string {
    const code = `code-${randomUUID()}`;
    this.codes.set(code, codeChallenge);
    return code;
  }

  /** An access token for a test acting as another client of the same mailbox. */
  issueAccessToken(): string {
    const token = `at-${randomUUID()}`;
    this.accessTokens.set(token, Date.now() + this.accessTokenLifetimeSeconds * 1000);
    return token;
  }

  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  expireAccessTokens(): void {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
  }

  /** Every delta token given so far now answers 410 syncStateNotFound. */
  invalidateDeltaTokens(): void {
    this.deltaEpoch += 1;
  }

  /** The next Graph requests (not token requests) fail with these answers, in order. */
  injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Another client's Graph calls, through the same HTTP surface. */
  async directFetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${this.issueAccessToken()}`);
    if (init.body) headers.set('Content-Type', 'application/json');
    return fetch(`${this.graphBaseUrl}${path}`, { ...init, headers });
  }

  eventCount(calendarId: string): number {
    return [...this.events.values()].filter((event) => event.calendarId === calendarId && event.type !== 'exception').length;
  }

  /** What msal-node needs to treat the double as an authority without instance discovery. */
  authorityMetadata(): string {
    const base = `https://${DOUBLE_AUTHORITY_HOST}/${this.tenant}`;
    return JSON.stringify({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    });
  }

  cloudDiscoveryMetadata(): string {
    return JSON.stringify({
      tenant_discovery_endpoint: `https://${DOUBLE_AUTHORITY_HOST}/${this.tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: DOUBLE_AUTHORITY_HOST, preferred_cache: DOUBLE_AUTHORITY_HOST, aliases: [DOUBLE_AUTHORITY_HOST] }],
    });
  }

  /** An msal-node network module that sends the authority's https calls to this http server. */
  networkClient(): INetworkModule {
    const route = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
      const target = url.replace(`https://${DOUBLE_AUTHORITY_HOST}`, this.origin);
      const response = await fetch(target, { method, headers: options?.headers ?? {}, ...(options?.body !== undefined ? { body: options.body } : {}) });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      return { status: response.status, headers, body: (await response.json()) as T };
    };
    return {
      sendGetRequestAsync: (url, options) => route('GET', url, options),
      sendPostRequestAsync: (url, options) => route('POST', url, options),
    };
  }

  // --- HTTP ------------------------------------------------------------------------------------

  private send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers });
    response.end(body !== undefined ? JSON.stringify(body) : undefined);
  }

  private graphError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    // https://learn.microsoft.com/en-us/graph/errors (error resource shape)
    this.send(response, status, { error: { code, message } }, headers);
  }

  private async readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const method = request.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    const body = await this.readBody(request);
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (method === 'POST' && tokenPath) return this.token(response, new URLSearchParams(body));
    if (method === 'GET' && /^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(url.pathname)) {
      // https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
      return this.send(response, 200, JSON.parse(this.authorityMetadata()));
    }
    if (!url.pathname.startsWith('/v1.0/')) return this.graphError(response, 404, 'BadRequest', 'unknown segment');

    // https://learn.microsoft.com/en-us/graph/auth/auth-concepts#access-tokens: an expired or
    // unknown bearer token answers 401 InvalidAuthenticationToken.
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiry = bearer ? this.accessTokens.get(bearer) : undefined;
    if (expiry === undefined || expiry <= Date.now()) return this.graphError(response, 401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');

    const fault = this.faults.shift();
    if (fault) return this.send(response, fault.status, fault.body ?? { error: { code: fault.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable', message: 'injected' } }, fault.headers);

    const path = url.pathname.slice('/v1.0'.length);
    const prefer = String(request.headers.prefer ?? '');
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/me/calendars') {
      // https://learn.microsoft.com/en-us/graph/api/user-list-calendars?view=graph-rest-1.0
      return this.send(response, 200, { value: this.calendars.map((calendar) => ({ id: calendar.id, name: calendar.name, canEdit: calendar.canEdit, color: 'auto' })) });
    }
    if ((match = /^\/me\/calendars\/([^/]+)\/events\/delta$/.exec(path)) && method === 'GET') return this.delta(response, match[1] as string, url, prefer);
    if ((match = /^\/me\/calendars\/([^/]+)\/events$/.exec(path))) {
      const calendar = this.calendars.find((candidate) => candidate.id === match?.[1]);
      if (!calendar) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (method === 'POST') return this.createEvent(response, calendar, json, prefer);
      if (method === 'GET') return this.listEvents(response, calendar, url, prefer);
    }
    if ((match = /^\/me\/events\/([^/]+)\/instances$/.exec(path)) && method === 'GET') return this.instances(response, match[1] as string, url, prefer);
    if ((match = /^\/me\/events\/([^/]+)$/.exec(path))) {
      const id = match[1] as string;
      if (method === 'GET') return this.getEvent(response, id, url, prefer);
      if (method === 'PATCH') return this.patchEvent(response, id, json, request.headers['if-match'], prefer);
      if (method === 'DELETE') return this.deleteEvent(response, id, request.headers['if-match']);
    }
    return this.graphError(response, 400, 'BadRequest', `unsupported ${method} ${path}`);
  }

  // --- identity platform -----------------------------------------------------------------------

  /** https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token */
  private token(response: ServerResponse, form: URLSearchParams): void {
    const refuse = (error: string, description: string) => this.send(response, 400, { error, error_description: description, error_codes: [70008], timestamp: new Date().toISOString() });
    if (form.get('client_id') !== this.clientId) return refuse('unauthorized_client', 'AADSTS700016: Application not found.');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const challenge = this.codes.get(code);
      this.codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (!challenge || computed !== challenge) return refuse('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired or is invalid.');
    } else if (grant === 'refresh_token') {
      // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
      if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) return refuse('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired or is invalid.');
    } else return refuse('unsupported_grant_type', `AADSTS70003: ${grant}`);
    const uid = '00000000-0000-0000-0000-000000000001';
    const utid = '00000000-0000-0000-0000-00000000000a';
    const now = Math.floor(Date.now() / 1000);
    const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    // An unsigned id token: msal-node reads its claims for the account and does not verify it.
    const idToken = `${segment({ alg: 'none', typ: 'JWT' })}.${segment({ aud: this.clientId, iss: `https://${DOUBLE_AUTHORITY_HOST}/${utid}/v2.0`, iat: now, nbf: now, exp: now + 3600, oid: uid, tid: utid, preferred_username: 'user@contoso.test', name: 'Test User' })}.`;
    this.send(response, 200, {
      token_type: 'Bearer',
      scope: form.get('scope') ?? '',
      expires_in: this.accessTokenLifetimeSeconds,
      ext_expires_in: this.accessTokenLifetimeSeconds,
      access_token: this.issueAccessToken(),
      refresh_token: this.issueRefreshToken(),
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid, utid })).toString('base64url'),
    });
  }

  // --- events ----------------------------------------------------------------------------------

  private bump(event: StoredEvent): void {
    this.seq += 1;
    event.seq = this.seq;
    event.changeKey = randomUUID().replaceAll('-', '').slice(0, 20);
  }

  private masterOf(event: StoredEvent): StoredEvent | undefined {
    return event.seriesMasterId ? this.events.get(event.seriesMasterId) : undefined;
  }

  /** Exchange keeps exceptions inside the master item, so changing one changes the master's change key. */
  private touchSeries(event: StoredEvent): void {
    this.bump(event);
    const master = this.masterOf(event);
    if (master) this.bump(master);
  }

  private normaliseTimes(fields: Record<string, unknown>): string | undefined {
    for (const key of ['start', 'end'] as const) {
      const time = fields[key] as GraphTime | undefined;
      if (!time) continue;
      const zone = ianaZone(time.timeZone);
      if (!zone) return `unknown time zone ${time.timeZone}`;
      fields[key] = { dateTime: plainLocal(time.dateTime), timeZone: zone };
    }
    return undefined;
  }

  private createEvent(response: ServerResponse, calendar: DoubleCalendar, json: Record<string, unknown>, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/user-post-events?view=graph-rest-1.0
    if (!calendar.canEdit) return this.graphError(response, 403, 'ErrorAccessDenied', 'Access is denied.');
    const fields = { ...json };
    const invalid = this.normaliseTimes(fields);
    if (invalid || !fields.start || !fields.end) return this.graphError(response, 400, 'ErrorInvalidRequest', invalid ?? 'start and end are required');
    const event: StoredEvent = {
      id: `AAMk${randomUUID().replaceAll('-', '')}`,
      calendarId: calendar.id,
      type: fields.recurrence ? 'seriesMaster' : 'singleInstance',
      changeKey: '',
      seq: 0,
      iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replaceAll('-', '').toUpperCase()}`,
      fields,
      cancelled: [],
    };
    this.bump(event);
    this.events.set(event.id, event);
    this.send(response, 201, this.render(event, prefer, false));
  }

  private findEvent(id: string): { stored?: StoredEvent; occurrence?: { master: StoredEvent; date: string } } {
    const stored = this.events.get(id);
    if (stored) return { stored };
    const occurrence = /^(.+)_occ_(\d{4}-\d{2}-\d{2})$/.exec(id);
    const master = occurrence ? this.events.get(occurrence[1] as string) : undefined;
    if (master && occurrence && this.liveOccurrenceDates(master).includes(occurrence[2] as string)) return { occurrence: { master, date: occurrence[2] as string } };
    return {};
  }

  private etagOf(event: StoredEvent): string {
    return `W/"${event.changeKey}"`;
  }

  private getEvent(response: ServerResponse, id: string, url: URL, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-get?view=graph-rest-1.0
    const { stored, occurrence } = this.findEvent(id);
    if (occurrence) return this.send(response, 200, this.renderOccurrence(occurrence.master, occurrence.date, prefer));
    if (!stored) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    this.send(response, 200, this.render(stored, prefer, (url.searchParams.get('$expand') ?? '').includes('exceptionOccurrences')));
  }

  private patchEvent(response: ServerResponse, id: string, json: Record<string, unknown>, ifMatch: string | undefined, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-update?view=graph-rest-1.0
    const { stored, occurrence } = this.findEvent(id);
    let target = stored;
    if (occurrence) {
      // Updating an occurrence turns it into an exception of the series (type "exception").
      const base = this.occurrenceFields(occurrence.master, occurrence.date);
      target = {
        id,
        calendarId: occurrence.master.calendarId,
        type: 'exception',
        changeKey: '',
        seq: 0,
        iCalUId: occurrence.master.iCalUId,
        seriesMasterId: occurrence.master.id,
        occurrenceDate: occurrence.date,
        fields: base,
        cancelled: [],
      };
      this.events.set(id, target);
    }
    if (!target) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (stored && ifMatch && ifMatch !== this.etagOf(stored) && ifMatch !== '*') return this.graphError(response, 412, 'ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key of the item.');
    if (target.type === 'seriesMaster' && this.calendars.find((calendar) => calendar.id === target.calendarId)?.canEdit === false) return this.graphError(response, 403, 'ErrorAccessDenied', 'Access is denied.');
    const fields = { ...json };
    const invalid = this.normaliseTimes(fields);
    if (invalid) return this.graphError(response, 400, 'ErrorInvalidRequest', invalid);
    if ('recurrence' in fields && target.type === 'seriesMaster') {
      // Changing a series' recurrence makes Exchange rebuild its occurrences: exceptions and
      // cancellations are dropped (assumed for any recurrence in the body; see docs/microsoft.md).
      for (const event of [...this.events.values()]) if (event.seriesMasterId === target.id) this.events.delete(event.id);
      target.cancelled = [];
    }
    delete fields.transactionId;
    target.fields = { ...target.fields, ...fields };
    this.touchSeries(target);
    this.send(response, 200, this.render(target, prefer, false));
  }

  private deleteEvent(response: ServerResponse, id: string, ifMatch: string | undefined): void {
    // https://learn.microsoft.com/en-us/graph/api/event-delete?view=graph-rest-1.0: deleting an
    // occurrence cancels it; the master then lists it in cancelledOccurrences.
    const { stored, occurrence } = this.findEvent(id);
    if (occurrence) {
      occurrence.master.cancelled.push(occurrence.date);
      this.bump(occurrence.master);
      return this.send(response, 204);
    }
    if (!stored) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (ifMatch && ifMatch !== this.etagOf(stored) && ifMatch !== '*') return this.graphError(response, 412, 'ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key of the item.');
    this.events.delete(stored.id);
    const master = this.masterOf(stored);
    if (master && stored.occurrenceDate) {
      master.cancelled.push(stored.occurrenceDate);
      this.bump(master);
    } else {
      for (const event of [...this.events.values()]) if (event.seriesMasterId === stored.id) this.events.delete(event.id);
      this.seq += 1;
      this.tombstones.push({ id: stored.id, calendarId: stored.calendarId, seq: this.seq });
    }
    this.send(response, 204);
  }

  private listEvents(response: ServerResponse, calendar: DoubleCalendar, url: URL, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/user-list-events?view=graph-rest-1.0 with a
    // $filter on transactionId (the only filter the double understands).
    const filter = /^transactionId eq '(.*)'$/.exec(url.searchParams.get('$filter') ?? '');
    if (!filter) return this.graphError(response, 400, 'BadRequest', 'the double supports only $filter=transactionId eq');
    const wanted = (filter[1] as string).replaceAll("''", "'");
    const value = [...this.events.values()].filter((event) => event.calendarId === calendar.id && event.type !== 'exception' && event.fields.transactionId === wanted);
    this.send(response, 200, { value: value.map((event) => this.render(event, prefer, false)) });
  }

  private delta(response: ServerResponse, calendarId: string, url: URL, prefer: string): void {
    // Delta of a calendar's events, non-expanded (series masters and single events):
    // https://learn.microsoft.com/en-us/graph/api/event-delta?view=graph-rest-beta and paging
    // https://learn.microsoft.com/en-us/graph/delta-query-overview (nextLink pages, deltaLink at
    // the end, deleted items as {id, "@removed": {reason}}). An unknown or expired token answers
    // 410 Gone, code syncStateNotFound: https://learn.microsoft.com/en-us/graph/delta-query-overview#synchronization-reset
    if (!this.calendars.some((calendar) => calendar.id === calendarId)) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const encoded = url.searchParams.get('$deltatoken') ?? url.searchParams.get('$skiptoken');
    let state = { epoch: this.deltaEpoch, since: -1, until: this.seq, offset: 0 };
    if (encoded !== null) {
      try {
        state = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as typeof state;
      } catch {
        return this.graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
      }
      if (state.epoch !== this.deltaEpoch || typeof state.since !== 'number') return this.graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
      if (url.searchParams.has('$deltatoken')) state = { ...state, since: state.until, until: this.seq, offset: 0 };
    }
    const live = [...this.events.values()]
      .filter((event) => event.calendarId === calendarId && event.type !== 'exception' && event.seq > state.since && event.seq <= state.until)
      .map((event) => this.render(event, prefer, false));
    const removed =
      state.since < 0
        ? []
        : this.tombstones
            .filter((tombstone) => tombstone.calendarId === calendarId && tombstone.seq > state.since && tombstone.seq <= state.until)
            .map((tombstone) => ({ '@odata.type': '#microsoft.graph.event', id: tombstone.id, '@removed': { reason: 'deleted' } }));
    const all = [...live, ...removed];
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? this.pageSize);
    const page = all.slice(state.offset, state.offset + size);
    const base = `${this.graphBaseUrl}/me/calendars/${calendarId}/events/delta`;
    const link = (next: object) => Buffer.from(JSON.stringify(next)).toString('base64url');
    const more = state.offset + size < all.length;
    this.send(response, 200, {
      value: page,
      ...(more ? { '@odata.nextLink': `${base}?$skiptoken=${link({ ...state, offset: state.offset + size })}` } : { '@odata.deltaLink': `${base}?$deltatoken=${link({ ...state, offset: 0 })}` }),
    });
  }

  private instances(response: ServerResponse, id: string, url: URL, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-list-instances?view=graph-rest-1.0:
    // occurrences and exceptions whose time overlaps [startDateTime, endDateTime).
    const master = this.events.get(id);
    if (!master || master.type !== 'seriesMaster') return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const from = Date.parse(url.searchParams.get('startDateTime') ?? '');
    const to = Date.parse(url.searchParams.get('endDateTime') ?? '');
    if (Number.isNaN(from) || Number.isNaN(to)) return this.graphError(response, 400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required');
    const horizon = instantToLocal(to, 'UTC').slice(0, 10);
    const value = this.liveOccurrenceDates(master, addDaysToLocalDate(horizon, 2))
      .map((date) => {
        const exception = this.events.get(`${master.id}_occ_${date}`);
        return exception ? this.render(exception, prefer, false) : this.renderOccurrence(master, date, prefer);
      })
      .filter((instance) => {
        const start = this.instantOf((instance as { start: GraphTime }).start);
        const end = this.instantOf((instance as { end: GraphTime }).end);
        return start < to && end > from;
      });
    this.send(response, 200, { value });
  }

  private instantOf(time: GraphTime): number {
    return localToInstant(plainLocal(time.dateTime), ianaZone(time.timeZone) ?? 'UTC');
  }

  private seriesZone(master: StoredEvent): string {
    return (master.fields.start as GraphTime).timeZone;
  }

  private liveOccurrenceDates(master: StoredEvent, until?: string): string[] {
    const recurrence = master.fields.recurrence as PatternedRecurrence | undefined;
    if (!recurrence) return [];
    const limit = until ?? addDaysToLocalDate(recurrence.range.startDate, 366 * 10);
    return occurrenceDates(recurrence, limit).filter((date) => !master.cancelled.includes(date));
  }

  private occurrenceFields(master: StoredEvent, date: string): Record<string, unknown> {
    const start = master.fields.start as GraphTime;
    const end = master.fields.end as GraphTime;
    const startDate = start.dateTime.slice(0, 10);
    const shift = (time: GraphTime): GraphTime => {
      const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / 86_400_000);
      return { dateTime: `${addDaysToLocalDate(time.dateTime.slice(0, 10), days)}${time.dateTime.slice(10)}`, timeZone: time.timeZone };
    };
    const { recurrence: _recurrence, transactionId: _transactionId, ...rest } = master.fields;
    return { ...rest, start: shift(start), end: shift(end) };
  }

  private originalStartOf(master: StoredEvent, date: string): string {
    const start = master.fields.start as GraphTime;
    return new Date(localToInstant(`${date}${start.dateTime.slice(10)}`, this.seriesZone(master))).toISOString().replace('.000Z', 'Z');
  }

  private renderOccurrence(master: StoredEvent, date: string, prefer: string): Record<string, unknown> {
    const fields = this.occurrenceFields(master, date);
    return {
      ...this.renderFields(fields, prefer),
      id: `${master.id}_occ_${date}`,
      '@odata.etag': this.etagOf(master),
      type: 'occurrence',
      seriesMasterId: master.id,
      iCalUId: master.iCalUId,
      occurrenceId: `OID.${master.id}.${date}`,
      originalStart: this.originalStartOf(master, date),
    };
  }

  /**
   * Times come back in UTC unless `Prefer: outlook.timezone` names a zone; the zone the event was
   * written in is in originalStartTimeZone/originalEndTimeZone, as Exchange stores it (a Windows
   * name where one exists). https://learn.microsoft.com/en-us/graph/api/resources/event?view=graph-rest-1.0
   */
  private renderFields(fields: Record<string, unknown>, prefer: string): Record<string, unknown> {
    const start = fields.start as GraphTime;
    const end = fields.end as GraphTime;
    const wanted = /outlook\.timezone="([^"]+)"/.exec(prefer)?.[1];
    const outZone = wanted ? (ianaZone(wanted) ?? 'UTC') : 'UTC';
    const outName = wanted ?? 'UTC';
    const render = (time: GraphTime): GraphTime =>
      fields.isAllDay ? { dateTime: graphLocal(time.dateTime), timeZone: outName } : { dateTime: graphLocal(instantToLocal(localToInstant(time.dateTime, time.timeZone), outZone)), timeZone: outName };
    const { transactionId, ...rest } = fields;
    return {
      ...rest,
      transactionId: transactionId ?? null,
      isCancelled: false,
      start: render(start),
      end: render(end),
      originalStartTimeZone: windowsZone(start.timeZone),
      originalEndTimeZone: windowsZone(end.timeZone),
    };
  }

  private render(event: StoredEvent, prefer: string, expandExceptions: boolean): Record<string, unknown> {
    const master = this.masterOf(event);
    return {
      '@odata.etag': this.etagOf(event),
      ...this.renderFields(event.fields, prefer),
      id: event.id,
      type: event.type,
      iCalUId: event.iCalUId,
      ...(event.type === 'seriesMaster'
        ? { cancelledOccurrences: event.cancelled.map((date) => `OID.${event.id}.${date}`), occurrenceId: null }
        : { cancelledOccurrences: [] }),
      ...(event.type === 'exception' && master && event.occurrenceDate
        ? { seriesMasterId: master.id, occurrenceId: `OID.${master.id}.${event.occurrenceDate}`, originalStart: this.originalStartOf(master, event.occurrenceDate), recurrence: null }
        : {}),
      ...(expandExceptions && event.type === 'seriesMaster'
        ? { exceptionOccurrences: [...this.events.values()].filter((candidate) => candidate.seriesMasterId === event.id).map((exception) => this.render(exception, prefer, false)) }
        : {}),
    };
  }
}
