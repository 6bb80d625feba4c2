import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_BACKOFF } from './backoff';

describe('backoff with jitter', () => {
  it('doubles per failure up to the cap, and never waits less than half of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, random) => {
        const full = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (failures - 1));
        const wait = backoffMs(failures, () => random);
        expect(wait).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(wait).toBeLessThanOrEqual(full);
      }),
    );
  });

  it('spreads accounts that failed together', () => {
    const waits = new Set(Array.from({ length: 20 }, () => backoffMs(3)));
    expect(waits.size).toBeGreaterThan(10);
  });
});
