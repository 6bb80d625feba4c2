import { PARTS_OF_DAY, TIME_UNITS, UNIT_MINUTES, WEEKDAYS, WEEKDAY_PLURALS, type TimeUnit } from '../lexicon/calendar-words';
import { readSmallNumber } from '../numbers';
import { stripPossessive } from '../tokens';
import { matchDate } from './dates';
import type { TokenView } from './token-view';
import type { TemporalMeaning, TemporalTag } from './types';

interface Quantity {
  readonly minutes: number;
  /** The largest unit said: "two hours" is a time of day away, "two days" a date away. */
  readonly unit: TimeUnit;
  readonly to: number;
}

/**
 * Amounts of time and what they do in the sentence: "for two hours" (a duration), "in ten
 * minutes" (a time from now), "ten minutes before" (a reminder offset), "two days from now".
 */
export function matchQuantity(v: TokenView, i: number): TemporalTag | undefined {
  const quantity = readQuantity(v, i);
  if (!quantity) return undefined;
  const { minutes, unit, to } = quantity;
  const after = v.next(to + 1);
  const before = v.previous(i);
  const pointType = unit === 'minute' || unit === 'hour' ? 'time' : 'date';
  if (OFFSET_BEFORE.has(after)) return { type: 'reminder_offset', from: i, to: to + 1, meaning: { kind: 'offset', minutes, direction: 'before' } };
  if (after === 'after') return { type: 'reminder_offset', from: i, to: to + 1, meaning: { kind: 'offset', minutes, direction: 'after' } };
  if ((after === 'from' && ['now', 'today'].includes(v.next(to + 2))) || after === 'later') {
    const end = after === 'later' ? to + 1 : to + 2;
    return { type: pointType, from: i, to: end, meaning: { kind: 'from_now', minutes } };
  }
  if (after === 'ago') return { type: pointType, from: i, to: to + 1, meaning: { kind: 'from_now', minutes: -minutes } };
  if (before === 'in' || before === 'within') return { type: pointType, from: i, to, meaning: { kind: 'from_now', minutes } };
  return { type: 'duration', from: i, to, meaning: { kind: 'duration', minutes } };
}

const OFFSET_BEFORE = new Set(['before', 'prior', 'ahead', 'early', 'earlier', 'beforehand']);

const COUNT = /^\d{1,3}(?:\.\d+)?$/;
const GLUED_UNIT = /^(\d+(?:\.\d+)?)(m|min|mins|h|hr|hrs|hour|hours|minute|minutes)$/;

function readQuantity(v: TokenView, i: number): Quantity | undefined {
  const first = readOneQuantity(v, i);
  if (!first) return undefined;
  // "two hours and thirty minutes"
  if (v.next(first.to + 1) === 'and' && v.joined(first.to + 2)) {
    const second = readOneQuantity(v, first.to + 2);
    if (second && UNIT_MINUTES[second.unit] < UNIT_MINUTES[first.unit]) {
      return { minutes: first.minutes + second.minutes, unit: first.unit, to: second.to };
    }
  }
  return first;
}

function readOneQuantity(v: TokenView, i: number): Quantity | undefined {
  const word = v.word(i);
  const glued = GLUED_UNIT.exec(word) ?? HYPHENATED.exec(word);
  if (glued) {
    const count = Number(glued[1]);
    const unit: TimeUnit = (glued[2] ?? '').startsWith('h') ? 'hour' : 'minute';
    if (count > 0) return withHalf(v, { minutes: count * UNIT_MINUTES[unit], unit, to: i });
  }
  // "half an hour", "half a day", "a half hour", "a quarter of an hour"
  const fraction = readFraction(v, i);
  if (fraction) return fraction;
  let count: number;
  let next: number;
  if (word === 'a' || word === 'an') {
    if (v.next(i + 1) === 'couple') {
      count = 2;
      next = v.next(i + 2) === 'of' ? i + 3 : i + 2;
    } else if (v.next(i + 1) === 'few') {
      count = 3;
      next = i + 2;
    } else {
      count = 1;
      next = i + 1;
    }
  } else if (word === 'couple' || word === 'few' || word === 'several') {
    count = word === 'couple' ? 2 : 3;
    next = v.next(i + 1) === 'of' ? i + 2 : i + 1;
  } else {
    const number = COUNT.exec(word);
    if (!number) return undefined;
    count = Number(number[0]);
    next = i + 1;
  }
  if (next > i && !v.joined(next)) return undefined;
  if (AVAILABLE.has(v.next(next)) && TIME_UNITS.has(v.next(next + 1))) next += 1;
  // "two and a half hours"
  let half = 0;
  if (v.next(next) === 'and' && v.next(next + 1) === 'a' && v.next(next + 2) === 'half') {
    half = 0.5;
    next += 3;
  }
  const unit = TIME_UNITS.get(v.next(next));
  if (!unit || count <= 0) return undefined;
  return withHalf(v, { minutes: (count + half) * UNIT_MINUTES[unit], unit, to: next });
}

/** "a free hour", "two spare hours": what the time is like, between the count and the unit. */
const AVAILABLE = new Set(['free', 'spare', 'full', 'whole', 'solid', 'uninterrupted', 'extra']);

const HYPHENATED = /^(\d+)-(minute|hour|min|hr)s?$/;

/** "an hour and a half" */
function withHalf(v: TokenView, quantity: Quantity): Quantity {
  const j = quantity.to + 1;
  if (v.next(j) === 'and' && v.next(j + 1) === 'a' && v.next(j + 2) === 'half') {
    return { ...quantity, minutes: quantity.minutes * 1.5, to: j + 2 };
  }
  return quantity;
}

function readFraction(v: TokenView, i: number): Quantity | undefined {
  let j = i;
  if (v.word(j) === 'a') j += 1;
  const fractionWord = j === i ? v.word(j) : v.next(j);
  const share = fractionWord === 'half' ? 0.5 : fractionWord === 'quarter' ? 0.25 : undefined;
  if (share === undefined) return undefined;
  j += 1;
  if (v.next(j) === 'of') j += 1;
  if (v.next(j) === 'an' || v.next(j) === 'a') j += 1;
  const unit = TIME_UNITS.get(v.next(j));
  if (!unit) return undefined;
  return { minutes: share * UNIT_MINUTES[unit], unit, to: j };
}

const FREQUENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['daily', 'FREQ=DAILY'], ['nightly', 'FREQ=DAILY'], ['weekly', 'FREQ=WEEKLY'], ['monthly', 'FREQ=MONTHLY'],
  ['yearly', 'FREQ=YEARLY'], ['annually', 'FREQ=YEARLY'], ['hourly', 'FREQ=HOURLY'],
  ['biweekly', 'FREQ=WEEKLY;INTERVAL=2'], ['fortnightly', 'FREQ=WEEKLY;INTERVAL=2'],
  ['weekdays', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'], ['weeknights', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
]);

/** "my weekly plan", "the daily agenda": the overview of a period, not something that repeats. */
const OVERVIEWS = new Set(['plan', 'plans', 'schedule', 'agenda', 'calendar', 'overview', 'summary', 'briefing', 'digest', 'outlook']);

const BYDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const UNIT_FREQUENCIES: Readonly<Record<string, string>> = {
  day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY', hour: 'HOURLY',
};

/** "every other tuesday", "each monday and wednesday", "daily", "every june third", "on fridays". */
export function matchRecurrence(v: TokenView, i: number): TemporalTag | undefined {
  const word = v.word(i);
  const fixed = FREQUENCY_WORDS.get(word);
  if (fixed) return OVERVIEWS.has(v.next(i + 1)) ? undefined : recurrence(i, i, fixed);
  const plural = WEEKDAY_PLURALS.get(word);
  if (plural !== undefined) return weekdayList(v, i, i, plural, 1);
  if (word === 'once' || word === 'twice') {
    const per = v.next(i + 1) === 'a' || v.next(i + 1) === 'per' ? TIME_UNITS.get(v.next(i + 2)) : undefined;
    const frequency = per ? UNIT_FREQUENCIES[per] : undefined;
    if (frequency) return recurrence(i, i + 2, `FREQ=${frequency}`);
    return undefined;
  }
  if (word !== 'every' && word !== 'each') return dayOfEveryMonth(v, i);
  let j = v.next(i + 1) === 'single' ? i + 2 : i + 1;
  let interval = 1;
  if (v.next(j) === 'other' || v.next(j) === 'second') {
    interval = 2;
    j += 1;
  } else {
    const count = readSmallNumber(v.tokens, j);
    if (count && !count.ordinal && count.value > 1 && v.joined(j)) {
      interval = count.value;
      j = count.next;
    }
  }
  if (!v.joined(j)) return undefined;
  const target = stripPossessive(v.word(j));
  const day = WEEKDAYS.get(target) ?? WEEKDAY_PLURALS.get(target);
  if (day !== undefined) return weekdayList(v, i, j, day, interval);
  if (target === 'weekday' || target === 'weekdays') return recurrence(i, j, 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR');
  if (target === 'weekend' || target === 'weekends') return recurrence(i, j, withInterval('FREQ=WEEKLY;BYDAY=SA,SU', interval));
  const unit = TIME_UNITS.get(target);
  const frequency = unit ? UNIT_FREQUENCIES[unit] : undefined;
  if (frequency) return recurrence(i, j, withInterval(`FREQ=${frequency}`, interval));
  const part = PARTS_OF_DAY.get(target);
  if (part) return recurrence(i, j, 'FREQ=DAILY', { kind: 'part_of_day', part });
  const date = interval === 1 ? matchDate(v, j) : undefined;
  if (date && date.meaning.kind === 'calendar_date' && date.meaning.month !== undefined) {
    return recurrence(i, date.to, `FREQ=YEARLY;BYMONTH=${date.meaning.month};BYMONTHDAY=${date.meaning.day}`, date.meaning);
  }
  return undefined;
}

/** "fifteenth of every month", "the first of each month" ("the" stays out, as for a date). */
function dayOfEveryMonth(v: TokenView, i: number): TemporalTag | undefined {
  const from = v.word(i) === 'the' && v.joined(i + 1) ? i + 1 : i;
  const day = readSmallNumber(v.tokens, from);
  if (!day?.ordinal || day.value > 31 || v.next(day.next) !== 'of') return undefined;
  const every = v.next(day.next + 1);
  if ((every !== 'every' && every !== 'each') || v.next(day.next + 2) !== 'month') return undefined;
  return recurrence(from, day.next + 2, `FREQ=MONTHLY;BYMONTHDAY=${day.value}`);
}

function weekdayList(v: TokenView, from: number, first: number, day: number, interval: number): TemporalTag {
  const days = [day];
  let to = first;
  // "every monday and wednesday", "mondays, wednesdays and fridays"
  for (;;) {
    const joined = ['and', 'or'].includes(v.next(to + 1));
    const k = joined ? to + 2 : to + 1;
    // Without "and", only a comma-separated list continues: "mondays, wednesdays".
    if (joined ? !v.joined(k) : v.tokens[k]?.breakBefore !== true) break;
    const next = WEEKDAYS.get(v.word(k)) ?? WEEKDAY_PLURALS.get(v.word(k));
    if (next === undefined) break;
    days.push(next);
    to = k;
  }
  return recurrence(from, to, withInterval(`FREQ=WEEKLY;BYDAY=${days.map((d) => BYDAY[d]).join(',')}`, interval));
}

function withInterval(rule: string, interval: number): string {
  return interval > 1 ? `${rule};INTERVAL=${interval}` : rule;
}

function recurrence(from: number, to: number, rule: string, anchor?: TemporalMeaning): TemporalTag {
  return { type: 'recurrence', from, to, meaning: { kind: 'recurrence', rule, ...(anchor ? { anchor } : {}) } };
}
