/**
 * Recurrence phrases to RFC 5545 RRULE strings: "every other tuesday" ->
 * FREQ=WEEKLY;INTERVAL=2;BYDAY=TU, "every weekday", "on mondays and thursdays", "daily",
 * "every 3 months", "the first monday of every month" -> FREQ=MONTHLY;BYDAY=1MO,
 * "every month on the 15th", "every march 3rd", "... for 5 weeks" / "10 times" -> COUNT.
 * The start time and date come from resolveTimes; this only says how the event repeats.
 */
import { normalizeSpoken, type NormalizedText } from '../text/normalize';

export type Freq = 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface RecurrenceMatch {
  readonly span: { readonly start: number; readonly end: number };
  readonly text: string;
  readonly rrule: string;
  readonly freq: Freq;
  readonly interval: number;
  readonly byDay?: readonly string[];
  readonly byMonthDay?: number;
  readonly byMonth?: number;
  readonly count?: number;
}

const DAY_CODES: readonly [string, string][] = [
  ['MO', 'mondays?|mon'],
  ['TU', 'tuesdays?|tues?'],
  ['WE', 'wednesdays?|weds?'],
  ['TH', 'thursdays?|thurs?|thu'],
  ['FR', 'fridays?|fri'],
  ['SA', 'saturdays?|sat'],
  ['SU', 'sundays?|sun'],
];
const DOW = DAY_CODES.map(([, p]) => p).join('|');
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec';
const UNIT_FREQ: Readonly<Record<string, Freq>> = {
  minute: 'MINUTELY', hour: 'HOURLY', day: 'DAILY', morning: 'DAILY', afternoon: 'DAILY', evening: 'DAILY', night: 'DAILY',
  week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY',
};
const ADVERBS: Readonly<Record<string, [Freq, number]>> = {
  hourly: ['HOURLY', 1], daily: ['DAILY', 1], nightly: ['DAILY', 1], weekly: ['WEEKLY', 1], monthly: ['MONTHLY', 1],
  yearly: ['YEARLY', 1], annually: ['YEARLY', 1], fortnightly: ['WEEKLY', 2], biweekly: ['WEEKLY', 2], 'bi-weekly': ['WEEKLY', 2],
  quarterly: ['MONTHLY', 3],
};
const NTH = 'first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th';

function dayCode(word: string): string | undefined {
  for (const [code, p] of DAY_CODES) if (new RegExp(`^(?:${p})$`, 'i').test(word)) return code;
  return undefined;
}

function nthValue(word: string): number {
  const w = word.toLowerCase();
  if (w === 'last') return -1;
  const table: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, other: 2 };
  return table[w] ?? Number.parseInt(w, 10);
}

function monthNumber(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(w) + 1;
}

interface Rec {
  freq: Freq;
  interval: number;
  byDay?: string[];
  byMonthDay?: number;
  byMonth?: number;
}

interface Pattern {
  readonly re: RegExp;
  readonly build: (m: RegExpExecArray) => Rec | undefined;
}

const EVERY = '(?:every|each)';
const PATTERNS: readonly Pattern[] = [
  // "the first monday of every month", "every last friday of the month"
  {
    re: new RegExp(`\\b(?:(?:on )?the |${EVERY} )(${NTH}) (${DOW}) of (?:every|each|the) month\\b`, 'gi'),
    build: (m) => ({ freq: 'MONTHLY', interval: 1, byDay: [`${nthValue(m[1]!)}${dayCode(m[2]!)}`] }),
  },
  {
    re: new RegExp(`\\b${EVERY} (${NTH}) (${DOW})\\b`, 'gi'),
    // "every second tuesday" usually means every other one (handled below), not the monthly 2nd.
    build: (m) => (nthValue(m[1]!) === 2 ? undefined : { freq: 'MONTHLY', interval: 1, byDay: [`${nthValue(m[1]!)}${dayCode(m[2]!)}`] }),
  },
  // "every other tuesday", "every second week", "every 3 days"
  {
    re: new RegExp(`\\b${EVERY} (other|second|2nd|third|3rd|\\d+) (${DOW})\\b`, 'gi'),
    build: (m) => ({ freq: 'WEEKLY', interval: nthValue(m[1]!), byDay: [dayCode(m[2]!)!] }),
  },
  {
    re: new RegExp(`\\b${EVERY} (other|second|\\d+) (minute|hour|day|week|month|year)s?\\b`, 'gi'),
    build: (m) => ({ freq: UNIT_FREQ[m[2]!.toLowerCase()]!, interval: nthValue(m[1]!) }),
  },
  // "every month on the 15th", "on the 15th of every month", "monthly on the 1st"
  {
    re: /\b(?:(?:every|each) month|monthly) on the (\d{1,2})(?:st|nd|rd|th)?\b/gi,
    build: (m) => monthDay(m[1]!),
  },
  {
    re: /\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)? (?:of )?(?:every|each) month\b/gi,
    build: (m) => monthDay(m[1]!),
  },
  // "every march 3rd", "every year on march 3rd"
  {
    re: new RegExp(`\\b(?:${EVERY} (?:year on )?|annually on |yearly on )(${MONTHS}) (\\d{1,2})(?:st|nd|rd|th)?\\b`, 'gi'),
    build: (m) => ({ freq: 'YEARLY', interval: 1, byMonth: monthNumber(m[1]!), byMonthDay: Number(m[2]) }),
  },
  // weekdays and weekends
  {
    re: new RegExp(`\\b(?:${EVERY} (?:week|work|business) ?days?|(?:on )?weekdays|(?:${EVERY} )?workdays)\\b`, 'gi'),
    build: () => ({ freq: 'WEEKLY', interval: 1, byDay: ['MO', 'TU', 'WE', 'TH', 'FR'] }),
  },
  {
    re: new RegExp(`\\b(?:${EVERY} weekends?|on weekends)\\b`, 'gi'),
    build: () => ({ freq: 'WEEKLY', interval: 1, byDay: ['SA', 'SU'] }),
  },
  // "every monday and thursday", "on tuesdays", "mondays and wednesdays"
  {
    re: new RegExp(`\\b(?:${EVERY} |on )?(${DOW})((?:,? (?:and |or )?(?:${DOW}))*)\\b`, 'gi'),
    build: (m) => {
      const words = [m[1]!, ...(m[2] ?? '').split(/,|\band\b|\bor\b|\s+/).filter((w) => w.trim() !== '')];
      const explicit = /^(?:every|each)\b/i.test(m[0]) || words.some((w) => /s$/i.test(w) && !/^(?:tues|thurs|weds)$/i.test(w));
      if (!explicit) return undefined;
      const codes = [...new Set(words.map(dayCode).filter((c): c is string => c !== undefined))];
      return codes.length ? { freq: 'WEEKLY', interval: 1, byDay: codes } : undefined;
    },
  },
  // "every day", "every morning", "every week", "once a month"
  {
    re: new RegExp(`\\b(?:${EVERY}|once a|once per|per) (minute|hour|day|morning|afternoon|evening|night|week|month|year)\\b`, 'gi'),
    build: (m) => ({ freq: UNIT_FREQ[m[1]!.toLowerCase()]!, interval: 1 }),
  },
  {
    re: /\b(hourly|daily|nightly|weekly|monthly|yearly|annually|fortnightly|bi-?weekly|quarterly|every fortnight)\b/gi,
    build: (m) => {
      const w = m[1]!.toLowerCase();
      const [freq, interval] = w === 'every fortnight' ? (['WEEKLY', 2] as const) : (ADVERBS[w] ?? ['DAILY', 1]);
      return { freq, interval };
    },
  },
];

function monthDay(d: string): Rec | undefined {
  const n = Number(d);
  return n >= 1 && n <= 31 ? { freq: 'MONTHLY', interval: 1, byMonthDay: n } : undefined;
}

const COUNT_AFTER = /^\s*(?:,\s*)?(?:for (\d+) (?:(minute|hour|day|week|month|year)s?|times|occurrences)|(\d+) times)\b/i;

function toRrule(r: Rec, count: number | undefined): string {
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byMonth) parts.push(`BYMONTH=${r.byMonth}`);
  if (r.byMonthDay) parts.push(`BYMONTHDAY=${r.byMonthDay}`);
  if (r.byDay) parts.push(`BYDAY=${r.byDay.join(',')}`);
  if (count) parts.push(`COUNT=${count}`);
  return parts.join(';');
}

export function findRecurrences(input: string | NormalizedText): RecurrenceMatch[] {
  const norm = typeof input === 'string' ? normalizeSpoken(input) : input;
  const text = norm.text;
  const found: { start: number; end: number; rec: Rec; count?: number }[] = [];
  for (const pat of PATTERNS) {
    pat.re.lastIndex = 0;
    for (let m = pat.re.exec(text); m; m = pat.re.exec(text)) {
      const start = m.index;
      let end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      const rec = pat.build(m);
      if (!rec) continue;
      let count: number | undefined;
      const c = COUNT_AFTER.exec(text.slice(end));
      if (c) {
        const unit = c[2] ? UNIT_FREQ[c[2].toLowerCase()] : undefined;
        // "for 5 weeks" counts weekly events; "for 2 months" of a weekly event is not a count.
        if (!c[2] || unit === rec.freq) {
          count = Number(c[1] ?? c[3]);
          end += c[0].length;
        }
      }
      found.push({ start, end, rec, ...(count ? { count } : {}) });
    }
  }
  return found
    .sort((a, b) => a.start - b.start)
    .map(({ start, end, rec, count }) => {
      const span = norm.toOriginalSpan(start, end);
      return {
        span,
        text: norm.original.slice(span.start, span.end),
        rrule: toRrule(rec, count),
        freq: rec.freq,
        interval: rec.interval,
        ...(rec.byDay ? { byDay: rec.byDay } : {}),
        ...(rec.byMonthDay ? { byMonthDay: rec.byMonthDay } : {}),
        ...(rec.byMonth ? { byMonth: rec.byMonth } : {}),
        ...(count ? { count } : {}),
      };
    });
}
