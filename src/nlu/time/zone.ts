/**
 * Time zones: accepts an IANA name ("Europe/Berlin") or a fixed offset ("-02:00", "+0530",
 * "UTC-2", "GMT+5:30", "Z") and converts between civil (wall-clock) times and real instants.
 * luxon supplies the IANA offsets; fixed offsets never touch it.
 */
import { FixedOffsetZone } from 'luxon';
import { zoneOf } from '../../domain/time';
import { civil, fields, type Civil } from './civil';

export interface TimeZone {
  /** The spec as given. */
  readonly spec: string;
  /** Offset in minutes east of UTC at an instant (ms since epoch). */
  offsetAt(instant: number): number;
  readonly fixed: boolean;
}

const cache = new Map<string, TimeZone>();

/** Parses a zone spec; throws RangeError for anything unknown (never silently falls back to UTC). */
export function parseZone(spec: string): TimeZone {
  const hit = cache.get(spec);
  if (hit) return hit;
  const zone = build(spec);
  cache.set(spec, zone);
  return zone;
}

export function isValidZone(spec: string): boolean {
  try {
    parseZone(spec);
    return true;
  } catch {
    return false;
  }
}

/** Wraps the domain's zone (one parser of zone specs for the whole app) with a memo of offsets. */
function build(spec: string): TimeZone {
  const zone = zoneOf(spec);
  if (zone.isUniversal) return fixedZone(spec, zone.offset(0));
  // Offsets change only at transitions, which fall on quarter hours: memoise per quarter hour
  // (an Intl lookup costs microseconds, and one resolution makes dozens).
  const memo = new Map<number, number>();
  return {
    spec,
    fixed: false,
    offsetAt: (instant) => {
      const key = Math.floor(instant / 900_000);
      let offset = memo.get(key);
      if (offset === undefined) {
        offset = zone.offset(key * 900_000);
        if (memo.size > 4096) memo.clear();
        memo.set(key, offset);
      }
      return offset;
    },
  };
}

export function fixedZone(spec: string, minutes: number): TimeZone {
  const offset = FixedOffsetZone.instance(minutes).offset(0);
  return { spec, fixed: true, offsetAt: () => offset };
}

export function instantToCivil(instant: number, zone: TimeZone): Civil {
  return instant + zone.offsetAt(instant) * 60_000;
}

/**
 * The instant a civil time denotes. A time skipped by a DST jump moves forward by the jump
 * (02:30 on a spring-forward night is 03:30); a repeated time takes its first occurrence.
 */
export function civilToInstant(t: Civil, zone: TimeZone): number {
  const o = zone.offsetAt(t);
  let guess = t - o * 60_000;
  const o2 = zone.offsetAt(guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60_000;
  const o3 = zone.offsetAt(guess);
  if (o2 === o3) return guess;
  return t - Math.min(o2, o3) * 60_000;
}

/** ISO-8601 with milliseconds and the zone's offset at that instant: 2013-02-12T04:30:00.000-02:00. */
export function formatCivil(t: Civil, zone: TimeZone): string {
  const instant = civilToInstant(t, zone);
  // Historic local mean time has offsets in seconds (Berlin LMT +00:53:28); ISO offsets are
  // whole minutes, so the instant is shown at the nearest minute offset (same instant).
  const offset = Math.round(zone.offsetAt(instant));
  return formatAtOffset(instant + offset * 60_000, offset);
}

/** ISO-8601 of a civil time known to be at a given UTC offset (minutes). */
export function formatAtOffset(local: Civil, offset: number): string {
  if (!Number.isInteger(offset)) {
    const whole = Math.round(offset);
    return formatAtOffset(local + (whole - offset) * 60_000, whole);
  }
  const f = fields(local);
  const ms = ((local % 1000) + 1000) % 1000;
  // Years outside 0000-9999 take the expanded form (+/-YYYYYY) that Date.parse accepts.
  const year = f.year >= 0 && f.year <= 9999 ? pad(f.year, 4) : `${f.year < 0 ? '-' : '+'}${pad(Math.abs(f.year), 6)}`;
  return `${year}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${pad(ms, 3)}${formatOffset(offset)}`;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** Reads the reference "now" (a Date, or an ISO string with or without offset) as an instant. */
export function refInstant(now: Date | string | number, zone: TimeZone): number {
  if (typeof now === 'number') return now;
  if (now instanceof Date) return now.getTime();
  // An ISO string without offset is wall-clock time in the given zone.
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(now.trim());
  if (m) {
    const c = civil(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
    return civilToInstant(c + Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)), zone);
  }
  const parsed = Date.parse(now);
  if (Number.isNaN(parsed)) throw new RangeError(`bad reference time: ${now}`);
  return parsed;
}
