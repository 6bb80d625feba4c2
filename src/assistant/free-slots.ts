import { DateTime } from 'luxon';
import { freeRanges, type TimeRange } from '../domain/ranges';
import { addDaysToLocalDate, floatingMs, instantToLocal, localToInstant, zoneOf } from '../domain/time';
import type { WorkingHours } from './config';

const MINUTE_MS = 60_000;

/** ISO weekday (1 = Monday) of a local date. */
export function weekdayOf(date: string): number {
  const day = new Date(floatingMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The working hours inside a window, day by day in the user's zone (each day placed on its own,
 * so a DST change keeps 09:00–18:00 at 09:00–18:00). `anyDay`: the person named these days, so a
 * weekend day counts too. A window that working hours do not touch at all (an evening asked for by
 * name) is returned as it is: the person chose that time.
 */
export function workingWindows(window: TimeRange, zone: string, hours: WorkingHours, anyDay: boolean): TimeRange[] {
  const windows: TimeRange[] = [];
  const lastDate = instantToLocal(window.end - 1, zone).slice(0, 10);
  for (let date = instantToLocal(window.start, zone).slice(0, 10); date <= lastDate; date = addDaysToLocalDate(date, 1)) {
    if (!anyDay && !hours.days.includes(weekdayOf(date))) continue;
    const start = Math.max(window.start, localToInstant(`${date}T${hours.start}:00`, zone));
    const end = Math.min(window.end, localToInstant(`${date}T${hours.end}:00`, zone));
    if (end > start) windows.push({ start, end });
  }
  return windows.length > 0 || !anyDay ? windows : [window];
}

/** Moves an instant forward (or back) to the next mark of a grid of local wall minutes. */
export function alignToGrid(instant: number, zone: string, stepMinutes: number, direction: 'up' | 'down'): number {
  const local = DateTime.fromMillis(instant, { zone: zoneOf(zone) });
  const intoStep = ((local.minute % stepMinutes) * 60 + local.second) * 1000 + local.millisecond;
  if (intoStep === 0) return instant;
  return direction === 'up' ? instant - intoStep + stepMinutes * MINUTE_MS : instant - intoStep;
}

export interface SlotSearch {
  /** Where a slot may go, in order of preference (working windows, a meal's usual hours ...). */
  windows: readonly TimeRange[];
  busy: readonly TimeRange[];
  durationMs: number;
  bufferMs: number;
  stepMinutes: number;
  zone: string;
  /** Nothing before this instant (now). */
  notBefore: number;
}

function padded(busy: readonly TimeRange[], bufferMs: number): TimeRange[] {
  return busy.map((block) => ({ start: block.start - bufferMs, end: block.end + bufferMs }));
}

/** The free parts of the windows at least `minimumMs` long, buffers kept around busy blocks. */
export function freeIntervals(search: Omit<SlotSearch, 'durationMs' | 'stepMinutes'>, minimumMs: number): TimeRange[] {
  const busy = padded(search.busy, search.bufferMs);
  return search.windows.flatMap((window) => {
    const start = Math.max(window.start, search.notBefore);
    return start < window.end ? freeRanges({ start, end: window.end }, busy, minimumMs) : [];
  });
}

/** The first slot of the given length on the grid, in window order. */
export function firstFreeSlot(search: SlotSearch): TimeRange | undefined {
  for (const free of freeIntervals(search, search.durationMs)) {
    const start = alignToGrid(free.start, search.zone, search.stepMinutes, 'up');
    if (start + search.durationMs <= free.end) return { start, end: start + search.durationMs };
  }
  return undefined;
}

/**
 * The free slots nearest to a proposed start: the latest one before it and the earliest ones
 * after it, ordered by how far they move the event.
 */
export function nearestFreeSlots(search: SlotSearch, proposedStart: number, count: number): TimeRange[] {
  const found: TimeRange[] = [];
  const { durationMs, zone, stepMinutes } = search;
  const intervals = freeIntervals(search, durationMs);
  const before = intervals
    .filter((free) => free.start < proposedStart)
    .map((free) => {
      const start = alignToGrid(Math.min(free.end, proposedStart) - durationMs, zone, stepMinutes, 'down');
      return start >= free.start ? { start, end: start + durationMs } : undefined;
    })
    .filter((slot): slot is TimeRange => slot !== undefined)
    .at(-1);
  if (before) found.push(before);
  for (const free of intervals) {
    if (found.length > count) break;
    const start = alignToGrid(Math.max(free.start, proposedStart), zone, stepMinutes, 'up');
    if (start + durationMs <= free.end && start !== before?.start) found.push({ start, end: start + durationMs });
  }
  return found.sort((a, b) => Math.abs(a.start - proposedStart) - Math.abs(b.start - proposedStart)).slice(0, count);
}
