import { z } from 'zod';
import { generateDeviceKeys, proofSigner, type DeviceKeys, type ProofSigner } from './dpop';
import type { Mutation } from './mutations';
import {
  AddProviderResponseSchema,
  CalendarScopeResponseSchema,
  DeviceIdentitySchema,
  DevicesResponseSchema,
  ErrorBodySchema,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  PairingCodeResponseSchema,
  ProviderAccountsResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  ROUTES,
  SettingsResponseSchema,
  SYNC_PROGRESS_TYPE,
  SyncNowResponseSchema,
  SyncProgressLineSchema,
  TokenResponseSchema,
  type AddProviderRequest,
  type AddProviderResponse,
  type CalendarScopeRequest,
  type DeviceInfo,
  type FieldConflict,
  type MutationResult,
  type PairingCodeResponse,
  type ProviderAccount,
  type PulledChange,
  type Settings,
  type SettingsResponse,
  type SyncNowResponse,
  type SyncProgressLine,
} from './protocol';

/** What the client needs of a local replica; the desktop cache (src/store) is one. */
export interface SyncReplica {
  pendingMutations(limit: number): Mutation[];
  settlePush(results: readonly MutationResult[]): string[];
  applyPulled(changes: readonly PulledChange[], cursor: number): string[];
  syncCursor(): number;
}

/** Who this device is on which server: kept by the host, the private key encrypted at rest. */
export interface DeviceCredentials {
  serverUrl: string;
  userId: string;
  deviceId: string;
  keys: DeviceKeys;
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

/** The server could not be reached at all: worth a retry later, unlike an HTTP error. */
export class SyncUnreachableError extends Error {
  override name = 'SyncUnreachableError';
}

export interface PushSummary {
  pushed: number;
  rejected: MutationResult[];
  conflicts: FieldConflict[];
  /** Events rebuilt because the server refused a change to them. */
  rebuilt: string[];
}

export interface PullSummary {
  pulled: number;
  cursor: number;
  touched: string[];
}

export type FetchLike = typeof fetch;

const TOKEN_REFRESH_MARGIN_MS = 60_000;

function normaliseServerUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SyncHttpError(0, 'invalid-url', `"${url}" is not an http(s) URL`);
  return parsed.origin;
}

async function send<T>(
  fetchImpl: FetchLike,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
  schema: z.ZodType<T>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: init.method,
      headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new SyncUnreachableError(`cannot reach the sync server at ${new URL(url).origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const body = ErrorBodySchema.safeParse(json);
    const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
    throw new SyncHttpError(response.status, body.success ? body.data.error.code : 'http-error', message);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncHttpError(response.status, 'bad-response', `the sync server sent an unexpected answer to ${init.method} ${new URL(url).pathname}`);
  return parsed.data;
}

/**
 * One device's conversation with the sync server: DPoP-bound access tokens, push of the outbox
 * in order, pull since the cursor, and the account calls (pairing, devices, settings).
 */
export class SyncClient {
  private token: { value: string; expiresAt: number } | undefined;

  private constructor(
    readonly credentials: DeviceCredentials,
    private readonly signer: ProofSigner,
    private readonly fetchImpl: FetchLike,
  ) {}

  static async open(credentials: DeviceCredentials, fetchImpl: FetchLike = fetch): Promise<SyncClient> {
    return new SyncClient(credentials, await proofSigner(credentials.keys), fetchImpl);
  }

  /** Creates an account on the server with this device as its first member. */
  static async register(serverUrl: string, deviceName: string, fetchImpl: FetchLike = fetch): Promise<DeviceCredentials> {
    const origin = normaliseServerUrl(serverUrl);
    const keys = await generateDeviceKeys();
    const identity = await send(fetchImpl, origin + ROUTES.accounts, { method: 'POST', body: { deviceName, publicKey: keys.publicJwk } }, DeviceIdentitySchema);
    return { serverUrl: origin, ...identity, keys };
  }

  /** Joins the account that issued `code` (from `devices pair` on another device). */
  static async join(serverUrl: string, code: string, deviceName: string, fetchImpl: FetchLike = fetch): Promise<DeviceCredentials> {
    const origin = normaliseServerUrl(serverUrl);
    const keys = await generateDeviceKeys();
    const identity = await send(fetchImpl, origin + ROUTES.join, { method: 'POST', body: { code, deviceName, publicKey: keys.publicJwk } }, DeviceIdentitySchema);
    return { serverUrl: origin, ...identity, keys };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - TOKEN_REFRESH_MARGIN_MS > Date.now()) return this.token.value;
    const url = this.credentials.serverUrl + ROUTES.token;
    const proof = await this.signer.sign('POST', url);
    const response = await send(this.fetchImpl, url, { method: 'POST', headers: { dpop: proof }, body: { deviceId: this.credentials.deviceId } }, TokenResponseSchema);
    this.token = { value: response.accessToken, expiresAt: Date.now() + response.expiresIn * 1000 };
    return response.accessToken;
  }

  /** The headers of an authenticated request: the token, and a fresh proof for this method and URL. */
  async authHeaders(method: string, url: string): Promise<Record<string, string>> {
    const token = await this.accessToken();
    return { authorization: `DPoP ${token}`, dpop: await this.signer.sign(method, url, token) };
  }

  private async call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const url = this.credentials.serverUrl + path;
    try {
      return await send(this.fetchImpl, url, { method, headers: await this.authHeaders(method, url), body }, schema);
    } catch (error) {
      // A token may expire or the server may restart with a new key: fetch a new token once.
      if (!(error instanceof SyncHttpError) || error.status !== 401 || this.token === undefined) throw error;
      this.token = undefined;
      return send(this.fetchImpl, url, { method, headers: await this.authHeaders(method, url), body }, schema);
    }
  }

  /** Sends the outbox in order, batch by batch, and settles each answer in the replica. */
  async push(replica: SyncReplica): Promise<PushSummary> {
    const summary: PushSummary = { pushed: 0, rejected: [], conflicts: [], rebuilt: [] };
    for (let batch = replica.pendingMutations(MAX_PUSH_MUTATIONS); batch.length > 0; batch = replica.pendingMutations(MAX_PUSH_MUTATIONS)) {
      const response = await this.call('POST', ROUTES.push, PushResponseSchema, { mutations: batch });
      if (response.results.length === 0) break;
      summary.rebuilt.push(...replica.settlePush(response.results));
      summary.pushed += response.results.length;
      for (const result of response.results) {
        if (result.status === 'rejected') summary.rejected.push(result);
        summary.conflicts.push(...result.conflicts);
      }
    }
    return summary;
  }

  /** Fetches every change since the replica's cursor, then applies them in one transaction. */
  async pull(replica: SyncReplica): Promise<PullSummary> {
    const changes: PulledChange[] = [];
    let cursor = replica.syncCursor();
    for (let hasMore = true; hasMore; ) {
      const page = await this.call('GET', `${ROUTES.pull}?cursor=${cursor}&limit=${MAX_PULL_LIMIT}`, PullResponseSchema);
      changes.push(...page.changes);
      cursor = page.cursor;
      hasMore = page.hasMore && page.changes.length > 0;
    }
    const touched = changes.length > 0 || cursor !== replica.syncCursor() ? replica.applyPulled(changes, cursor) : [];
    return { pulled: changes.length, cursor, touched };
  }

  async sync(replica: SyncReplica): Promise<{ push: PushSummary; pull: PullSummary }> {
    const push = await this.push(replica);
    const pull = await this.pull(replica);
    return { push, pull };
  }

  pairingCode(): Promise<PairingCodeResponse> {
    return this.call('POST', ROUTES.pairingCodes, PairingCodeResponseSchema, {});
  }

  async devices(): Promise<DeviceInfo[]> {
    return (await this.call('GET', ROUTES.devices, DevicesResponseSchema)).devices;
  }

  async revokeDevice(deviceId: string): Promise<void> {
    await this.call('DELETE', `${ROUTES.devices}/${encodeURIComponent(deviceId)}`, z.unknown());
  }

  /**
   * Asks the server to sync every provider account now. With `onProgress`, the answer streams
   * progress lines (a first full sync of thousands of events takes seconds) before the result.
   */
  async syncNow(onProgress?: (progress: Extract<SyncProgressLine, { type: 'progress' }>) => void): Promise<SyncNowResponse> {
    if (!onProgress) return this.call('POST', ROUTES.syncNow, SyncNowResponseSchema, {});
    const url = this.credentials.serverUrl + ROUTES.syncNow;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: 'POST', headers: { ...(await this.authHeaders('POST', url)), accept: SYNC_PROGRESS_TYPE } });
    } catch (error) {
      throw new SyncUnreachableError(`cannot reach the sync server at ${this.credentials.serverUrl}: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
      throw new SyncHttpError(response.status, body.success ? body.data.error.code : 'http-error', body.success ? body.data.error.message : `HTTP ${response.status}`);
    }
    let buffered = '';
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = SyncProgressLineSchema.safeParse(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        if (!line.success) throw new SyncHttpError(response.status, 'bad-response', 'the sync server sent an unexpected progress line');
        if (line.data.type === 'progress') onProgress(line.data);
        else if (line.data.type === 'error') throw new SyncHttpError(500, line.data.error.code, line.data.error.message);
        else return line.data.result;
      }
    }
    throw new SyncHttpError(response.status, 'bad-response', 'the sync server ended the sync without a result');
  }

  addProvider(request: AddProviderRequest, timeZone?: string): Promise<AddProviderResponse> {
    const query = timeZone === undefined ? '' : `?timeZone=${encodeURIComponent(timeZone)}`;
    return this.call('POST', ROUTES.providers + query, AddProviderResponseSchema, request);
  }

  async providers(): Promise<ProviderAccount[]> {
    return (await this.call('GET', ROUTES.providers, ProviderAccountsResponseSchema)).accounts;
  }

  async setProviderCalendar(accountId: string, calendarId: string, scope: CalendarScopeRequest): Promise<ProviderAccount> {
    const path = ROUTES.providerCalendar.replace(':id', encodeURIComponent(accountId)).replace(':calendarId', encodeURIComponent(calendarId));
    return (await this.call('PATCH', path, CalendarScopeResponseSchema, scope)).account;
  }

  async removeProvider(accountId: string): Promise<void> {
    await this.call('DELETE', ROUTES.provider.replace(':id', encodeURIComponent(accountId)), z.unknown());
  }

  settings(): Promise<SettingsResponse> {
    return this.call('GET', ROUTES.settings, SettingsResponseSchema);
  }

  putSettings(settings: Settings): Promise<SettingsResponse> {
    return this.call('PUT', ROUTES.settings, SettingsResponseSchema, { settings });
  }
}
