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
  /** Exceptions: the occurrence's local start date in the series zone. */
  occurrenceDate?: string;
  /** As written by the client, with start/end zones normalised to IANA. */
  fields: Record<string, unknown>;
  /** Masters: local dates of cancelled occurrences. */
  cancelled: string[];
}

/** A removed event, exception or occurrence, as a calendar view's delta reports it (`@removed`). */
interface Tombstone {
  id: string;
  calendarId: string;
  seq: number;
  /** The instants (ms) it spanned: a round reports it only when that overlaps the round's window. */
  from: number;
  to: number;
}

/** One row of a calendar view: a single event, or one instance (occurrence or exception) of a series. */
type ViewRow = { event: StoredEvent } | { master: StoredEvent; date: string };

/** A delta round's position, carried (base64url JSON) in its $skiptoken / $deltatoken. */
interface DeltaState {
  epoch: number;
  /** Changes with a sequence number in (since, until] belong to this page's round; -1: a full round. */
  since: number;
  until: number;
  offset: number;
  /** The round's window (ms), fixed by its first request. */
  start: number;
  end: number;
}

interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** The request is carried out but its answer is lost (the connection drops); `status` is unused. */
  lostResponse?: boolean;
}

interface GraphTime {
  dateTime: string;
  timeZone: string;
}

/** https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0 as the double keeps one. */
interface Subscription {
  id: string;
  resource: string;
  /** The calendar the resource names (`me/calendars/{id}/events`); undefined for `me/events` (every calendar). */
  calendarId: string | undefined;
  changeTypes: string[];
  notificationUrl: string;
  clientState?: string;
  expirationDateTime: number;
  /** Changes waiting to be sent (changes in one turn of the event loop go in one POST). */
  pending: { changeType: string; eventId: string; etag?: string }[];
}

/** One POST the double made to a notification URL, with the answer it got. */
export interface DeliveredChangeNotification {
  subscriptionId: string;
  changeTypes: string[];
  /** The HTTP status of the receiver's answer, or 0 when it could not be reached. */
  status: number;
}

/**
 * https://learn.microsoft.com/en-us/graph/api/resources/subscription?view=graph-rest-1.0#subscription-lifetime:
 * Outlook events, at most 10,080 minutes.
 */
const MAX_SUBSCRIPTION_MINUTES = 10_080;
/** https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation */
const VALIDATION_TIMEOUT_MS = 10_000;
/** The tenant of the signed-in user, as the token endpoint's client_info names it (utid). */
const USER_TENANT_ID = '00000000-0000-0000-0000-00000000000a';
const USER_ID = '00000000-0000-0000-0000-000000000001';

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
  /** Rows of recent delta rounds, by round (see roundRows). */
  private readonly rounds = new Map<string, (ViewRow | { removed: string })[]>();
  private seq = 0;
  /** Bumped to refuse every delta token handed out so far. */
  private deltaEpoch = 0;
  private accessTokens = new Map<string, number>();
  private refreshTokens = new Set<string>();
  private codes = new Map<string, { challenge: string; redirectUri?: string }>();
  private faults: Fault[] = [];
  /** Answers that are never sent (a lost-response fault): the connection is dropped instead. */
  private readonly lost = new WeakSet<ServerResponse>();
  /**
   * Called before each authenticated Graph request is answered, with its method and URL: a test
   * acts there as another client in the middle of the connector's work (between two delta pages,
   * between a read and a write) or injects a fault for exactly that request.
   */
  onRequest: ((method: string, url: URL) => void) | undefined;
  /** Page size when the client sends no `Prefer: odata.maxpagesize`. */
  pageSize = 50;
  accessTokenLifetimeSeconds = 3600;
  /** What the person answers on the consent page (/authorize). */
  consentAnswer: 'grant' | 'deny' = 'grant';
  /** A redeemed refresh token stops working, as the platform may do; the client must keep the new one. */
  revokeRedeemedRefreshTokens = false;
  readonly requests: { method: string; path: string }[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly deliveries = new Set<Promise<void>>();
  /** Every change notification POST made so far, in order. */
  readonly notifications: DeliveredChangeNotification[] = [];

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

  /** The authority over http, as TempoPilot's own `msalAuthority` takes it (src/sync/msal-authority.ts). */
  get loopbackAuthority(): string {
    return `${this.origin}/${this.tenant}`;
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
  issueAuthorizationCode(codeChallenge: string, redirectUri?: string): string {
    const code = `code-${randomUUID()}`;
    this.codes.set(code, { challenge: codeChallenge, ...(redirectUri !== undefined && { redirectUri }) });
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

  /** Series masters and single events of a calendar with their subjects, as another client lists them. */
  itemsOf(calendarId: string): { id: string; subject: string; type: StoredEvent['type'] }[] {
    return [...this.events.values()]
      .filter((event) => event.calendarId === calendarId && event.type !== 'exception')
      .map((event) => ({ id: event.id, subject: String(event.fields.subject ?? ''), type: event.type }));
  }

  /**
   * Another client's changes, made in-process (no HTTP): seeding a calendar without paying for
   * thousands of requests, and acting from `onRequest`, which cannot wait for a request. Each does
   * what the Graph request named beside it does, without If-Match.
   */
  insertEvents(calendarId: string, bodies: readonly Record<string, unknown>[]): string[] {
    // POST /me/calendars/{id}/events
    if (!this.calendars.some((calendar) => calendar.id === calendarId)) throw new Error(`no calendar ${calendarId}`);
    return bodies.map((body) => {
      if (!body.start || !body.end) throw new Error('start and end are required');
      return this.store(calendarId, this.normalisedOrThrow(body)).id;
    });
  }

  changeEvent(id: string, fields: Record<string, unknown>): void {
    // PATCH /me/events/{id}; an occurrence id (`{master}_occ_{date}`) becomes an exception.
    const { stored, occurrence } = this.findEvent(id);
    if (!stored && !occurrence) throw new Error(`no event ${id}`);
    const patch = this.normalisedOrThrow(fields);
    this.applyPatch(stored ?? this.exceptionOf(occurrence!.master, occurrence!.date), patch);
  }

  removeEvent(id: string): void {
    // DELETE /me/events/{id}
    if (!this.remove(id)) throw new Error(`no event ${id}`);
  }

  private normalisedOrThrow(body: Record<string, unknown>): Record<string, unknown> {
    const fields = { ...body };
    const invalid = this.normaliseTimes(fields);
    if (invalid) throw new Error(invalid);
    return fields;
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
    if (this.lost.has(response)) {
      response.destroy();
      return;
    }
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
    if (method === 'GET' && /^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname)) return this.authorize(response, url.searchParams);
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

    this.onRequest?.(method, url);
    const fault = this.faults.shift();
    if (fault?.lostResponse) this.lost.add(response);
    else if (fault) return this.send(response, fault.status, fault.body ?? { error: { code: fault.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable', message: 'injected' } }, fault.headers);

    const path = url.pathname.slice('/v1.0'.length);
    const prefer = String(request.headers.prefer ?? '');
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/me/calendars') {
      // https://learn.microsoft.com/en-us/graph/api/user-list-calendars?view=graph-rest-1.0
      return this.send(response, 200, { value: this.calendars.map((calendar) => ({ id: calendar.id, name: calendar.name, canEdit: calendar.canEdit, color: 'auto' })) });
    }
    if ((match = /^\/me\/calendars\/([^/]+)\/calendarView\/delta$/.exec(path)) && method === 'GET') return this.calendarViewDelta(response, match[1] as string, url, prefer);
    if ((match = /^\/me\/calendars\/([^/]+)\/events$/.exec(path))) {
      const calendar = this.calendars.find((candidate) => candidate.id === match?.[1]);
      if (!calendar) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (method === 'POST') return this.createEvent(response, calendar, json, prefer);
      if (method === 'GET') return this.listEvents(response, calendar, url, prefer);
    }
    if ((match = /^\/me\/events\/([^/]+)\/instances$/.exec(path)) && method === 'GET') return this.instances(response, match[1] as string, url, prefer);
    if (path === '/subscriptions' && method === 'POST') return this.createSubscription(response, json);
    if ((match = /^\/subscriptions\/([^/]+)$/.exec(path))) {
      if (method === 'PATCH') return this.renewSubscription(response, match[1] as string, json);
      if (method === 'DELETE') return this.deleteSubscription(response, match[1] as string);
    }
    if ((match = /^\/me\/events\/([^/]+)$/.exec(path))) {
      const id = match[1] as string;
      if (method === 'GET') return this.getEvent(response, id, prefer);
      if (method === 'PATCH') return this.patchEvent(response, id, json, request.headers['if-match'], prefer);
      if (method === 'DELETE') return this.deleteEvent(response, id, request.headers['if-match']);
    }
    return this.graphError(response, 400, 'BadRequest', `unsupported ${method} ${path}`);
  }

  // --- identity platform -----------------------------------------------------------------------

  /**
   * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
   * and #error-response: the answer goes to the `redirect_uri` with `code` (or
   * `error=access_denied`) and the `state` given; public clients must use PKCE (S256 here).
   * Loopback redirect URIs may use any port (reply-url-localhost). The person answers at once.
   */
  private authorize(response: ServerResponse, params: URLSearchParams): void {
    const redirect = params.get('redirect_uri') ?? '';
    const invalid = (why: string) => {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(`AADSTS900144: ${why}`);
    };
    if (params.get('client_id') !== this.clientId) return invalid('unknown client_id');
    if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(redirect)) return invalid('redirect_uri is not a registered loopback address');
    if (params.get('response_type') !== 'code') return invalid('response_type must be code');
    if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')) return invalid('PKCE with S256 is required');
    const target = new URL(redirect);
    if (this.consentAnswer === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
    } else target.searchParams.set('code', this.issueAuthorizationCode(params.get('code_challenge') ?? '', redirect));
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.href }).end();
  }

  /** https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token */
  private token(response: ServerResponse, form: URLSearchParams): void {
    const refuse = (error: string, description: string) => this.send(response, 400, { error, error_description: description, error_codes: [70008], timestamp: new Date().toISOString() });
    if (form.get('client_id') !== this.clientId) return refuse('unauthorized_client', 'AADSTS700016: Application not found.');
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = this.codes.get(code);
      this.codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      const sameRedirect = issued?.redirectUri === undefined || issued.redirectUri === form.get('redirect_uri');
      if (!issued || computed !== issued.challenge || !sameRedirect) return refuse('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired or is invalid.');
    } else if (grant === 'refresh_token') {
      // https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
      const redeemed = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.has(redeemed)) return refuse('invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired or is invalid.');
      // "Refresh tokens replace themselves with a fresh token upon every use" (#refresh-the-access-token).
      if (this.revokeRedeemedRefreshTokens) this.refreshTokens.delete(redeemed);
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

  /** The subscriptions that are live now (not deleted, not expired). */
  liveSubscriptions(): { id: string; resource: string; expirationDateTime: string }[] {
    return [...this.subscriptions.values()]
      .filter((subscription) => subscription.expirationDateTime > Date.now())
      .map(({ id, resource, expirationDateTime }) => ({ id, resource, expirationDateTime: new Date(expirationDateTime).toISOString() }));
  }

  /** Resolves when every notification sent so far has had its answer. */
  async notificationsSettled(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  private renderSubscription(subscription: Subscription): Record<string, unknown> {
    return {
      '@odata.context': `${this.graphBaseUrl}/$metadata#subscriptions/$entity`,
      id: subscription.id,
      resource: subscription.resource,
      applicationId: this.clientId,
      changeType: subscription.changeTypes.join(','),
      clientState: subscription.clientState ?? null,
      notificationUrl: subscription.notificationUrl,
      expirationDateTime: new Date(subscription.expirationDateTime).toISOString(),
      creatorId: USER_ID,
      latestSupportedTlsVersion: 'v1_2',
    };
  }

  /** An expiration within the lifetime Graph allows for events, or the message Graph answers with. */
  private expirationError(value: unknown): string | undefined {
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(at)) return 'expirationDateTime is required and must be a date.';
    if (at <= Date.now()) return 'Subscription expiration must be in the future.';
    if (at > Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000) return `Subscription expiration can only be ${MAX_SUBSCRIPTION_MINUTES} minutes in the future.`;
    return undefined;
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/subscription-post-subscriptions?view=graph-rest-1.0
   * and https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks: the
   * notificationUrl must be HTTPS (the double also takes http on a loopback host, where tests
   * listen) and is validated first: a POST to `notificationUrl?validationToken=...` that must be
   * answered 200 with the token as text/plain within 10 seconds, else 400 and no subscription.
   * clientState is at most 128 characters.
   */
  private async createSubscription(response: ServerResponse, json: Record<string, unknown>): Promise<void> {
    const changeTypes = String(json.changeType ?? '').split(',').filter(Boolean);
    if (changeTypes.length === 0 || changeTypes.some((type) => !['created', 'updated', 'deleted'].includes(type))) return this.graphError(response, 400, 'InvalidRequest', 'changeType must be created, updated and/or deleted.');
    const resource = String(json.resource ?? '').replace(/^\//, '');
    const calendar = /^me\/calendars\/([^/]+)\/events$/i.exec(resource)?.[1];
    if (!calendar && !/^me\/events$/i.test(resource)) return this.graphError(response, 400, 'InvalidRequest', `Unsupported resource: ${resource}`);
    if (calendar && !this.calendars.some((candidate) => candidate.id === calendar)) return this.graphError(response, 404, 'ResourceNotFound', 'Resource not found.');
    const notificationUrl = String(json.notificationUrl ?? '');
    if (!isNotificationUrl(notificationUrl)) return this.graphError(response, 400, 'InvalidRequest', 'The notification URL must use HTTPS.');
    const clientState = json.clientState === undefined || json.clientState === null ? undefined : String(json.clientState);
    if (clientState !== undefined && clientState.length > 128) return this.graphError(response, 400, 'InvalidRequest', 'clientState must be at most 128 characters.');
    const invalid = this.expirationError(json.expirationDateTime);
    if (invalid) return this.graphError(response, 400, 'InvalidRequest', invalid);
    const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    if (!(await validates(notificationUrl, validationToken))) {
      return this.graphError(response, 400, 'InvalidRequest', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    const subscription: Subscription = {
      id: randomUUID(),
      resource,
      calendarId: calendar,
      changeTypes,
      notificationUrl,
      ...(clientState !== undefined ? { clientState } : {}),
      expirationDateTime: Date.parse(String(json.expirationDateTime)),
      pending: [],
    };
    this.subscriptions.set(subscription.id, subscription);
    this.send(response, 201, this.renderSubscription(subscription));
  }

  /** https://learn.microsoft.com/en-us/graph/api/subscription-update?view=graph-rest-1.0: renewal, no new validation. */
  private renewSubscription(response: ServerResponse, id: string, json: Record<string, unknown>): void {
    const subscription = this.subscriptions.get(id);
    if (!subscription || subscription.expirationDateTime <= Date.now()) return this.graphError(response, 404, 'ResourceNotFound', 'The object was not found.');
    const invalid = this.expirationError(json.expirationDateTime);
    if (invalid) return this.graphError(response, 400, 'InvalidRequest', invalid);
    subscription.expirationDateTime = Date.parse(String(json.expirationDateTime));
    this.send(response, 200, this.renderSubscription(subscription));
  }

  /** https://learn.microsoft.com/en-us/graph/api/subscription-delete?view=graph-rest-1.0 */
  private deleteSubscription(response: ServerResponse, id: string): void {
    if (!this.subscriptions.delete(id)) return this.graphError(response, 404, 'ResourceNotFound', 'The object was not found.');
    this.send(response, 204);
  }

  /** A change to an event: queued on each live subscription that covers its calendar and change type. */
  private notifyChange(calendarId: string, changeType: 'created' | 'updated' | 'deleted', eventId: string, etag?: string): void {
    for (const subscription of this.subscriptions.values()) {
      if ((subscription.calendarId !== undefined && subscription.calendarId !== calendarId) || !subscription.changeTypes.includes(changeType) || subscription.expirationDateTime <= Date.now()) continue;
      subscription.pending.push({ changeType, eventId, ...(etag !== undefined ? { etag } : {}) });
      if (subscription.pending.length === 1) setImmediate(() => this.deliver(subscription));
    }
  }

  /**
   * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#receive-notifications:
   * a JSON POST of `{ value: [...] }`, each with subscriptionId, clientState, changeType, resource,
   * resourceData, subscriptionExpirationDateTime and tenantId; the receiver answers 202 (any 2xx)
   * within 3 seconds.
   */
  private deliver(subscription: Subscription): void {
    const changes = subscription.pending.splice(0);
    if (changes.length === 0 || this.subscriptions.get(subscription.id) !== subscription) return;
    const value = changes.map((change) => ({
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expirationDateTime).toISOString(),
      changeType: change.changeType,
      resource: `Users/${USER_ID}/Events/${change.eventId}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${USER_ID}/Events/${change.eventId}`, ...(change.etag !== undefined ? { '@odata.etag': change.etag } : {}), id: change.eventId },
      clientState: subscription.clientState ?? null,
      tenantId: USER_TENANT_ID,
    }));
    const record = (status: number): void => {
      this.notifications.push({ subscriptionId: subscription.id, changeTypes: changes.map((change) => change.changeType), status });
    };
    const delivery = fetch(subscription.notificationUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value }), signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS) })
      .then(async (answer) => {
        await answer.arrayBuffer();
        record(answer.status);
      })
      .catch(() => record(0))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  private bump(event: StoredEvent): void {
    const created = event.seq === 0;
    this.seq += 1;
    event.seq = this.seq;
    event.changeKey = randomUUID().replaceAll('-', '').slice(0, 20);
    this.notifyChange(event.calendarId, created ? 'created' : 'updated', event.id, this.etagOf(event));
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
    this.send(response, 201, this.render(this.store(calendar.id, fields), prefer));
  }

  private store(calendarId: string, fields: Record<string, unknown>): StoredEvent {
    const event: StoredEvent = {
      id: `AAMk${randomUUID().replaceAll('-', '')}`,
      calendarId,
      type: fields.recurrence ? 'seriesMaster' : 'singleInstance',
      changeKey: '',
      seq: 0,
      iCalUId: `040000008200E00074C5B7101A82E008${randomUUID().replaceAll('-', '').toUpperCase()}`,
      fields,
      cancelled: [],
    };
    this.bump(event);
    this.events.set(event.id, event);
    return event;
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

  private getEvent(response: ServerResponse, id: string, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-get?view=graph-rest-1.0
    const { stored, occurrence } = this.findEvent(id);
    if (occurrence) return this.send(response, 200, this.renderOccurrence(occurrence.master, occurrence.date, prefer));
    if (!stored) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    this.send(response, 200, this.render(stored, prefer));
  }

  private patchEvent(response: ServerResponse, id: string, json: Record<string, unknown>, ifMatch: string | undefined, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-update?view=graph-rest-1.0
    const { stored, occurrence } = this.findEvent(id);
    if (!stored && !occurrence) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (stored && ifMatch && ifMatch !== this.etagOf(stored) && ifMatch !== '*') return this.graphError(response, 412, 'ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key of the item.');
    if (stored?.type === 'seriesMaster' && this.calendars.find((calendar) => calendar.id === stored.calendarId)?.canEdit === false) return this.graphError(response, 403, 'ErrorAccessDenied', 'Access is denied.');
    const fields = { ...json };
    const invalid = this.normaliseTimes(fields);
    if (invalid) return this.graphError(response, 400, 'ErrorInvalidRequest', invalid);
    const target = stored ?? this.exceptionOf(occurrence!.master, occurrence!.date);
    this.applyPatch(target, fields);
    this.send(response, 200, this.render(target, prefer));
  }

  /** Updating an occurrence turns it into an exception of the series (type "exception"). */
  private exceptionOf(master: StoredEvent, date: string): StoredEvent {
    const exception: StoredEvent = {
      id: `${master.id}_occ_${date}`,
      calendarId: master.calendarId,
      type: 'exception',
      changeKey: '',
      seq: 0,
      iCalUId: master.iCalUId,
      seriesMasterId: master.id,
      occurrenceDate: date,
      fields: this.occurrenceFields(master, date),
      cancelled: [],
    };
    this.events.set(exception.id, exception);
    return exception;
  }

  /** `fields` with times already normalised. */
  private applyPatch(target: StoredEvent, fields: Record<string, unknown>): void {
    if ('recurrence' in fields && target.type === 'seriesMaster') {
      // Changing a series' recurrence makes Exchange rebuild its occurrences: exceptions and
      // cancellations are dropped (assumed for any recurrence in the body; see docs/microsoft.md).
      for (const event of [...this.events.values()]) if (event.seriesMasterId === target.id) this.events.delete(event.id);
      target.cancelled = [];
    }
    const { transactionId: _transactionId, ...kept } = fields;
    target.fields = { ...target.fields, ...kept };
    this.touchSeries(target);
  }

  private deleteEvent(response: ServerResponse, id: string, ifMatch: string | undefined): void {
    // https://learn.microsoft.com/en-us/graph/api/event-delete?view=graph-rest-1.0: deleting an
    // occurrence cancels it (list instances no longer returns it).
    const { stored, occurrence } = this.findEvent(id);
    if (!stored && !occurrence) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    if (stored && ifMatch && ifMatch !== this.etagOf(stored) && ifMatch !== '*') return this.graphError(response, 412, 'ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key of the item.');
    this.remove(id);
    this.send(response, 204);
  }

  /** Deletes an event, series or exception, or cancels an occurrence; false when there is none. */
  private remove(id: string): boolean {
    const { stored, occurrence } = this.findEvent(id);
    if (occurrence) {
      this.bury(occurrence.master.calendarId, this.instanceSpans(occurrence.master).filter((span) => span.date === occurrence.date));
      occurrence.master.cancelled.push(occurrence.date);
      this.bump(occurrence.master);
      return true;
    }
    if (!stored) return false;
    const master = this.masterOf(stored);
    if (master && stored.occurrenceDate) {
      this.bury(master.calendarId, this.instanceSpans(master).filter((span) => span.date === stored.occurrenceDate));
      this.events.delete(stored.id);
      master.cancelled.push(stored.occurrenceDate);
      this.bump(master);
    } else {
      // A calendar view holds instances, never the master: a series' removal is its instances'.
      this.bury(stored.calendarId, stored.type === 'seriesMaster' ? this.instanceSpans(stored) : [{ id: stored.id, ...this.spanOf(stored.fields) }]);
      this.events.delete(stored.id);
      for (const event of [...this.events.values()]) if (event.seriesMasterId === stored.id) this.events.delete(event.id);
      this.notifyChange(stored.calendarId, 'deleted', stored.id);
    }
    return true;
  }

  private bury(calendarId: string, removed: readonly { id: string; from: number; to: number }[]): void {
    this.seq += 1;
    for (const { id, from, to } of removed) this.tombstones.push({ id, calendarId, seq: this.seq, from, to });
  }

  private spanOf(fields: Record<string, unknown>): { from: number; to: number } {
    return { from: this.instantOf(fields.start as GraphTime), to: this.instantOf(fields.end as GraphTime) };
  }

  /**
   * The live instances of a series (occurrences and exceptions, where each is now), up to
   * `until` (a local date; by default ten years of the series).
   */
  private instanceSpans(master: StoredEvent, until?: string): { id: string; date: string; from: number; to: number }[] {
    return this.liveOccurrenceDates(master, until).map((date) => {
      const id = `${master.id}_occ_${date}`;
      return { id, date, ...this.spanOf(this.events.get(id)?.fields ?? this.occurrenceFields(master, date)) };
    });
  }

  private listEvents(response: ServerResponse, calendar: DoubleCalendar, url: URL, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/user-list-events?view=graph-rest-1.0 with a
    // $filter on transactionId (the only filter the double understands).
    const filter = /^transactionId eq '(.*)'$/.exec(url.searchParams.get('$filter') ?? '');
    if (!filter) return this.graphError(response, 400, 'BadRequest', 'the double supports only $filter=transactionId eq');
    const wanted = (filter[1] as string).replaceAll("''", "'");
    const value = [...this.events.values()].filter((event) => event.calendarId === calendar.id && event.type !== 'exception' && event.fields.transactionId === wanted);
    this.send(response, 200, { value: value.map((event) => this.render(event, prefer)) });
  }

  /**
   * https://learn.microsoft.com/en-us/graph/api/event-delta?view=graph-rest-1.0 and
   * https://learn.microsoft.com/en-us/graph/delta-query-events: the changes of a calendar view,
   * i.e. single events and the occurrences and exceptions of series (with `type` and
   * `seriesMasterId`, never the master) whose time overlaps the window that the round's first
   * request names with startDateTime/endDateTime; later requests carry it in their token. Pages
   * follow `Prefer: odata.maxpagesize` (@odata.nextLink with $skiptoken), the last page has
   * @odata.deltaLink with $deltatoken, removed items are `{id, "@removed": {reason}}`
   * (https://learn.microsoft.com/en-us/graph/delta-query-overview). A change to a series changes
   * its instances' change keys, so all its instances in the window come again. An unknown or
   * expired token answers 410 Gone, code syncStateNotFound
   * (https://learn.microsoft.com/en-us/graph/delta-query-overview#synchronization-reset).
   */
  private calendarViewDelta(response: ServerResponse, calendarId: string, url: URL, prefer: string): void {
    if (!this.calendars.some((calendar) => calendar.id === calendarId)) return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const encoded = url.searchParams.get('$deltatoken') ?? url.searchParams.get('$skiptoken');
    let state: DeltaState;
    if (encoded === null) {
      const start = Date.parse(url.searchParams.get('startDateTime') ?? '');
      const end = Date.parse(url.searchParams.get('endDateTime') ?? '');
      if (Number.isNaN(start) || Number.isNaN(end)) return this.graphError(response, 400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required');
      state = { epoch: this.deltaEpoch, since: -1, until: this.seq, offset: 0, start, end };
    } else {
      try {
        state = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as DeltaState;
      } catch {
        return this.graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
      }
      if (state.epoch !== this.deltaEpoch || typeof state.since !== 'number') return this.graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
      if (url.searchParams.has('$deltatoken')) state = { ...state, since: state.until, until: this.seq, offset: 0 };
    }
    const rows = this.roundRows(calendarId, state);
    const size = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? this.pageSize);
    const page = rows.slice(state.offset, state.offset + size).map((row) => ('removed' in row ? { '@odata.type': '#microsoft.graph.event', id: row.removed, '@removed': { reason: 'deleted' } } : this.renderRow(row, prefer)));
    const base = `${this.graphBaseUrl}/me/calendars/${calendarId}/calendarView/delta`;
    const link = (next: DeltaState) => Buffer.from(JSON.stringify(next)).toString('base64url');
    const more = state.offset + size < rows.length;
    this.send(response, 200, {
      value: page,
      ...(more ? { '@odata.nextLink': `${base}?$skiptoken=${link({ ...state, offset: state.offset + size })}` } : { '@odata.deltaLink': `${base}?$deltatoken=${link({ ...state, offset: 0 })}` }),
    });
  }

  /**
   * The rows of one round, computed at its first page and kept for its later ones, so a change
   * made while the client pages (it belongs to the next round) cannot shift the offsets.
   */
  private roundRows(calendarId: string, state: DeltaState): (ViewRow | { removed: string })[] {
    const key = JSON.stringify([calendarId, state.epoch, state.since, state.until, state.start, state.end]);
    const cached = this.rounds.get(key);
    if (cached) return cached;
    const rows: (ViewRow | { removed: string })[] = [];
    for (const event of this.events.values()) {
      if (event.calendarId !== calendarId || event.type === 'exception' || event.seq <= state.since || event.seq > state.until) continue;
      if (event.type === 'seriesMaster') for (const date of this.instancesIn(event, state.start, state.end)) rows.push({ master: event, date });
      else {
        const span = this.spanOf(event.fields);
        if (span.from < state.end && span.to > state.start) rows.push({ event });
        // Moved out of the window: gone from the view, as a view's sync must say (an assumption
        // of the double; the connector reads such a removal back with GET and finds it alive).
        else if (state.since >= 0) rows.push({ removed: event.id });
      }
    }
    if (state.since >= 0) {
      for (const tombstone of this.tombstones) {
        if (tombstone.calendarId === calendarId && tombstone.seq > state.since && tombstone.seq <= state.until && tombstone.from < state.end && tombstone.to > state.start) rows.push({ removed: tombstone.id });
      }
    }
    // Rounds are paged one after another: the few newest are all a client can still be paging.
    if (this.rounds.size >= 16) this.rounds.delete(this.rounds.keys().next().value as string);
    this.rounds.set(key, rows);
    return rows;
  }

  private instances(response: ServerResponse, id: string, url: URL, prefer: string): void {
    // https://learn.microsoft.com/en-us/graph/api/event-list-instances?view=graph-rest-1.0:
    // occurrences and exceptions whose time overlaps [startDateTime, endDateTime).
    const master = this.events.get(id);
    if (!master || master.type !== 'seriesMaster') return this.graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const from = Date.parse(url.searchParams.get('startDateTime') ?? '');
    const to = Date.parse(url.searchParams.get('endDateTime') ?? '');
    if (Number.isNaN(from) || Number.isNaN(to)) return this.graphError(response, 400, 'ErrorInvalidParameter', 'startDateTime and endDateTime are required');
    this.send(response, 200, { value: this.instancesIn(master, from, to).map((date) => this.renderRow({ master, date }, prefer)) });
  }

  /** The local dates of a series' instances whose time (moved or not) overlaps [from, to). */
  private instancesIn(master: StoredEvent, from: number, to: number): string[] {
    // Two days past `to`, so an instance moved earlier from a later date is still seen.
    const horizon = addDaysToLocalDate(instantToLocal(to, 'UTC').slice(0, 10), 2);
    return this.instanceSpans(master, horizon)
      .filter((span) => span.from < to && span.to > from)
      .map((span) => span.date);
  }

  private renderRow(row: ViewRow, prefer: string): Record<string, unknown> {
    if ('event' in row) return this.render(row.event, prefer);
    const exception = this.events.get(`${row.master.id}_occ_${row.date}`);
    return exception ? this.render(exception, prefer) : this.renderOccurrence(row.master, row.date, prefer);
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

  /** v1.0's event: no cancelledOccurrences, exceptionOccurrences nor occurrenceId (beta only). */
  private render(event: StoredEvent, prefer: string): Record<string, unknown> {
    const master = this.masterOf(event);
    return {
      '@odata.etag': this.etagOf(event),
      ...this.renderFields(event.fields, prefer),
      id: event.id,
      type: event.type,
      iCalUId: event.iCalUId,
      ...(event.type === 'exception' && master && event.occurrenceDate ? { seriesMasterId: master.id, originalStart: this.originalStartOf(master, event.occurrenceDate), recurrence: null } : {}),
    };
  }
}

/** HTTPS, or http on a loopback host (the double's allowance for tests; Graph takes HTTPS only). */
function isNotificationUrl(address: string): boolean {
  if (!URL.canParse(address)) return false;
  const url = new URL(address);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname));
}

/**
 * https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation:
 * POST `notificationUrl?validationToken=<url-encoded token>` with `Content-Type: text/plain`; the
 * endpoint must answer 200 with the decoded token as text/plain within 10 seconds.
 */
async function validates(notificationUrl: string, validationToken: string): Promise<boolean> {
  const url = new URL(notificationUrl);
  url.searchParams.set('validationToken', validationToken);
  try {
    const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS) });
    const text = await answer.text();
    return answer.status === 200 && (answer.headers.get('content-type') ?? '').startsWith('text/plain') && text === validationToken;
  } catch {
    return false;
  }
}
