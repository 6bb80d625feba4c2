import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTimes } from './analyze';
import { resolveTimes } from './resolve';

const REF = { now: '2013-02-12T04:30:00-02:00', zone: 'Europe/Berlin' };

// Words the grammar reacts to, so random texts exercise it rather than bounce off.
const VOCAB = [
  '1', '2', '3', '12', '2013', '3:30', '10.31.1974', 'at', 'pm', 'a.m.', 'to', '-', '/', 'the', '3rd', 'of', 'march', 'monday',
  'next', 'last', 'from', 'between', 'and', 'in', 'days', 'hours', 'week', 'tomorrow', 'morning', 'christmas', 'diwali',
  'for', 'after', 'before', 'by', 'end', 'this', 'first', 'quarter', 'past', 'noon', 'on', ',', 'every', 'other', 'twenty',
  'one', 'hundred', 'o', 'clock', 'EST', 'ramadan', 'hanukkah', 'ago', 'hence', 'closest', 'upcoming',
];
const wordSoup = fc.array(fc.constantFrom(...VOCAB), { maxLength: 60 }).map((ws) => ws.join(' '));
const longSoup = fc.array(fc.constantFrom(...VOCAB), { minLength: 200, maxLength: 2000 }).map((ws) => ws.join(' ').slice(0, 10_000));

function checkMatches(text: string): number {
  const t0 = performance.now();
  const ms = resolveTimes(text, REF);
  const elapsed = performance.now() - t0;
  for (const m of ms) {
    expect(m.span.start).toBeGreaterThanOrEqual(0);
    expect(m.span.end).toBeLessThanOrEqual(text.length);
    expect(text.slice(m.span.start, m.span.end)).toBe(m.text);
    if (m.start !== null) expect(Number.isNaN(Date.parse(m.start))).toBe(false);
  }
  return elapsed;
}

describe('robustness (property-based)', () => {
  it('never throws on short arbitrary or time-like text, spans stay inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 120 }), wordSoup), (text) => {
        expect(checkMatches(text)).toBeLessThan(1000);
      }),
      { numRuns: 150 },
    );
  });

  it('handles inputs up to 10 kB in bounded time', () => {
    fc.assert(
      fc.property(fc.oneof(longSoup, fc.string({ minLength: 5000, maxLength: 10_000 })), (text) => {
        expect(checkMatches(text)).toBeLessThan(3000);
      }),
      // No shrinking of 10 kB inputs: report the first failure as it is.
      { numRuns: 6, endOnFailure: true },
    );
  });

  it('formats times in zones with historic second-level offsets', () => {
    const [m] = resolveTimes('in 5 BC', REF);
    expect(m?.start).toBe('-000006-12-31T23:59:32.000+00:53');
    expect(Date.parse(m!.start!)).toBe(m!.startMs);
  });

  it('survives pathological repetition', () => {
    for (const text of ['3:30-'.repeat(2000), '1 '.repeat(5000), 'twenty '.repeat(1400), 'a'.repeat(10_000), '- '.repeat(5000)]) {
      expect(checkMatches(text)).toBeLessThan(3000);
    }
  });

  it('analyzes arbitrary text without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), wordSoup), (text) => {
        const a = analyzeTimes(text, REF);
        expect(Array.isArray(a.times) && Array.isArray(a.durations) && Array.isArray(a.recurrences)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
