/**
 * Wall-clock ("civil") time as a plain number: the milliseconds Date.UTC would give for the
 * local fields. All calendar reasoning happens here, zone-free, so "tomorrow at 9" is 09:00 on
 * the next calendar day whatever DST does; zone.ts turns civil times into real instants.
 */
import type { Grain } from './grain';

export type Civil = number;

const MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

const scratch = new Date(0);

/** Builds a civil time; months and days may overflow (Date semantics), years 0-99 are literal. */
export function civil(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Civil {
  scratch.setTime(0);
  scratch.setUTCFullYear(year, month - 1, day);
  scratch.setUTCHours(hour, minute, second, 0);
  return scratch.getTime();
}

export interface CivilFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO day of week: Monday 1 ... Sunday 7. */
  readonly dow: number;
}

export function fields(t: Civil): CivilFields {
  scratch.setTime(t);
  const d = scratch.getUTCDay();
  return {
    year: scratch.getUTCFullYear(),
    month: scratch.getUTCMonth() + 1,
    day: scratch.getUTCDate(),
    hour: scratch.getUTCHours(),
    minute: scratch.getUTCMinutes(),
    second: scratch.getUTCSeconds(),
    dow: d === 0 ? 7 : d,
  };
}

export function yearOf(t: Civil): number {
  scratch.setTime(t);
  return scratch.getUTCFullYear();
}

export function dowOf(t: Civil): number {
  scratch.setTime(t);
  const d = scratch.getUTCDay();
  return d === 0 ? 7 : d;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Adds whole months, clipping the day to the target month's length (Jan 31 + 1 month = Feb 28). */
function addMonths(t: Civil, n: number): Civil {
  const f = fields(t);
  const total = f.year * 12 + (f.month - 1) + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(f.day, daysInMonth(year, month));
  return civil(year, month, day, f.hour, f.minute, f.second);
}

export function addGrain(t: Civil, grain: Grain, n: number): Civil {
  switch (grain) {
    case 'second':
    case 'minute':
    case 'hour':
    case 'day':
    case 'week':
      return t + n * MS[grain];
    case 'month':
      return addMonths(t, n);
    case 'quarter':
      return addMonths(t, 3 * n);
    case 'year':
      return addMonths(t, 12 * n);
  }
}

/** Start of the grain unit containing t (weeks start on Monday, quarters in Jan/Apr/Jul/Oct). */
export function roundGrain(t: Civil, grain: Grain): Civil {
  switch (grain) {
    case 'second':
      return t - mod(t, MS.second);
    case 'minute':
      return t - mod(t, MS.minute);
    case 'hour':
      return t - mod(t, MS.hour);
    case 'day':
      return t - mod(t, MS.day);
    case 'week': {
      const day = t - mod(t, MS.day);
      return day - (dowOf(day) - 1) * MS.day;
    }
    case 'month': {
      const f = fields(t);
      return civil(f.year, f.month, 1);
    }
    case 'quarter': {
      const f = fields(t);
      return civil(f.year, f.month - ((f.month - 1) % 3), 1);
    }
    case 'year':
      return civil(yearOf(t), 1, 1);
  }
}

export function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

export const DAY_MS = MS.day;
export const HOUR_MS = MS.hour;
