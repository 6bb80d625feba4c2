import { AMBIGUOUS_MONTHS, MONTHS, WEEKDAYS } from '../lexicon/calendar-words';
import { readSmallNumber, readYear } from '../numbers';
import { stripPossessive } from '../tokens';
import type { TokenView } from './token-view';
import type { TemporalTag, WeekdayShift } from './types';

/**
 * Day-grained phrases: "tomorrow", "next friday", "april twenty first two thousand and
 * seventeen", "the 12th of this month", "this weekend", "in march", "the next three days".
 * Spans start at the first word that carries meaning: a preposition ("on", "in") stays out, a
 * modifier ("next", "this") goes in, and "the" goes in only where it belongs to a "the fifth of
 * may" phrase.
 */
export function matchDate(v: TokenView, i: number): TemporalTag | undefined {
  let best: TemporalTag | undefined;
  for (const candidate of [relativeDay(v, i), weekday(v, i), dayOfMonth(v, i), monthDay(v, i), month(v, i), period(v, i), comingDays(v, i), restOf(v, i), numericDate(v, i)]) {
    if (candidate && (!best || candidate.to > best.to)) best = candidate;
  }
  return best;
}

const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ['today', 0], ['tomorrow', 1], ['tomorrows', 1], ['tmrw', 1], ['tmr', 1], ['tomorow', 1], ['yesterday', -1],
]);

/** Words that, before "the fifth", make it a day of the month rather than "the fifth meeting". */
const DATE_PREPOSITIONS = new Set(['on', 'for', 'by', 'until', 'till', 'til', 'from', 'to', 'before', 'after', 'since', 'through', 'thru', 'of', 'is', 'about', 'into']);

const WEEKDAY_SHIFTS: ReadonlyMap<string, WeekdayShift> = new Map([
  ['this', 'this'], ['coming', 'next'], ['upcoming', 'next'], ['next', 'next'], ['following', 'next'], ['last', 'last'], ['past', 'last'], ['previous', 'last'],
]);

const PERIOD_SHIFTS: ReadonlyMap<string, number> = new Map([
  ['this', 0], ['the', 0], ['current', 0], ['next', 1], ['coming', 1], ['upcoming', 1], ['following', 1], ['last', -1], ['past', -1], ['previous', -1],
]);

function relativeDay(v: TokenView, i: number): TemporalTag | undefined {
  const days = RELATIVE_DAYS.get(stripPossessive(v.word(i)));
  if (days !== undefined) return { type: 'date', from: i, to: i, meaning: { kind: 'relative_day', days } };
  // "(the) day after tomorrow", "(the) day before yesterday"
  const start = v.word(i) === 'the' ? i + 1 : i;
  if (v.word(start) !== 'day' || (start > i && !v.joined(start))) return undefined;
  const direction = v.next(start + 1);
  const anchor = stripPossessive(v.next(start + 2));
  if (direction === 'after' && anchor === 'tomorrow') return { type: 'date', from: i, to: start + 2, meaning: { kind: 'relative_day', days: 2 } };
  if (direction === 'before' && anchor === 'yesterday') return { type: 'date', from: i, to: start + 2, meaning: { kind: 'relative_day', days: -2 } };
  return undefined;
}

function weekday(v: TokenView, i: number): TemporalTag | undefined {
  let j = i;
  let shift: WeekdayShift = 'none';
  const modifier = WEEKDAY_SHIFTS.get(v.word(i));
  if (modifier) {
    shift = modifier;
    j = i + 1;
    if (modifier === 'this' && ['coming', 'upcoming'].includes(v.next(j))) j += 1;
    if (!v.joined(j)) return undefined;
  }
  const day = WEEKDAYS.get(stripPossessive(v.word(j)));
  if (day === undefined) return undefined;
  // A weekday followed by its date ("friday the 5th", "friday march 5") is that date.
  const dated = dayOfMonth(v, v.next(j + 1) === 'the' ? j + 2 : j + 1, true) ?? monthDay(v, j + 1);
  if (dated && v.joined(j + 1)) return { ...dated, from: i };
  if (shift === 'none') {
    const weekShift = weekSuffix(v, j + 1);
    if (weekShift) return { type: 'date', from: i, to: weekShift.to, meaning: { kind: 'weekday', weekday: day, shift: weekShift.shift } };
  }
  return { type: 'date', from: i, to: j, meaning: { kind: 'weekday', weekday: day, shift } };
}

/** "... next week", "... of next week", "... this week", "... after next". */
function weekSuffix(v: TokenView, i: number): { to: number; shift: WeekdayShift } | undefined {
  const start = v.next(i) === 'of' ? i + 1 : i;
  const modifier = v.next(start);
  if (v.next(start + 1) === 'week') {
    if (modifier === 'next') return { to: start + 1, shift: 'next_week' };
    if (modifier === 'this') return { to: start + 1, shift: 'this_week' };
  }
  if (v.next(i) === 'after' && v.next(i + 1) === 'next') return { to: i + 1, shift: 'next_week' };
  return undefined;
}

/** "april two", "march twenty first", "may 5th, 2017", "june the third". */
function monthDay(v: TokenView, i: number): TemporalTag | undefined {
  const monthNumber = MONTHS.get(v.word(i));
  if (monthNumber === undefined) return undefined;
  let j = i + 1;
  if (v.next(j) === 'the') j += 1;
  if (!v.joined(j)) return undefined;
  const day = readSmallNumber(v.tokens, j);
  if (!day || day.value < 1 || day.value > 31) return undefined;
  // "may nine am" is a time in May, not the ninth of May; "may ten minutes" is not a date.
  if (!day.ordinal && isTimeWordAt(v, day.next)) return undefined;
  const year = yearAfter(v, day.next);
  return {
    type: 'date',
    from: i,
    to: year ? year.next - 1 : day.next - 1,
    meaning: { kind: 'calendar_date', month: monthNumber, day: day.value, ...(year ? { year: year.value } : {}) },
  };
}

/**
 * "fifth april", "the 6th of march", "12th of this month", and, where the context says it is a
 * date, a lone "the twelfth".
 */
function dayOfMonth(v: TokenView, i: number, afterWeekday = false): TemporalTag | undefined {
  const hasThe = v.word(i) === 'the';
  const j = hasThe ? i + 1 : i;
  if (hasThe && !v.joined(j)) return undefined;
  const day = readSmallNumber(v.tokens, j);
  if (!day || day.value < 1 || day.value > 31) return undefined;
  let k = day.next;
  const hasOf = v.next(k) === 'of';
  if (hasOf) k += 1;
  const monthWord = v.next(k);
  const monthNumber = MONTHS.get(stripPossessive(monthWord));
  if (monthNumber !== undefined && (day.ordinal || !hasOf)) {
    const year = yearAfter(v, k + 1);
    return {
      type: 'date',
      // "the" belongs to the phrase only in the "the fifth of may" form.
      from: hasThe && hasOf ? i : j,
      to: year ? year.next - 1 : k,
      meaning: { kind: 'calendar_date', month: monthNumber, day: day.value, ...(year ? { year: year.value } : {}) },
    };
  }
  if (!day.ordinal) return undefined;
  const monthShift = hasOf ? PERIOD_SHIFTS.get(monthWord) : undefined;
  if (monthShift !== undefined && v.next(k + 1) === 'month') {
    return { type: 'date', from: hasThe ? i : j, to: k + 1, meaning: { kind: 'calendar_date', day: day.value, monthShift } };
  }
  if (isNounAfterOrdinal(v, day.next)) return undefined;
  const before = v.previous(j);
  const opensPhrase = j === 0 || !v.joined(j);
  if (afterWeekday || hasThe || DATE_PREPOSITIONS.has(before) || opensPhrase) {
    return { type: 'date', from: j, to: day.next - 1, meaning: { kind: 'calendar_date', day: day.value } };
  }
  return undefined;
}

/** "the second meeting", "the first time": an ordinal that counts things, not days. */
function isNounAfterOrdinal(v: TokenView, i: number): boolean {
  const word = v.next(i);
  return word !== '' && !DATE_FOLLOWERS.has(word) && !MONTHS.has(word) && !WEEKDAYS.has(word);
}

/** Words that may follow a day of the month without making it an ordinal of something else. */
const DATE_FOLLOWERS = new Set([
  'at', 'in', 'on', 'from', 'to', 'for', 'and', 'or', 'with', 'please', 'at', 'by', 'until', 'till', 'between', 'around',
  'morning', 'afternoon', 'evening', 'night', 'tonight', 'noon', 'of', 'this', 'next', 'is', 'i', 'will', 'would', 'if',
  'instead', 'then', 'so', 'too', 'as', 'that', 'when', 'where', 'calendar', 'schedule',
]);

function month(v: TokenView, i: number): TemporalTag | undefined {
  const word = stripPossessive(v.word(i));
  const monthNumber = MONTHS.get(word);
  if (monthNumber === undefined || word.length < 3) return undefined;
  const before = v.previous(i);
  if (AMBIGUOUS_MONTHS.has(word) && !MONTH_CONTEXT.has(before)) return undefined;
  const shift = PERIOD_SHIFTS.get(before);
  const from = shift !== undefined && before !== 'the' ? i - 1 : i;
  const year = yearAfter(v, i + 1);
  return {
    type: 'date',
    from,
    to: year ? year.next - 1 : i,
    meaning: { kind: 'month', month: monthNumber, ...(year ? { year: year.value } : {}), ...(from < i && shift ? { monthShift: shift } : {}) },
  };
}

/** Words after which "may" or "march" is a month. */
const MONTH_CONTEXT = new Set(['in', 'during', 'of', 'for', 'until', 'till', 'since', 'through', 'this', 'next', 'last', 'early', 'mid', 'late', 'whole', 'entire', 'before', 'after']);

function period(v: TokenView, i: number): TemporalTag | undefined {
  const first = v.word(i);
  let shift = PERIOD_SHIFTS.get(first);
  let j = shift === undefined ? i : i + 1;
  if (first === 'this' && ['coming', 'upcoming'].includes(v.next(j))) {
    shift = 1;
    j += 1;
  }
  if (j > i && !v.joined(j)) return undefined;
  const unit = stripPossessive(v.word(j));
  if (unit !== 'week' && unit !== 'weekend' && unit !== 'month' && unit !== 'year') return undefined;
  if (shift === undefined) {
    // A bare "weekend" is the coming one ("my weekend plans"); a bare "week" or "month" is no date.
    if (unit !== 'weekend') return undefined;
    shift = 0;
  }
  if (unit !== 'weekend' && v.next(j + 1) === 'after' && v.next(j + 2) === 'next') {
    return { type: 'date', from: i, to: j + 2, meaning: { kind: 'period', unit, shift: 2 } };
  }
  return { type: 'date', from: i, to: j, meaning: { kind: 'period', unit, shift } };
}

/** "next three days", "the coming two weeks", "next few days" (the article stays out). */
function comingDays(v: TokenView, i: number): TemporalTag | undefined {
  if (!['next', 'coming', 'following', 'upcoming'].includes(v.word(i)) || !v.joined(i + 1)) return undefined;
  const count = v.word(i + 1) === 'few' ? { value: 3, next: i + 2 } : readSmallNumber(v.tokens, i + 1);
  if (!count || ('ordinal' in count && count.ordinal) || count.value < 1) return undefined;
  const unit = v.next(count.next);
  const days = unit === 'days' || unit === 'day' ? count.value : unit === 'weeks' || unit === 'week' ? count.value * 7 : undefined;
  if (days === undefined) return undefined;
  return { type: 'date', from: i, to: count.next, meaning: { kind: 'coming_days', days } };
}

/** "rest of the week", "remainder of this month", "rest of the day": from now to its end. */
function restOf(v: TokenView, i: number): TemporalTag | undefined {
  if (v.word(i) !== 'rest' && v.word(i) !== 'remainder') return undefined;
  if (v.next(i + 1) !== 'of') return undefined;
  const j = ['the', 'this', 'my'].includes(v.next(i + 2)) ? i + 3 : i + 2;
  const unit = v.next(j);
  if (unit !== 'day' && unit !== 'week' && unit !== 'month' && unit !== 'year') return undefined;
  return { type: 'date', from: i, to: j, meaning: { kind: 'rest_of', unit } };
}

const NUMERIC_DATE = /^(\d{1,4})[/-](\d{1,2})(?:[/-](\d{2,4}))?$/;

/** "3/14", "3/14/2017", "2017-03-14" (month first, as in the US). */
function numericDate(v: TokenView, i: number): TemporalTag | undefined {
  const match = NUMERIC_DATE.exec(v.word(i));
  if (!match) return undefined;
  const [a, b, c] = [Number(match[1]), Number(match[2]), match[3] === undefined ? undefined : Number(match[3])];
  const iso = a > 31;
  const monthNumber = iso ? b : a;
  const day = iso ? (c ?? 0) : b;
  const rawYear = iso ? a : c;
  if (monthNumber < 1 || monthNumber > 12 || day < 1 || day > 31) return undefined;
  const year = rawYear === undefined ? undefined : rawYear < 100 ? 2000 + rawYear : rawYear;
  return { type: 'date', from: i, to: i, meaning: { kind: 'calendar_date', month: monthNumber, day, ...(year ? { year } : {}) } };
}

function yearAfter(v: TokenView, i: number): { value: number; next: number } | undefined {
  const token = v.tokens[i];
  if (!token) return undefined;
  // "may 5, 2017": the comma is part of a written date.
  if (token.breakBefore && !/^\d{4}$/.test(token.norm)) return undefined;
  return readYear(v.tokens, i);
}

const TIME_WORDS = new Set(['am', 'pm', 'a.m', 'p.m', "o'clock", 'oclock', 'minutes', 'minute', 'hours', 'hour', 'mins', 'min', 'hrs']);

function isTimeWordAt(v: TokenView, i: number): boolean {
  const word = v.next(i);
  return TIME_WORDS.has(word) || ((word === 'a' || word === 'p') && v.next(i + 1) === 'm');
}
