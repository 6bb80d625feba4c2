/** Days, months, years, written dates, and how they combine ("Monday, Feb 18", "2015-03-03"). */
import { scan, type Child, type RegexMatch, type Rule } from '../engine';
import {
  cycleNth,
  cycleNthAfter,
  dayOfMonth,
  dayOfWeek,
  exactYear,
  intersect,
  mkLatent,
  month,
  notLatent,
  now,
  withDirection,
  year,
  yearMonth,
  yearMonthDay,
  type TimeData,
} from '../time-data';
import {
  grp,
  isDomValue,
  isDow,
  isFinerThan,
  isGrainOfTime,
  isInt,
  isMonth,
  isNotLatent,
  isOrd,
  nAt,
  or,
  p,
  re,
  rule,
  tAt,
  time,
} from './dsl';

const DAYS: readonly string[] = [
  'mondays?|mon\\.?',
  'tuesdays?|tues?\\.?',
  'wed?nesdays?|weds?\\.?',
  'thursdays?|thu(?:rs?)?\\.?',
  'fridays?|fri\\.?',
  'saturdays?|sat\\.?',
  'sundays?|sun\\.?',
];

const MONTHS: readonly string[] = [
  'january|jan\\.?',
  'february|feb\\.?',
  'march|mar\\.?',
  'april|apr\\.?',
  'may',
  'june|jun\\.?',
  'july|jul\\.?',
  'august|aug\\.?',
  'september|sept?\\.?',
  'october|oct\\.?',
  'november|nov\\.?',
  'december|dec\\.?',
];

export const MONTH_RE = MONTHS.join('|');

function dom(t: TimeData, c: readonly Child[], i: number): TimeData | undefined {
  return intersect(dayOfMonth(nAt(c, i)), t);
}

const NOW_RE = /(?:(?:just|right)\s*)?now|immediately|at the moment|\batm\b/gi;
// "Now, can you add it?" / "now let's do friday": a sentence-opening "now" is a discourse marker.
const DISCOURSE_AFTER = /^\s*(?:,|(?:i|i'd|i'm|i'll|let's|lets|we|can|could|please|you|would|will|what|how|when|where|do|does|that|this|the|add|put|check|show|tell|find)\b)/i;

function scanNow(text: string): RegexMatch[] {
  const out: RegexMatch[] = [];
  NOW_RE.lastIndex = 0;
  for (const m of text.matchAll(NOW_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    const bare = m[0].toLowerCase() === 'now';
    const sentenceStart = /(?:^|[.!?])\s*$/.test(text.slice(Math.max(0, start - 3), start));
    if (bare && (/^\s*,/.test(text.slice(end)) || (sentenceStart && DISCOURSE_AFTER.test(text.slice(end))))) continue;
    out.push({ kind: 'regex', start, end, groups: [m[0]] });
  }
  return out;
}

const instant = (name: string, pattern: string, make: () => TimeData): Rule => rule(name, [re(pattern)], () => time(make()));

export const dateRules: readonly Rule[] = [
  // --- instants ---
  rule('now', [scan(scanNow)], () => time(now())),
  instant('today', 'todays?|at this time', () => cycleNth('day', 0)),
  instant('tomorrow', 'tmrw?|tomm?or?rows?|tmr', () => cycleNth('day', 1)),
  instant('yesterday', 'yesterdays?', () => cycleNth('day', -1)),
  instant('asap', 'asap|as soon as possible', () => withDirection(now(), 'after')),

  // --- named days and months ---
  ...DAYS.map((pattern, i) => instant(`day of week ${i + 1}`, pattern, () => dayOfWeek(i + 1))),
  ...MONTHS.map((pattern, i) => instant(`month ${i + 1}`, pattern, () => (i === 4 ? mkLatent(month(5)) : month(i + 1)))),

  // --- day of month ---
  rule('<ordinal> (latent day of month)', [p(isOrd(1, 31))], (c) => time(mkLatent(dayOfMonth(nAt(c, 0))))),
  rule('the <day-of-month> (number)', [re('the'), p(isInt(1, 31))], (c) => time(mkLatent(dayOfMonth(nAt(c, 1))))),
  rule('the <day-of-month> (ordinal)', [re('the'), p(isOrd(1, 31))], (c) => time(dayOfMonth(nAt(c, 1)))),
  rule('<named-month>|<named-day> <ordinal>', [p(or(isMonth, isDow)), p(isOrd(1, 31))], (c) => time(dom(notLatent(tAt(c, 0)), c, 1))),
  rule('<named-month> <day-of-month>', [p(isMonth), p(isInt(1, 31))], (c) => time(dom(notLatent(tAt(c, 0)), c, 1))),
  rule('<day-of-month> of <named-month>', [p(isDomValue), re('of|in'), p(isMonth)], (c) => time(dom(notLatent(tAt(c, 2)), c, 0))),
  rule('<day-of-month> <named-month>', [p(isDomValue), p(isMonth)], (c) => time(dom(notLatent(tAt(c, 1)), c, 0))),
  rule('<day-of-month> <named-month> <year>', [p(isDomValue), p(isMonth), re('(\\d{2,4})')], (c) => {
    const d = dom(notLatent(tAt(c, 1)), c, 0);
    return time(d && intersect(d, year(Number(grp(c, 2, 1)))));
  }),
  rule('dd-month-yyyy', [re(`(3[01]|[12]\\d|0?[1-9])[-/ ](${MONTH_RE})[-/ ](\\d{2,4})`)], (c) => {
    const m = MONTHS.findIndex((pat) => new RegExp(`^(?:${pat})$`, 'i').test(grp(c, 0, 2)));
    return m < 0 ? undefined : time(yearMonthDay(Number(grp(c, 0, 3)), m + 1, Number(grp(c, 0, 1))));
  }),
  rule('the ides of <named-month>', [re('the ides? of'), p(isMonth)], (c) => {
    const t = tAt(c, 1);
    if (t.form?.k !== 'month') return undefined;
    return time(intersect(notLatent(t), dayOfMonth([3, 5, 7, 10].includes(t.form.month) ? 15 : 13)));
  }, 'ides'),

  // --- numeric dates (US order) ---
  rule('mm/dd', [re('(1[0-2]|0?[1-9])\\s?[/-]\\s?(3[01]|[12]\\d|0?[1-9])')], (c) =>
    time(intersect(month(Number(grp(c, 0, 1))), dayOfMonth(Number(grp(c, 0, 2))))),
  ),
  rule('mm/dd/yyyy', [re('(1[0-2]|0?[1-9])[-/\\s](3[01]|[12]\\d|0?[1-9])[-/\\s](\\d{2,4})')], (c) =>
    time(yearMonthDay(Number(grp(c, 0, 3)), Number(grp(c, 0, 1)), Number(grp(c, 0, 2)))),
  ),
  rule('mm.dd.yyyy', [re('(1[0-2]|0?[1-9])\\.(3[01]|[12]\\d|0?[1-9])\\.(\\d{4})')], (c) =>
    time(yearMonthDay(Number(grp(c, 0, 3)), Number(grp(c, 0, 1)), Number(grp(c, 0, 2)))),
  ),
  rule('yyyy-mm-dd', [re('(\\d{2,4})-(0?[1-9]|1[0-2])-(3[01]|[12]\\d|0?[1-9])')], (c) =>
    time(yearMonthDay(Number(grp(c, 0, 1)), Number(grp(c, 0, 2)), Number(grp(c, 0, 3)))),
  ),
  rule('yyyy-mm', [re('(\\d{4})\\s*[/-]\\s*(1[0-2]|0?[1-9])')], (c) => time(yearMonth(Number(grp(c, 0, 1)), Number(grp(c, 0, 2))))),
  rule('mm/yyyy', [re('(0?[1-9]|1[0-2])[/-](\\d{4})')], (c) => time(yearMonth(Number(grp(c, 0, 2)), Number(grp(c, 0, 1))))),
  rule('yyyyqq', [re('(\\d{2,4})q([1-4])')], (c) =>
    time(cycleNthAfter(true, 'quarter', Number(grp(c, 0, 2)) - 1, year(Number(grp(c, 0, 1))))),
  ),

  // --- years ---
  rule('year (latent)', [p((d) => d.kind === 'num' && d.isInt && ((d.value >= 25 && d.value <= 10000) || (d.value <= 0 && d.value >= -10000)))], (c) =>
    time(mkLatent(year(nAt(c, 0)))),
  ),
  rule('<year> (bc|ad)', [p(isInt(-10000, 10000)), re('(a\\.?d\\.?|b\\.?c\\.?)')], (c) =>
    time(exactYear(grp(c, 1).startsWith('b') ? -nAt(c, 0) : nAt(c, 0))),
  ),

  // --- combining ---
  rule('intersect', [p(isFinerThan('year')), p(or(isNotLatent, isGrainOfTime('year')))], (c) => {
    const a = tAt(c, 0);
    const b = tAt(c, 1);
    if (a.latent && b.latent) return undefined;
    const r = intersect(a, b);
    return time(r && notLatent(r));
  }),
  rule('intersect by "of", "from", "," ...', [p(isNotLatent), re("of|from|for|'s|,"), p(isNotLatent)], (c) => {
    const r = intersect(tAt(c, 0), tAt(c, 2));
    return time(r && notLatent(r));
  }),
  rule('intersect by "of", "from", "," for year', [p(isNotLatent), re('of|from|in|,'), p(isGrainOfTime('year'))], (c) => {
    const r = intersect(tAt(c, 0), tAt(c, 2));
    return time(r && notLatent(r));
  }),
  rule('on <day>', [re('on'), p(isGrainOfTime('day'))], (c) => time(notLatent(tAt(c, 1)))),
  rule('on a <named-day>', [re('on a'), p(isDow)], (c) => time(tAt(c, 1))),
  rule('in|during <named-month>|year', [re('in|during'), p(or(isMonth, isGrainOfTime('year')))], (c) => time(notLatent(tAt(c, 1)))),
  rule('<named-day>,', [p(isDow), re(',')], (c) => time(tAt(c, 0))),
];
