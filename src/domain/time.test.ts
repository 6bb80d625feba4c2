import { describe, expect, it } from 'vitest';
import { floatingToInstant, instantToLocal, isValidLocalDate, isValidLocalDateTime, isValidTimeZone, localToInstant } from './time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('localToInstant', () => {
  it('uses the first occurrence of a wall time repeated when clocks fall back (RFC 5545)', () => {
    expect(iso(localToInstant('2026-11-01T01:30:00', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads a wall time skipped by the spring gap with the offset before the gap', () => {
    expect(iso(localToInstant('2026-03-08T02:30:00', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('handles half-hour zones and fixed offsets', () => {
    expect(iso(localToInstant('2026-06-01T09:00:00', 'Asia/Kolkata'))).toBe('2026-06-01T03:30:00.000Z');
    expect(iso(localToInstant('2013-02-12T04:30:00', '-02:00'))).toBe('2013-02-12T06:30:00.000Z');
  });

  it('round-trips with instantToLocal', () => {
    const instant = localToInstant('2026-07-04T18:15:00', 'Europe/Berlin');
    expect(instantToLocal(instant, 'Europe/Berlin')).toBe('2026-07-04T18:15:00');
  });

  it('places an all-day date at local midnight of the viewer', () => {
    expect(iso(floatingToInstant(Date.UTC(2026, 11, 3), 'Asia/Tokyo'))).toBe('2026-12-02T15:00:00.000Z');
  });
});

describe('validation', () => {
  it('rejects impossible dates and unknown zones', () => {
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2028-02-29')).toBe(true);
    expect(isValidLocalDateTime('2026-12-03T24:00')).toBe(false);
    expect(isValidLocalDateTime('2026-12-03T09:00')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
  });
});
