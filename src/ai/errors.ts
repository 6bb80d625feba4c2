import type { ProviderName } from './provider';

/**
 * Why a cloud call did not give a usable answer. Our own words only: provider messages can quote
 * part of the key ("Incorrect API key provided: sk-ab***yz") or the prompt, and none of that may
 * reach a log or the audit table.
 */
export type AiFailureKind =
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'overloaded'
  | 'unauthorized'
  | 'bad-request'
  | 'connection'
  | 'invalid-output'
  | 'cloud-off'
  | 'not-allowed'
  | 'unavailable'
  | 'cancelled';

/** Kinds where a later try at the same provider may well succeed. */
const TRANSIENT: ReadonlySet<AiFailureKind> = new Set(['timeout', 'rate-limited', 'server-error', 'overloaded', 'connection', 'invalid-output']);

export class AiError extends Error {
  override readonly name = 'AiError';

  constructor(
    readonly kind: AiFailureKind,
    message: string,
    readonly details: { provider?: ProviderName; status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }

  /** Worth asking again, here or elsewhere. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/**
 * The wait a refusal asks for: `retry-after-ms` (sent by both SDKs' servers), else `retry-after`
 * in seconds or as an HTTP date (RFC 9110 §10.2.3).
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** An HTTP status, as both providers document them, in our words. */
export function httpFailure(provider: ProviderName, status: number, headers: Headers | undefined): AiError {
  const details = { provider, status, ...(status === 429 || status === 529 || status >= 500 ? { retryAfterMs: retryAfterMs(headers) } : {}) };
  if (status === 401 || status === 403) return new AiError('unauthorized', `${provider} refused the API key (${status}); check it in settings`, details);
  if (status === 429) return new AiError('rate-limited', `${provider} is rate-limiting this key (429)`, details);
  if (status === 529) return new AiError('overloaded', `${provider} is overloaded (529)`, details);
  if (status === 408) return new AiError('timeout', `${provider} timed out the request (408)`, details);
  if (status >= 500) return new AiError('server-error', `${provider} failed (${status})`, details);
  return new AiError('bad-request', `${provider} rejected the request (${status})`, details);
}
