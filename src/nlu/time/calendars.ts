/**
 * Dates from other calendars, computed rather than tabulated: Easter (Gregorian and Julian
 * computus), and Hebrew, Islamic and Chinese dates from ICU through Intl.DateTimeFormat (Node
 * ships full ICU). Results are cached per year; a lookup outside ICU's range yields nothing.
 */
import { civil, DAY_MS, fields, type Civil } from './civil';

/** Western Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Civil {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civil(year, month, day);
}

/** Orthodox Easter Sunday: Julian computus, converted to the Gregorian calendar. */
export function orthodoxEaster(year: number): Civil {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  // Julian to Gregorian: 13 days in 1900-2099, one less per skipped leap century before.
  const century = Math.floor(year / 100);
  const shift = century - Math.floor(century / 4) - 2;
  return civil(year, month, day) + shift * DAY_MS;
}

// --- ICU calendars ---------------------------------------------------------------------------

interface CalDate {
  readonly year: number;
  readonly month: string;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(calendar: string, monthStyle: 'numeric' | 'long'): Intl.DateTimeFormat {
  const key = `${calendar}:${monthStyle}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(`en-US-u-ca-${calendar}`, { timeZone: 'UTC', year: 'numeric', month: monthStyle, day: 'numeric' });
    formatters.set(key, f);
  }
  return f;
}

function calDate(calendar: string, t: Civil, monthStyle: 'numeric' | 'long'): CalDate | undefined {
  try {
    let year = 0;
    let month = '';
    let day = 0;
    for (const part of formatter(calendar, monthStyle).formatToParts(new Date(t))) {
      if (part.type === 'year' || (part.type as string) === 'relatedYear') year = Number.parseInt(part.value, 10);
      else if (part.type === 'month') month = part.value;
      else if (part.type === 'day') day = Number.parseInt(part.value, 10);
    }
    return { year, month, day };
  } catch {
    return undefined;
  }
}

let icuOk: boolean | undefined;
function icuAvailable(): boolean {
  if (icuOk === undefined) {
    const d = calDate('hebrew', civil(2018, 9, 10), 'long');
    icuOk = d !== undefined && d.month.toLowerCase().startsWith('tishri') && d.day === 1;
  }
  return icuOk;
}

const cache = new Map<string, Civil | null>();

/** Scans a Gregorian window for the day whose calendar month/day match. */
function scan(key: string, calendar: string, monthStyle: 'numeric' | 'long', start: Civil, days: number, match: (d: CalDate) => boolean): Civil | undefined {
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let found: Civil | null = null;
  if (icuAvailable()) {
    for (let i = 0; i < days; i++) {
      const t = start + i * DAY_MS;
      const d = calDate(calendar, t, monthStyle);
      if (d && match(d)) {
        found = t;
        break;
      }
    }
  }
  cache.set(key, found);
  return found ?? undefined;
}

export type HebrewMonth = 'tishri' | 'kislev' | 'shevat' | 'adar' | 'nisan' | 'iyar' | 'av';

/** Where each Hebrew month can fall in the Gregorian year: window start and length in days. */
const HEBREW_WINDOW: Readonly<Record<HebrewMonth, [number, number, number]>> = {
  tishri: [9, 1, 40],
  kislev: [11, 1, 50],
  shevat: [1, 1, 60],
  adar: [2, 10, 50],
  nisan: [3, 10, 50],
  iyar: [4, 5, 50],
  av: [7, 1, 50],
};

/** The Gregorian day of a Hebrew date in a Gregorian year (Adar II in leap years). */
export function hebrewDate(gYear: number, month: HebrewMonth, day: number): Civil | undefined {
  const [m, d, span] = HEBREW_WINDOW[month];
  return scan(`he:${gYear}:${month}:${day}`, 'hebrew', 'long', civil(gYear, m, d), span, (x) => {
    const name = x.month.toLowerCase();
    const ok = month === 'adar' ? name === 'adar' || name === 'adar ii' : name.startsWith(month);
    return ok && x.day === day;
  });
}

/** All Gregorian days in a Gregorian year with the given Islamic month and day (0-2 of them). */
export function islamicDates(gYear: number, month: number, day: number): Civil[] {
  const out: Civil[] = [];
  const approxYear = Math.floor((gYear - 622) * (365.2425 / 354.367));
  for (let ah = approxYear - 1; ah <= approxYear + 2; ah++) {
    const t = islamicDate(ah, month, day);
    if (t !== undefined && fields(t).year === gYear) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The Gregorian day of an Islamic date (tabular guess, then refined against ICU). From 1420 AH
 * (1999), when Saudi Arabia's Umm al-Qura calendar took its present astronomical rule, its
 * tables; before that, ICU's astronomical "islamic" calendar.
 */
export function islamicDate(ah: number, month: number, day: number): Civil | undefined {
  const calendar = ah >= 1420 ? 'islamic-umalqura' : 'islamic';
  const key = `is:${ah}:${month}:${day}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const jd = day + Math.ceil(29.5 * (month - 1)) + (ah - 1) * 354 + Math.floor((3 + 11 * ah) / 30) + 1948439.5 - 1;
  const guess = Math.round((jd - 2440587.5)) * DAY_MS;
  let found: Civil | null = null;
  if (icuAvailable()) {
    for (const delta of [0, -1, 1, -2, 2, -3, 3]) {
      const t = guess + delta * DAY_MS;
      const d = calDate(calendar, t, 'numeric');
      if (d && d.year === ah && Number.parseInt(d.month, 10) === month && d.day === day) {
        found = t;
        break;
      }
    }
  }
  cache.set(key, found);
  return found ?? undefined;
}

/** Chinese (lunar) New Year in a Gregorian year: first day of the first month. */
export function chineseNewYear(gYear: number): Civil | undefined {
  return scan(`zh:${gYear}`, 'chinese', 'numeric', civil(gYear, 1, 19), 35, (d) => d.month === '1' && d.day === 1);
}
