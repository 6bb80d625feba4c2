import { describe, expect, it } from 'vitest';
import { localToInstant } from '../domain/time';
import { alignToGrid, firstFreeSlot, nearestFreeSlots, workingWindows } from './free-slots';

const BERLIN = 'Europe/Berlin';
const hours = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };
const local = (text: string, zone = BERLIN) => localToInstant(text, zone);
const iso = (ranges: { start: number; end: number }[]) => ranges.map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString()]);

describe('working windows', () => {
  it('places each day on its own, so 09:00–18:00 stays so across the spring-forward change', () => {
    const windows = workingWindows({ start: local('2026-03-27T00:00:00'), end: local('2026-03-31T00:00:00') }, BERLIN, hours, false);
    expect(iso(windows)).toEqual([
      ['2026-03-27T08:00:00.000Z', '2026-03-27T17:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T16:00:00.000Z'],
    ]);
  });

  it('counts a weekend day the person named, and keeps an evening asked for by name', () => {
    expect(workingWindows({ start: local('2026-03-28T00:00:00'), end: local('2026-03-29T00:00:00') }, BERLIN, hours, true)).toHaveLength(1);
    const evening = { start: local('2026-03-25T18:00:00'), end: local('2026-03-26T00:00:00') };
    expect(workingWindows(evening, BERLIN, hours, true)).toEqual([evening]);
  });

  it('handles the fall-back day in New York', () => {
    const zone = 'America/New_York';
    const windows = workingWindows({ start: local('2026-11-01T00:00:00', zone), end: local('2026-11-03T00:00:00', zone) }, zone, hours, true);
    expect(iso(windows)).toEqual([
      ['2026-11-01T14:00:00.000Z', '2026-11-01T23:00:00.000Z'],
      ['2026-11-02T14:00:00.000Z', '2026-11-02T23:00:00.000Z'],
    ]);
  });
});

describe('slots', () => {
  const day = { start: local('2026-03-26T09:00:00'), end: local('2026-03-26T18:00:00') };
  const busy = [
    { start: local('2026-03-26T09:00:00'), end: local('2026-03-26T09:15:00') },
    { start: local('2026-03-26T09:30:00'), end: local('2026-03-26T10:30:00') },
  ];
  const search = { windows: [day], busy, durationMs: 30 * 60_000, bufferMs: 0, stepMinutes: 15, zone: BERLIN, notBefore: 0 };

  it('aligns to the local quarter hour in a zone with a half-hour offset', () => {
    const kolkata = localToInstant('2026-03-26T09:07:00', 'Asia/Kolkata');
    expect(alignToGrid(kolkata, 'Asia/Kolkata', 15, 'up')).toBe(localToInstant('2026-03-26T09:15:00', 'Asia/Kolkata'));
    expect(alignToGrid(kolkata, 'Asia/Kolkata', 15, 'down')).toBe(localToInstant('2026-03-26T09:00:00', 'Asia/Kolkata'));
  });

  it('finds the first slot that fits, not the first gap', () => {
    expect(iso([firstFreeSlot(search)!])).toEqual([['2026-03-26T09:30:00.000Z', '2026-03-26T10:00:00.000Z']]);
  });

  it('keeps buffers around busy blocks', () => {
    expect(iso([firstFreeSlot({ ...search, bufferMs: 10 * 60_000 })!])).toEqual([['2026-03-26T09:45:00.000Z', '2026-03-26T10:15:00.000Z']]);
  });

  it('offers the nearest free slots on either side of a proposed time', () => {
    const proposed = local('2026-03-26T09:30:00');
    expect(iso(nearestFreeSlots({ ...search, durationMs: 15 * 60_000 }, proposed, 2))).toEqual([
      ['2026-03-26T08:15:00.000Z', '2026-03-26T08:30:00.000Z'],
      ['2026-03-26T09:30:00.000Z', '2026-03-26T09:45:00.000Z'],
    ]);
  });

  it('never offers a time before now', () => {
    expect(firstFreeSlot({ ...search, notBefore: local('2026-03-26T17:40:00') })).toBeUndefined();
  });
});
