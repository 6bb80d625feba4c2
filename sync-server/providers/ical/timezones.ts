import ICAL from 'ical.js';
import { FixedOffsetZone } from 'luxon';
import { floatingMs, instantToLocal, isValidTimeZone, localToInstant, zoneOf } from '../../../src/domain/time';
import { WINDOWS_ZONES } from './windows-zones';

/**
 * VTIMEZONE out, IANA zone in. ical.js cannot make a VTIMEZONE from an IANA name, so one is built
 * from the zone's transitions as this runtime's Intl database knows them: found by scanning the
 * years the item touches, then folded into yearly RRULEs (`BYMONTH=3;BYDAY=-1SU`) where the
 * transitions follow one, which is what keeps an open-ended series right after the scanned years.
 * Transitions that follow no such rule are listed as RDATEs. The TZID is the IANA name, which
 * is what we read back; other clients use the rules.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** No zone has had two transitions within a day. */
const SCAN_STEP_MS = 24 * HOUR_MS;
/** Years scanned past the item's last so each yearly rule is seen on all seven days it can fall on. */
const RULE_SAMPLE_YEARS = 8;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface Transition {
  /** The wall time at which it happens, read with the offset before it (RFC 5545's DTSTART). */
  local: Date;
  year: number;
  offsetFrom: number;
  offsetTo: number;
}

function offsetMinutes(zoneName: string, instant: number): number {
  return zoneOf(zoneName).offset(instant);
}

const transitionsMemo = new Map<string, Transition[]>();

function transitionsBetween(zoneName: string, fromYear: number, toYear: number): Transition[] {
  return Array.from({ length: toYear - fromYear + 1 }, (_, index) => transitionsIn(zoneName, fromYear + index)).flat();
}

function transitionsIn(zoneName: string, year: number): Transition[] {
  const key = `${zoneName}|${year}`;
  const known = transitionsMemo.get(key);
  if (known) return known;
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let before = Date.UTC(year, 0, 1);
  let offsetBefore = offsetMinutes(zoneName, before);
  for (let probe = Math.min(before + SCAN_STEP_MS, end); before < end; probe = Math.min(probe + SCAN_STEP_MS, end)) {
    const offsetProbe = offsetMinutes(zoneName, probe);
    if (offsetProbe !== offsetBefore) {
      let low = before;
      let high = probe;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetMinutes(zoneName, middle) === offsetBefore) low = middle;
        else high = middle;
      }
      const local = new Date(high + offsetBefore * MINUTE_MS);
      transitions.push({ local, year: local.getUTCFullYear(), offsetFrom: offsetBefore, offsetTo: offsetProbe });
    }
    before = probe;
    offsetBefore = offsetProbe;
  }
  if (transitionsMemo.size > 20_000) transitionsMemo.clear();
  transitionsMemo.set(key, transitions);
  return transitions;
}

function icsOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

function icsLocal(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function daysInMonth(local: Date): number {
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * The yearly rule a group of same-weekday transitions follows: `BYDAY=-1SU` (last Sunday),
 * `BYDAY=2SU` (second), or a seven-day window (`BYMONTHDAY=2,...,8;BYDAY=SU`, the Sunday after the
 * first Saturday, which is how America/Santiago switches). Undefined when there is none.
 */
function yearlyRule(group: readonly Transition[]): string | undefined {
  const first = group[0] as Transition;
  const weekday = WEEKDAYS[first.local.getUTCDay()];
  const month = `FREQ=YEARLY;BYMONTH=${first.local.getUTCMonth() + 1}`;
  if (group.every((transition) => transition.local.getUTCDate() + 7 > daysInMonth(transition.local))) return `${month};BYDAY=-1${weekday}`;
  const days = group.map((transition) => transition.local.getUTCDate());
  const low = Math.min(...days);
  if (Math.max(...days) - low > 6) return undefined;
  // One sighting per year cannot show where the window starts, so a short group is read as "nth".
  const windowStart = group.length < 7 ? Math.floor((low - 1) / 7) * 7 + 1 : low;
  if (days.some((day) => day >= windowStart + 7)) return undefined;
  if ((windowStart - 1) % 7 === 0) return `${month};BYDAY=${(windowStart - 1) / 7 + 1}${weekday}`;
  return `${month};BYMONTHDAY=${Array.from({ length: 7 }, (_, index) => windowStart + index).join(',')};BYDAY=${weekday}`;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', first: Transition, extra: string[]): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${icsLocal(first.local)}`,
    ...extra,
    `TZOFFSETFROM:${icsOffset(first.offsetFrom)}`,
    `TZOFFSETTO:${icsOffset(first.offsetTo)}`,
    `END:${kind}`,
  ];
}

/**
 * A VTIMEZONE for `zoneName` correct for the years `fromYear`..`toYear`, and after them as long
 * as the zone's current yearly rule holds.
 */
export function vtimezoneFor(zoneName: string, fromYear: number, toYear: number): string {
  const key = `${zoneName}|${fromYear}|${toYear}`;
  let text = vtimezoneMemo.get(key);
  if (text === undefined) {
    text = buildVtimezone(zoneName, fromYear, toYear);
    if (vtimezoneMemo.size > 1_000) vtimezoneMemo.clear();
    vtimezoneMemo.set(key, text);
  }
  return text;
}

const vtimezoneMemo = new Map<string, string>();

function buildVtimezone(zoneName: string, fromYear: number, toYear: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zoneName}`];
  const transitions = zoneOf(zoneName) instanceof FixedOffsetZone ? [] : transitionsBetween(zoneName, fromYear, toYear + RULE_SAMPLE_YEARS);
  const offsetAtStart = offsetMinutes(zoneName, Date.UTC(fromYear, 0, 1));
  // Readers give times before the first onset offset 0, not its TZOFFSETFROM: start with the offset in force.
  const startYear = transitions.length === 0 ? 1970 : fromYear;
  lines.push(...observance('STANDARD', { local: new Date(Date.UTC(startYear, 0, 1)), year: startYear, offsetFrom: offsetAtStart, offsetTo: offsetAtStart }, []));
  if (transitions.length > 0) {
    const groups = new Map<string, Transition[]>();
    for (const transition of transitions) {
      const key = [transition.offsetFrom, transition.offsetTo, transition.local.getUTCMonth(), icsLocal(transition.local).slice(9), transition.local.getUTCDay()].join('|');
      groups.set(key, [...(groups.get(key) ?? []), transition]);
    }
    const lastYear = transitions.at(-1)?.year ?? toYear;
    for (const group of groups.values()) {
      const first = group[0] as Transition;
      const last = group.at(-1) as Transition;
      const kind = first.offsetTo > first.offsetFrom ? 'DAYLIGHT' : 'STANDARD';
      const rule = group.every((transition, index) => transition.year === first.year + index) ? yearlyRule(group) : undefined;
      if (rule !== undefined && group.length > 1) {
        const until = last.year === lastYear ? '' : `;UNTIL=${icsLocal(new Date(last.local.getTime() - last.offsetFrom * MINUTE_MS))}Z`;
        lines.push(...observance(kind, first, [`RRULE:${rule}${until}`]));
      } else {
        // ical.js (and others) ignore DTSTART as an onset once RDATEs are present: list it again.
        lines.push(...observance(kind, first, group.length === 1 ? [] : group.map((transition) => `RDATE:${icsLocal(transition.local)}`)));
      }
    }
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/** What a VTIMEZONE-less TZID or a foreign one is read as, in one item. */
export interface ZoneContext {
  /** The item's own VTIMEZONEs by TZID. */
  vtimezones: ReadonlyMap<string, ICAL.Timezone>;
  /** For floating times and a TZID nothing explains: the calendar's zone, else UTC. */
  defaultTimeZone: string;
}

const WINDOWS_BY_LOWER_NAME = new Map(Object.entries(WINDOWS_ZONES).map(([name, zone]) => [name.toLowerCase(), zone]));

/** Zones that stand for each offset pattern first, so a custom VTIMEZONE matches a familiar name. */
const MATCH_CANDIDATES = [...new Set([...Object.values(WINDOWS_ZONES), ...Intl.supportedValuesOf('timeZone')])].filter(isValidTimeZone);

/**
 * The IANA zone (or fixed offset, which the domain accepts) a TZID means:
 * 1. an IANA name, also behind a vendor prefix (`/mozilla.org/20050126_1/Europe/Berlin`);
 * 2. a Windows name (`W. Europe Standard Time`);
 * 3. the zone whose offsets equal the item's VTIMEZONE's through `year`;
 * 4. that VTIMEZONE's offset at `local` as a fixed offset;
 * 5. the default zone.
 */
export function resolveTzid(tzid: string, context: ZoneContext, local: string): string {
  const name = tzid.trim().replace(/^"|"$/g, '');
  const segments = name.split('/').filter(Boolean);
  for (let first = 0; first < segments.length; first++) {
    const candidate = segments.slice(first).join('/');
    if ((candidate.includes('/') || first === 0) && isValidTimeZone(candidate)) return candidate;
  }
  const windows = WINDOWS_BY_LOWER_NAME.get(name.toLowerCase());
  if (windows) return windows;
  const vtimezone = context.vtimezones.get(tzid);
  if (vtimezone) return matchVtimezone(vtimezone, local);
  return context.defaultTimeZone;
}

const matchMemo = new WeakMap<ICAL.Timezone, Map<number, string>>();

function matchVtimezone(vtimezone: ICAL.Timezone, local: string): string {
  const year = Number(local.slice(0, 4));
  let byYear = matchMemo.get(vtimezone);
  if (!byYear) matchMemo.set(vtimezone, (byYear = new Map()));
  const known = byYear.get(year);
  if (known) return known;
  const samples = Array.from({ length: 24 }, (_, index) => {
    const wall = `${year}-${String(Math.floor(index / 2) + 1).padStart(2, '0')}-${index % 2 === 0 ? '01' : '15'}T12:00:00`;
    const offsetSeconds = vtimezone.utcOffset(ICAL.Time.fromDateTimeString(wall));
    return { instant: floatingMs(wall) - offsetSeconds * 1000, offsetMinutes: offsetSeconds / 60 };
  });
  const match = MATCH_CANDIDATES.find((zone) => samples.every((sample) => offsetMinutes(zone, sample.instant) === sample.offsetMinutes));
  const zone = match ?? fixedOffsetName(vtimezone.utcOffset(ICAL.Time.fromDateTimeString(local.length === 10 ? `${local}T00:00:00` : local)) / 60);
  byYear.set(year, zone);
  return zone;
}

function fixedOffsetName(minutes: number): string {
  const absolute = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/** A wall time moved from one zone to another through the instant it names. */
export function convertLocal(local: string, fromZone: string, toZone: string): string {
  return fromZone === toZone ? local : instantToLocal(localToInstant(local, fromZone), toZone);
}
