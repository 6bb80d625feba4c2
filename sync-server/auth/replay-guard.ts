import { PROOF_MAX_SKEW_SECONDS } from '../../src/sync/dpop';

/**
 * Remembers the `jti` of every accepted DPoP proof for as long as the proof could be accepted
 * (its `iat` within the allowed skew either side), so a captured proof cannot be sent again.
 * In memory: after a restart a proof of the last two minutes could be replayed once.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True the first time a proof is presented; false for a replay. */
  firstUse(jti: string, iatSeconds: number, nowMs = Date.now()): boolean {
    this.forgetExpired(nowMs);
    if (this.seen.has(jti)) return false;
    this.seen.set(jti, (iatSeconds + PROOF_MAX_SKEW_SECONDS) * 1000 + 1000);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Entries arrive roughly in expiry order, so dropping from the front until a live one is enough. */
  private forgetExpired(nowMs: number): void {
    for (const [jti, expiresAt] of this.seen) {
      if (expiresAt > nowMs) return;
      this.seen.delete(jti);
    }
  }
}
