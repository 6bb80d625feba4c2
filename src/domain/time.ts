import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const zoneCache = new Map<string, Zone>();

const FIXED_OFFSET = /^(?:(?:UTC|GMT)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const MAX_OFFSET_MINUTES = 18 * 60;

/** An IANA zone ("Europe/Berlin"), "UTC" / "GMT" / "Z", or a fixed offset ("-02:00", "UTC-2", "GMT+5:30"). */
export function zoneOf(name: string): Zone {
  let zone = zoneCache.get(name);
  if (zone) return zone;
  const spec = name.trim();
  const fixed = FIXED_OFFSET.exec(spec);
  if (fixed) {
    const minutes = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
    if (Math.abs(minutes) > MAX_OFFSET_MINUTES || Number(fixed[3] ?? 0) > 59) throw new RangeError(`bad UTC offset "${name}"`);
    zone = FixedOffsetZone.instance(minutes);
  } else if (/^(Z|UTC|GMT|Etc\/UTC)$/i.test(spec)) {
    zone = FixedOffsetZone.utcInstance;
  } else {
    zone = IANAZone.create(spec);
  }
  if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
  zoneCache.set(name, zone);
  return zone;
}

export function isValidTimeZone(name: string): boolean {
  try {
    zoneOf(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone this machine is set to, falling back to UTC when the runtime does not say. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsOfLocal(local: string): LocalParts | undefined {
  const dateTime = LOCAL_DATE_TIME.exec(local);
  const date = dateTime ?? LOCAL_DATE.exec(local);
  if (!date) return undefined;
  const parts = {
    year: Number(date[1]),
    month: Number(date[2]),
    day: Number(date[3]),
    hour: dateTime ? Number(dateTime[4]) : 0,
    minute: dateTime ? Number(dateTime[5]) : 0,
    second: dateTime ? Number(dateTime[6] ?? 0) : 0,
  };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second));
  const valid =
    check.getUTCFullYear() === parts.year &&
    check.getUTCMonth() === parts.month - 1 &&
    check.getUTCDate() === parts.day &&
    check.getUTCHours() === parts.hour &&
    check.getUTCMinutes() === parts.minute &&
    check.getUTCSeconds() === parts.second;
  return valid ? parts : undefined;
}

export function isValidLocalDate(value: string): boolean {
  return LOCAL_DATE.test(value) && partsOfLocal(value) !== undefined;
}

export function isValidLocalDateTime(value: string): boolean {
  return LOCAL_DATE_TIME.test(value) && partsOfLocal(value) !== undefined;
}

/** `YYYY-MM-DDTHH:mm` becomes `YYYY-MM-DDTHH:mm:00`, so equal times compare equal as strings. */
export function normalizeLocalDateTime(value: string): string {
  return value.length === 16 ? `${value}:00` : value;
}

/**
 * The wall time as if it were UTC: the "floating" milliseconds that all-day events are indexed
 * by, and the starting point for placing a wall time in a zone.
 */
export function floatingMs(local: string): number {
  const parts = partsOfLocal(local);
  if (!parts) throw new RangeError(`invalid local date-time "${local}"`);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/**
 * The instant at which a wall time occurs in a zone, by RFC 5545's rules: a time that occurs
 * twice (clocks fall back) means the first occurrence; a time skipped by a DST gap is read with
 * the offset in force before the gap. (Luxon alone picks the second occurrence.)
 */
export function localToInstant(local: string, zoneName: string): number {
  const offsetAt = offsetLookup(zoneName);
  const naive = floatingMs(local);
  const offsetBefore = offsetAt(naive - DAY_MS);
  const offsetAfter = offsetAt(naive + DAY_MS);
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((instant) => offsetAt(instant) * MINUTE_MS === naive - instant);
  if (candidates.length === 0) return naive - offsetBefore * MINUTE_MS;
  return Math.min(...candidates);
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsetMemos = new Map<string, (instant: number) => number>();

/**
 * A zone's UTC offset (minutes) at an instant, memoised per quarter hour: zone transitions fall
 * on quarter hours, and each lookup through Intl costs microseconds, which adds up when a series
 * of hundreds of instances is placed (DESIGN: an agenda and a plan within milliseconds).
 */
function offsetLookup(zoneName: string): (instant: number) => number {
  let lookup = offsetMemos.get(zoneName);
  if (lookup) return lookup;
  const zone = zoneOf(zoneName);
  const memo = new Map<number, number>();
  lookup = (instant) => {
    const bucket = Math.floor(instant / QUARTER_HOUR_MS);
    let offset = memo.get(bucket);
    if (offset === undefined) {
      offset = zone.offset(bucket * QUARTER_HOUR_MS);
      if (memo.size > 50_000) memo.clear();
      memo.set(bucket, offset);
    }
    return offset;
  };
  offsetMemos.set(zoneName, lookup);
  return lookup;
}

/** The instant a floating (all-day) time starts for someone in `zoneName`. */
export function floatingToInstant(floating: number, zoneName: string): number {
  return localToInstant(instantToLocal(floating, 'UTC'), zoneName);
}

/** The wall time (`YYYY-MM-DDTHH:mm:ss`) of an instant in a zone. */
export function instantToLocal(instant: number, zoneName: string): string {
  const wall = new Date(instant + offsetLookup(zoneName)(instant) * MINUTE_MS);
  return wall.toISOString().slice(0, 19);
}

export function instantToIso(instant: number, zoneName: string): string {
  return DateTime.fromMillis(instant, { zone: zoneOf(zoneName) }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** Adds days to a local date (`YYYY-MM-DD`) without touching any zone. */
export function addDaysToLocalDate(date: string, days: number): string {
  return new Date(floatingMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days between two local dates. */
export function daysBetweenLocalDates(from: string, to: string): number {
  return Math.round((floatingMs(to) - floatingMs(from)) / DAY_MS);
}

export function today(zoneName: string, now: number = Date.now()): string {
  return instantToLocal(now, zoneName).slice(0, 10);
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a moment a person typed: a date (`2026-12-03`, local midnight), a local date-time
 * (`2026-12-03T09:00`, in `zoneName`), or an ISO instant with an offset or `Z`.
 */
export function parseMoment(text: string, zoneName: string): number | undefined {
  if (isValidLocalDate(text) || isValidLocalDateTime(text)) return localToInstant(text, zoneName);
  if (ISO_WITH_OFFSET.test(text)) {
    const instant = DateTime.fromISO(text, { setZone: true });
    return instant.isValid ? instant.toMillis() : undefined;
  }
  return undefined;
}

export function isValidMoment(text: string): boolean {
  return parseMoment(text, 'UTC') !== undefined;
}
