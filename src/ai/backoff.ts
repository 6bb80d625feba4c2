export interface BackoffOptions {
  /** Tries per provider, the first included, when there is no other provider to fall back to. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * The wait before try `attempt + 1`: exponential with full jitter (so many clients do not retry
 * in step), and never shorter than what the server asked for in `retry-after`.
 */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  const jittered = random() * ceiling;
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
