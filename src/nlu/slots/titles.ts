import { PARTS_OF_DAY, TIME_UNITS } from '../lexicon/calendar-words';
import { COMMON_NOUNS, COMMON_WORDS } from '../lexicon/common-words';
import { EVENT_NOUNS } from '../lexicon/event-words';
import { CALENDAR_NOUNS, FILLERS, FUNCTION_WORDS, LIGHT_VERBS, REQUEST_VERBS, WAKE_WORDS } from '../lexicon/function-words';
import type { TokenView } from '../temporal/token-view';
import type { TemporalTag } from '../temporal/types';
import { isPossessive, stripPossessive } from '../tokens';
import type { Occupancy, SlotDraft } from './draft';

/**
 * What an event or reminder is called, found after every other slot has taken its words:
 * - a reminder's task: "remind me to [pick up the laundry] next monday", unless the task is
 *   only a person or a meal ("remind me to meet joe for lunch"); tasks are returned as well,
 *   being what a reminder says;
 * - a name given with "called": "add an event called [quarterly planning]";
 * - otherwise each run of content words: "cancel the [parent teacher conference]",
 *   "when does the [hockey game] start", "[meeting] with my boss".
 * Words after "because" give a reason, never a title.
 */
export function tagTitles(v: TokenView, occupancy: Occupancy, start: number): { titles: SlotDraft[]; tasks: TokenRange[] } {
  const end = reasonStart(v);
  const titles: SlotDraft[] = [];
  const consumed = new Array<boolean>(v.length).fill(false);
  const tasks = reminderTasks(v, occupancy, end);
  for (const task of tasks) {
    for (let k = task.from; k <= task.to; k += 1) consumed[k] = true;
    if (task.title) titles.push(task.title);
  }
  for (const name of givenNames(v, occupancy, end)) {
    for (let k = name.from; k <= name.to; k += 1) consumed[k] = true;
    titles.push(name);
  }
  titles.push(...contentRuns(v, occupancy, start, end, consumed));
  for (const slot of titles) occupancy.claim(slot);
  return { titles, tasks: tasks.map(({ from, to }) => ({ from, to })) };
}

/** Token positions, both ends included. */
export interface TokenRange {
  readonly from: number;
  readonly to: number;
}

const REASONS = new Set(['because', 'cause', 'cuz', 'cos', 'coz']);

function reasonStart(v: TokenView): number {
  for (let i = 0; i < v.length; i += 1) if (REASONS.has(v.word(i))) return i;
  return v.length;
}

const REMINDER_WORDS = new Set(['remind', 'reminder', 'reminders', 'remainder', 'reminded', 'remember', 'forget', 'note']);
const TELL_WORDS = new Set(['tell', 'ask', 'notify', 'alert', 'ping', 'nudge', 'text', 'email']);
/** Words allowed between "remind" and the "to" that opens the task: "set a reminder for me at 3 to". */
const BRIDGE_WORDS = new Set(['me', 'for', 'a', 'an', 'at', 'on', 'in', 'by', 'set', 'us', 'please']);
/** A task that is itself a calendar request ("remind me to add ...") is parsed as one. */
const CALENDAR_VERBS = new Set(['remind', 'remember', 'tell', 'notify', 'add', 'schedule', 'set', 'put', 'book', 'create', 'cancel', 'delete', 'remove', 'move', 'reschedule', 'fix', 'plan']);
const OBLIGATION = new Set(['have', 'need', 'must', 'got', 'gotta', 'should']);
const SUBJECTS = new Set(['i', 'we']);
/** Words that end a task: what follows is when or why, not what. */
const TASK_ENDS = new Set(['because', 'cause', 'so', 'when', 'while', 'if', 'please', 'then', 'and']);
const TASK_PREPOSITIONS = new Set(['at', 'on', 'in', 'from', 'by', 'before', 'after', 'every', 'for', 'with', 'to', 'around', 'near']);

/** What a reminder is for: "remind me to [call mom]". */
interface Task extends TokenRange {
  readonly title?: SlotDraft;
}

function reminderTasks(v: TokenView, occupancy: Occupancy, end: number): Task[] {
  const tasks: Task[] = [];
  for (let i = 0; i < end; i += 1) {
    const word = v.word(i);
    const cue = REMINDER_WORDS.has(word) || (TELL_WORDS.has(word) && v.next(i + 1) === 'me');
    if (!cue) continue;
    const start = taskStart(v, occupancy, i + 1);
    if (start === undefined || start >= end || CALENDAR_VERBS.has(v.word(start))) continue;
    const task = taskAt(v, occupancy, start, end);
    if (task) {
      tasks.push(task);
      i = task.to;
    }
  }
  return tasks;
}

/** The first word of the task after "remind me to", "reminder that i have to", "tell me to". */
function taskStart(v: TokenView, occupancy: Occupancy, i: number): number | undefined {
  for (let j = i; j < Math.min(v.length, i + 8); j += 1) {
    const word = v.word(j);
    if (word === 'to') return j + 1;
    if (word === 'that') {
      let k = j + 1;
      if (SUBJECTS.has(v.word(k))) k += 1;
      if (OBLIGATION.has(v.word(k)) && v.word(k + 1) === 'to') return k + 2;
      return undefined;
    }
    if (!BRIDGE_WORDS.has(word) && occupancy.isFree(j)) return undefined;
  }
  return undefined;
}

/**
 * The task runs until a time, a reason or the end; people and places inside it belong to it
 * ("call mom", "pick up my dog from the groomer"), but its title stops before the first of them.
 */
function taskAt(v: TokenView, occupancy: Occupancy, start: number, end: number): Task | undefined {
  const inTask = (k: number): boolean => !occupancy.ownerOf(k)?.temporal && (occupancy.isFree(k) || occupancy.ownerOf(k) !== undefined);
  let stop = start;
  while (stop < end && inTask(stop) && (stop === start || v.joined(stop)) && !TASK_ENDS.has(v.word(stop)) && !introducesTime(v, occupancy, stop)) {
    stop += 1;
  }
  const lastWord = (limit: number): number => {
    let last = limit - 1;
    while (last >= start && (FUNCTION_WORDS.has(v.word(last)) || FILLERS.has(v.word(last)))) last -= 1;
    return last;
  };
  let titleStop = start;
  while (titleStop < stop && occupancy.isFree(titleStop) && !introducesSlot(v, occupancy, titleStop)) titleStop += 1;
  const taskEnd = lastWord(stop);
  const verbEnd = lastWord(titleStop);
  if (taskEnd < start) return undefined;
  const titleEnd = particleAfter(v, verbEnd, titleStop) ?? verbEnd;
  // The task's first word is its verb: "call mom" is about mom, who is an attendee already.
  const hasContent = titleEnd > verbEnd || v.tokens.slice(start + 1, titleEnd + 1).some((t) => !FUNCTION_WORDS.has(t.norm) && !LIGHT_VERBS.has(t.norm) && !REQUEST_VERBS.has(t.norm));
  return { from: start, to: taskEnd, ...(hasContent ? { title: title(v, start, titleEnd) } : {}) };
}

const PARTICLES = new Set(['up', 'off', 'out', 'back', 'over', 'down']);
const OBJECT_PRONOUNS = new Set(['me', 'us', 'him', 'her', 'them', 'it']);

/** "pick me up", "call her back": a phrasal verb around a pronoun is a task of its own. */
function particleAfter(v: TokenView, verb: number, limit: number): number | undefined {
  let k = verb + 1;
  while (k < limit && OBJECT_PRONOUNS.has(v.word(k))) k += 1;
  return k > verb + 1 && k < limit && PARTICLES.has(v.word(k)) ? k : undefined;
}

const NAMING_WORDS = new Set(['called', 'named', 'titled', 'entitled']);

/**
 * "an event called quarterly planning": what follows "called" is the name as said, every word of
 * it, up to a time, a person, a place or a preposition.
 */
function givenNames(v: TokenView, occupancy: Occupancy, end: number): SlotDraft[] {
  const names: SlotDraft[] = [];
  for (let i = 0; i + 1 < end; i += 1) {
    if (!NAMING_WORDS.has(v.word(i))) continue;
    if (ARTICLES.has(v.next(i + 1))) i += 1;
    let to = i;
    while (to + 1 < end && occupancy.isFree(to + 1) && v.joined(to + 1) && !TASK_PREPOSITIONS.has(v.word(to + 1)) && !TASK_ENDS.has(v.word(to + 1))) to += 1;
    if (to > i) names.push(title(v, i + 1, to));
    i = to;
  }
  return names;
}

const RENAMING_VERBS = new Set(['rename', 'renaming', 'retitle', 'relabel']);
const CHANGING_VERBS = new Set(['change', 'changing', 'update', 'updating', 'edit', 'modify']);
const NAME_NOUNS = new Set(['name', 'title']);
/** What ends a new name besides a time: a reason, a second request, a polite word. */
const NAME_ENDS = new Set([...TASK_ENDS, 'instead']);

/** "rename ...", or "change the name ..." / "update the title ...". */
function isRenaming(v: TokenView, i: number): boolean {
  if (RENAMING_VERBS.has(v.word(i))) return true;
  return NAME_NOUNS.has(v.word(i)) && v.previous(i) === 'the' && CHANGING_VERBS.has(v.previous(i - 1));
}

/**
 * "rename the standup on thursday to sprint check in", "relabel my three pm as coffee with ana":
 * the new name is every word after the "to" (or "as") of the same phrase, verbs, particles,
 * people and meals included, to its end or the first time phrase ("on thursday", "tomorrow").
 * A time phrase that qualifies the noun after it is part of the name ("daily sync"). Run before
 * times, people, places and meals are tagged, so that they do not cut the name up.
 */
export function tagNewName(v: TokenView, occupancy: Occupancy, times: readonly TemporalTag[]): SlotDraft[] {
  const end = reasonStart(v);
  const cue = v.tokens.findIndex((_, i) => i < end && isRenaming(v, i));
  if (cue < 0) return [];
  let to = cue + 1;
  while (to < end && v.joined(to) && !((v.word(to) === 'to' || v.word(to) === 'as') && occupancy.isFree(to))) to += 1;
  if (to >= end || !v.joined(to)) return [];
  let from = to + 1;
  if (ARTICLES.has(v.next(from))) from += 1;
  const startsTime = (k: number): boolean => times.some((t) => t.from === k && !(v.joined(t.to + 1) && isContent(v.word(t.to + 1))));
  const endsName = (k: number): boolean => NAME_ENDS.has(v.word(k)) || startsTime(k) || (TASK_PREPOSITIONS.has(v.word(k)) && startsTime(objectStart(v, k)));
  let last = from - 1;
  while (last + 1 < end && occupancy.isFree(last + 1) && v.joined(last + 1) && !endsName(last + 1)) last += 1;
  if (last < from) return [];
  const name = title(v, from, last);
  occupancy.claim(name);
  return [name];
}

/** Where the object of a preposition starts, past its articles: "on [thursday]", "at the [3 pm]". */
function objectStart(v: TokenView, i: number): number {
  let k = i + 1;
  while (OBJECT_ARTICLES.has(v.word(k))) k += 1;
  return k;
}

/** "from the groomer", "at 3 pm", "in ten minutes": a preposition whose object is a slot. */
function introducesSlot(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const k = objectOf(v, occupancy, i);
  return k !== undefined && !occupancy.isFree(k);
}

function introducesTime(v: TokenView, occupancy: Occupancy, i: number): boolean {
  const k = objectOf(v, occupancy, i);
  return k !== undefined && occupancy.ownerOf(k)?.temporal !== undefined;
}

const OBJECT_ARTICLES = new Set(['the', 'a', 'an', 'my', 'this', 'next']);

/** The first word after a preposition and its articles: where its object starts. */
function objectOf(v: TokenView, occupancy: Occupancy, i: number): number | undefined {
  if (!TASK_PREPOSITIONS.has(v.word(i))) return undefined;
  let k = i + 1;
  while (OBJECT_ARTICLES.has(v.word(k)) && occupancy.isFree(k)) k += 1;
  return k < v.length ? k : undefined;
}

/** Words that never make up a title on their own: grammar, requests, common words. */
function isContent(word: string): boolean {
  const base = stripPossessive(word);
  if (EVENT_NOUNS.has(base)) return true;
  return !(
    FUNCTION_WORDS.has(word) || REQUEST_VERBS.has(base) || LIGHT_VERBS.has(base) || COMMON_WORDS.has(base) ||
    TIME_UNITS.has(base) || FILLERS.has(word) || WAKE_WORDS.has(word) || /^\d/.test(word) || word.length < 2
  );
}

/** Event nouns that are verbs when they open a command: "call dana", "show my week". */
const VERB_FIRST = new Set(['call', 'show', 'book', 'review', 'play', 'visit', 'test', 'date', 'run', 'practice', 'match', 'swim', 'hike', 'present']);

/** "is this week a payday week": a kind of week is a period, not an event ("month" is trimmed as a calendar noun). */
const PERIODS = new Set(['week', 'weeks']);

/** Subjects and forms of "be" that make a following -ing word a verb: "when am i meeting sophie". */
const PROGRESSIVE_CUES = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'am', 'are', 'were', "i'm", 'im', "we're", "you're", "they're"]);

function isProgressive(v: TokenView, i: number, occupancy: Occupancy): boolean {
  return v.word(i).endsWith('ing') && PROGRESSIVE_CUES.has(v.previous(i)) && occupancy.isFree(i - 1);
}

const DEFINITE_ARTICLES = new Set(['the', 'my', 'our', 'your']);

/**
 * "next monday's planning", "cancel the booking": the -ing form of a request verb that ends a
 * phrase opened by a possessive or a definite article names an event, as "meeting" does. Not:
 * one that describes ("a repeating event"), one before a noun ("the visiting time"), an
 * indefinite "an opening", or "what's going on".
 */
function isGerundNoun(v: TokenView, i: number): boolean {
  const word = v.word(i);
  const before = v.previous(i);
  const next = stripPossessive(v.next(i + 1));
  const opened = DEFINITE_ARTICLES.has(before) || isOwnersPossessive(before);
  const endsPhrase = !isContent(next) && !CALENDAR_NOUNS.has(next) && !COMMON_NOUNS.has(next);
  return word.endsWith('ing') && (REQUEST_VERBS.has(word) || LIGHT_VERBS.has(word)) && !COMMON_WORDS.has(word) && opened && endsPhrase;
}

/** "monday's", "sam's", but not "what's" or "it's". */
function isOwnersPossessive(word: string): boolean {
  return isPossessive(word) && !FUNCTION_WORDS.has(word);
}

/** Common nouns that qualify what follows them: "job interview", "work party", "home visit". */
const NOUN_MODIFIERS = new Set(['work', 'job', 'home']);

/**
 * "the evening meeting", "my job interview", "the book club", "tomorrow's planning meeting": a
 * part of the day, a common noun, or a verb used as a noun after an article or a possessive,
 * that qualifies the content word after it is part of the name.
 */
function qualifiesEvent(v: TokenView, i: number, usable: (k: number) => boolean): boolean {
  const word = v.word(i);
  const next = v.word(i + 1);
  const verbAsNoun = (REQUEST_VERBS.has(word) || LIGHT_VERBS.has(word)) && (ARTICLES.has(v.previous(i)) || isOwnersPossessive(v.previous(i)));
  return (PARTS_OF_DAY.has(word) || NOUN_MODIFIERS.has(word) || verbAsNoun) && v.joined(i + 1) && usable(i + 1) && isContent(next) && !CALENDAR_NOUNS.has(next);
}

const ARTICLES = new Set(['the', 'a', 'an', 'my', 'our', 'your']);

function contentRuns(v: TokenView, occupancy: Occupancy, start: number, end: number, consumed: readonly boolean[]): SlotDraft[] {
  const runs: SlotDraft[] = [];
  const usable = (k: number): boolean => k < end && !consumed[k] && occupancy.isFree(k);
  let i = start;
  while (i < end) {
    const opensRun = (isContent(v.word(i)) && !(i === start && VERB_FIRST.has(v.word(i))) && !isProgressive(v, i, occupancy)) || qualifiesEvent(v, i, usable) || isGerundNoun(v, i);
    if (!usable(i) || !opensRun) {
      i += 1;
      continue;
    }
    let to = i;
    for (;;) {
      const next = to + 1;
      if (usable(next) && v.joined(next) && (isContent(v.word(next)) || COMMON_NOUNS.has(stripPossessive(v.word(next))))) to = next;
      // "bill of rights": "of" joins two content words
      else if (v.word(next) === 'of' && usable(next) && usable(next + 1) && v.joined(next + 1) && isContent(v.word(next + 1)) && !CALENDAR_NOUNS.has(v.word(next + 1))) to = next + 1;
      else break;
    }
    const next = to + 1;
    // The calendar's own nouns are not part of a name: "event baseball practice", "birthday event".
    let from = i;
    while (from <= to && (CALENDAR_NOUNS.has(stripPossessive(v.word(from))) || FUNCTION_WORDS.has(v.word(from)))) from += 1;
    while (to > from && CALENDAR_NOUNS.has(stripPossessive(v.word(to))) && !COMMON_NOUNS.has(v.word(to))) to -= 1;
    if (from <= to && !PERIODS.has(v.word(to))) runs.push(title(v, namesWithPossessive(v, occupancy, from) ? from - 1 : from, to));
    i = next;
  }
  return runs;
}

/** "mark today as my cheat day": a name given with "as" is said whole, its "my" included. */
function namesWithPossessive(v: TokenView, occupancy: Occupancy, from: number): boolean {
  return ['my', 'our'].includes(v.previous(from)) && occupancy.isFree(from - 1) && v.previous(from - 1) === 'as';
}

function title(v: TokenView, from: number, to: number): SlotDraft {
  const first = v.tokens[from];
  const last = v.tokens[to];
  const text = first && last ? v.tokens.slice(from, to + 1).map((t) => t.raw).join(' ') : '';
  return { type: 'event_title', from, to, value: { kind: 'event_title', title: text } };
}
