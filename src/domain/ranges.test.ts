import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findConflicts, freeBusy, freeRanges, mergeRanges, overlaps, type BusyCandidate, type TimeRange } from './ranges';

const r = (start: number, end: number): TimeRange => ({ start, end });
const entry = (start: number, end: number, extra: Partial<BusyCandidate> = {}): BusyCandidate => ({
  range: r(start, end),
  status: 'confirmed',
  transparency: 'opaque',
  ...extra,
});

describe('overlaps', () => {
  it('treats ranges as half-open', () => {
    expect(overlaps(r(0, 10), r(10, 20))).toBe(false);
    expect(overlaps(r(0, 11), r(10, 20))).toBe(true);
    expect(overlaps(r(5, 6), r(0, 20))).toBe(true);
  });
});

describe('mergeRanges and freeRanges', () => {
  it('joins touching and overlapping blocks and drops empty ones', () => {
    expect(mergeRanges([r(10, 20), r(0, 5), r(5, 8), r(15, 30), r(40, 40)])).toEqual([r(0, 8), r(10, 30)]);
  });

  it('finds the gaps of a window, with a minimum length', () => {
    expect(freeRanges(r(0, 100), [r(10, 20), r(25, 30), r(90, 120)])).toEqual([r(0, 10), r(20, 25), r(30, 90)]);
    expect(freeRanges(r(0, 100), [r(10, 20), r(25, 30), r(90, 120)], 10)).toEqual([r(0, 10), r(30, 90)]);
  });

  it('partitions any window exactly into busy and free parts (property)', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 })).map(([s, len]) => r(s, s + len));
    fc.assert(
      fc.property(range, fc.array(range, { maxLength: 30 }), (window, blocks) => {
        const { busy, free } = freeBusy(window, blocks.map((b) => entry(b.start, b.end)));
        const covered = [...busy, ...free].reduce((sum, part) => sum + part.end - part.start, 0);
        expect(covered).toBe(window.end - window.start);
        for (const gap of free) for (const block of blocks) expect(overlaps(gap, block)).toBe(false);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('freeBusy and findConflicts', () => {
  it('ignores cancelled and transparent entries', () => {
    const entries = [entry(0, 10), entry(20, 30, { status: 'cancelled' }), entry(40, 50, { transparency: 'transparent' }), entry(60, 70, { status: 'tentative' })];
    expect(freeBusy(r(0, 100), entries).busy).toEqual([r(0, 10), r(60, 70)]);
    expect(findConflicts(r(5, 65), entries)).toEqual([entries[0], entries[3]]);
  });
});
