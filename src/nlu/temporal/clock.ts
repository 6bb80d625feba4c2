import { MERIDIEM, PARTS_OF_DAY, WEEKDAYS, type PartOfDay } from '../lexicon/calendar-words';
import { MOVE_VERBS } from '../lexicon/function-words';
import { stripPossessive } from '../tokens';
import type { TokenView } from './token-view';
import type { TemporalTag } from './types';

/**
 * Clock times ("five pm", "three thirty", "eight oh five a m", "5:30pm", "twelve noon") and
 * parts of the day ("this evening's", "tonight", "morning").
 */
export function matchClock(v: TokenView, i: number): TemporalTag | undefined {
  return partThenClock(v, i) ?? clockNumber(v, i);
}

/** Words after which a bare number is a clock time: "at five", "between two and four". */
const CLOCK_CUES = new Set(['at', '@', 'by', 'until', 'till', 'til', 'from', 'between', 'around', 'after', 'before', 'to', 'and', 'or', 'about']);
const PAIRED_CUES = new Set(['my', 'the', 'is', "it's", 'for', 'today', 'tomorrow', 'tonight']);
const RANGE_OPENERS = new Set(['from', 'between']);

interface Reading {
  readonly hour: number;
  readonly minute: number;
  readonly meridiem?: 'am' | 'pm';
  readonly part?: PartOfDay;
  /** Index of the last token of the time. */
  readonly to: number;
  /** Said in a form that can only be a time: a meridiem, "o'clock", a colon. */
  readonly explicit: boolean;
  /** Said as hour and minutes ("three thirty"): a time after "my" or "the" as well. */
  readonly paired: boolean;
}

const DIGITAL = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m|p\.m)?$/;
const RUN_TOGETHER = /^(\d{1,2})(\d{2})(am|pm|a\.m|p\.m)?$/;

/** "645 am", "1130pm": hours and minutes written (or said, "six hundred forty five") as one number. */
function runTogether(v: TokenView, i: number): RegExpExecArray | null {
  const match = RUN_TOGETHER.exec(v.word(i));
  if (!match) return null;
  return match[3] !== undefined || MERIDIEM.has(v.next(i + 1)) ? match : null;
}

/**
 * "5", "5:30", "5pm", "17:00", and the hour-minute pair "3 30" that the normaliser leaves
 * where nothing marked "three thirty" as a time. Spoken forms arrive as digits already.
 */
function clockNumber(v: TokenView, i: number): TemporalTag | undefined {
  const match = DIGITAL.exec(v.word(i)) ?? runTogether(v, i);
  if (!match) return undefined;
  const hour = Number(match[1]);
  let minute = match[2] === undefined ? 0 : Number(match[2]);
  if (hour > 24 || minute > 59) return undefined;
  const meridiem = match[3] === undefined ? undefined : match[3].startsWith('a') ? 'am' : 'pm';
  let to = i;
  let paired = false;
  if (match[2] === undefined && meridiem === undefined && hour <= 12) {
    const minutes = /^\d\d$/.exec(v.next(i + 1));
    if (minutes && Number(minutes[0]) >= 10 && Number(minutes[0]) < 60 && !isUnitWord(v.next(i + 2))) {
      minute = Number(minutes[0]);
      to = i + 1;
      paired = true;
    }
  }
  const explicit = match[2] !== undefined || meridiem !== undefined;
  return finish(v, i, withSuffix(v, { hour, minute, ...(meridiem ? { meridiem } : {}), to, explicit, paired }));
}

/** "evening 5:30", "afternoon 2:45": typed part of day before the time. */
function partThenClock(v: TokenView, i: number): TemporalTag | undefined {
  const part = PARTS_OF_DAY.get(v.word(i));
  if (!part || !v.joined(i + 1)) return undefined;
  const clock = clockNumber(v, i + 1);
  if (!clock || clock.meaning.kind !== 'clock' || clock.meaning.meridiem) return undefined;
  return { ...clock, from: i, meaning: { ...clock.meaning, part } };
}

/** Adds "am"/"pm"/"a m"/"o'clock"/"in the evening"/"at night" after a time when present. */
function withSuffix(v: TokenView, reading: Reading): Reading {
  const j = reading.to + 1;
  const word = v.next(j);
  const meridiem = MERIDIEM.get(word);
  if (meridiem) return { ...reading, meridiem, to: j, explicit: true };
  if ((word === 'a' || word === 'p') && v.next(j + 1) === 'm' && !isArticleUse(v, j + 2)) {
    return { ...reading, meridiem: word === 'a' ? 'am' : 'pm', to: j + 1, explicit: true };
  }
  if (word === "o'clock" || word === 'oclock') return withSuffix(v, { ...reading, to: j, explicit: true });
  if (word === 'o' && v.next(j + 1) === 'clock') return withSuffix(v, { ...reading, to: j + 1, explicit: true });
  if (word === 'noon' && reading.hour === 12) return { ...reading, meridiem: 'pm', to: j, explicit: true };
  if (word === 'midnight' && reading.hour === 12) return { ...reading, meridiem: 'am', to: j, explicit: true };
  if (word === 'in' && v.next(j + 1) === 'the') {
    const part = PARTS_OF_DAY.get(v.next(j + 2));
    if (part === 'morning' || part === 'afternoon' || part === 'evening') return { ...reading, part, to: j + 2, explicit: true };
  }
  if (word === 'at' && v.next(j + 1) === 'night') return { ...reading, part: 'night', to: j + 1, explicit: true };
  return reading;
}

/** "a m" is am unless "m" is followed by more words that make "a" an article (rare). */
function isArticleUse(v: TokenView, i: number): boolean {
  return v.next(i) === 'and';
}

function finish(v: TokenView, from: number, reading: Reading | undefined): TemporalTag | undefined {
  if (!reading) return undefined;
  const { hour, minute } = reading;
  if (reading.meridiem && (hour < 1 || hour > 12)) return undefined;
  if (!reading.explicit && !isClockContext(v, from, reading.paired, reading.to)) return undefined;
  return {
    type: 'time',
    from,
    to: reading.to,
    meaning: { kind: 'clock', hour, minute, ...(reading.meridiem ? { meridiem: reading.meridiem } : {}), ...(reading.part ? { part: reading.part } : {}) },
  };
}

/**
 * A bare number is a time after "at"/"by"/"between", as the second half of a range, or after
 * the "to" of a verb that changes when an event is ("move all the standups to ten"); an
 * hour-and-minutes pair also after "my"/"the"/"is" ("move my three thirty").
 */
function isClockContext(v: TokenView, i: number, paired: boolean, to: number): boolean {
  const before = v.previous(i);
  if (paired && PAIRED_CUES.has(before)) return true;
  if (!CLOCK_CUES.has(before)) return false;
  if (before === 'to' || before === 'and' || before === 'or') {
    // The second half of a range: "from two to four", "between two and four".
    for (let k = i - 2; k >= Math.max(0, i - 6); k -= 1) if (RANGE_OPENERS.has(v.word(k))) return true;
    return before === 'to' && afterRetimingVerb(v, i) && endsTimePhrase(v, to);
  }
  return true;
}

/** Verbs after which "to ___" says a new time: the move verbs, "change", "set", "schedule". */
const RETIMING_VERBS: ReadonlySet<string> = new Set([...MOVE_VERBS, 'change', 'changing', 'set', 'reset', 'switch', 'schedule', 'book']);

/** How far back, in words of the same phrase, the verb may stand: "move [all the weekly standups] to ten". */
const VERB_REACH = 10;

function afterRetimingVerb(v: TokenView, i: number): boolean {
  for (let k = i - 2; k >= Math.max(0, i - VERB_REACH); k -= 1) {
    if (RETIMING_VERBS.has(v.word(k))) return true;
    if (!v.joined(k)) return false;
  }
  return false;
}

/** Words that may follow a time said as a bare number: "to ten", "to ten tomorrow", "to ten instead". */
const TIME_FOLLOWERS = new Set(['on', 'tomorrow', 'today', 'tonight', 'instead', 'please', 'then', 'and', 'this', 'next', 'sharp', 'for', 'so', 'thanks', 'every', 'each']);

/** "to 10" ends the phrase or is followed by more of when; "to 5 people", "to 2 rooms" are counts. */
function endsTimePhrase(v: TokenView, to: number): boolean {
  const next = v.next(to + 1);
  return next === '' || TIME_FOLLOWERS.has(next) || WEEKDAYS.has(stripPossessive(next));
}

function isUnitWord(word: string): boolean {
  return /^(minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|people|times)$/.test(word);
}

/** "this evening's", "tonight", "morning", "noon". Prepositions and "the" stay outside. */
export function matchPartOfDay(v: TokenView, i: number): TemporalTag | undefined {
  const first = v.word(i);
  const hasThis = first === 'this' && v.joined(i + 1);
  const j = hasThis ? i + 1 : i;
  const word = stripPossessive(v.word(j));
  const part = PARTS_OF_DAY.get(word);
  if (!part) return undefined;
  const today = hasThis || word === 'tonight' || word === 'tonite';
  return { type: 'time_of_day', from: i, to: j, meaning: { kind: 'part_of_day', part, ...(today ? { days: 0 } : {}) } };
}
