import {
  AuthExpiredError,
  ProviderError,
  ProviderUnavailableError,
  RateLimitedError,
  TokenInvalidError,
} from '../connector';

/**
 * The one `fetch` every CalDAV request goes through (tsdav takes it as `fetch`): it adds Basic
 * auth, a timeout and the caller's abort signal, and turns the answers the reconciler acts on
 * into ProviderErrors, so each tsdav call site only decides what its own 404/409/412 mean.
 * The password lives only in the Authorization header it builds; no message quotes a header.
 */

export interface CalDavCredentials {
  username: string;
  password: string;
}

export type Fetch = typeof fetch;

export interface GuardOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: Fetch;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export function guardedFetch(credentials: CalDavCredentials, options: GuardOptions): Fetch {
  const base = options.fetch ?? fetch;
  const authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    try {
      response = await base(input, { ...init, headers, signal: AbortSignal.any(signals) });
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      if (options.signal?.aborted) throw error;
      throw new ProviderUnavailableError(`${method} ${url.origin} failed: ${describeNetworkError(error)}`, { cause: error });
    }
    const where = `${method} ${url.pathname} on ${url.host}`;
    if (response.status === 401) throw new AuthExpiredError(`${url.host} refused the username or password (HTTP 401)`);
    if (response.status === 429 || (response.status === 503 && response.headers.has('retry-after'))) {
      throw new RateLimitedError(retryAfterMs(response.headers.get('retry-after')), `${where} answered ${response.status}: slow down`);
    }
    if (response.status >= 500) throw new ProviderUnavailableError(`${where} answered ${response.status} ${response.statusText}`);
    if (response.status === 403 || response.status === 409) {
      const body = await response.clone().text();
      if (/valid-sync-token/.test(body)) throw new TokenInvalidError(`${url.host} no longer accepts the sync token (HTTP ${response.status})`);
      if (response.status === 403) throw new AuthExpiredError(`${url.host} refused access to ${url.pathname} (HTTP 403)`);
    }
    return response;
  };
}
