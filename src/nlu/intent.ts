import type { Intent } from './command';
import { addAttendeeCue, removeAttendeeCue } from './attendee-cues';
import { MOVE_VERBS } from './lexicon/function-words';
import { findShift } from './shift';
import type { SlotDraft } from './slots/draft';
import type { TokenView } from './temporal/token-view';
import { isPossessive } from './tokens';

/**
 * Which request a command makes, from the words that say it ("cancel", "move", "when is",
 * "remind me") and the slots around them. Rules are checked from the most specific to the
 * most general; the first that matches decides, with how sure that kind of evidence is.
 */
export interface IntentGuess {
  readonly intent: Intent;
  readonly confidence: number;
  /** The token that decided the intent (the verb or question word), when there is one. */
  readonly cue?: number;
}

const UNDO = /^(?:undo(?: that| it| the last (?:change|one|thing))?|revert(?: that| it)?|scratch that|take (?:that|it) back|never ?mind|undo last)$/;

const CANCEL_VERBS = new Set(['cancel', 'canceled', 'cancelled', 'delete', 'remove', 'clear', 'erase', 'wipe', 'drop', 'scrap', 'scratch', 'uninvite', 'cancelling', 'canceling', 'deleting', 'removing', 'clearing']);
const LENGTH_VERBS = new Set(['extend', 'shorten', 'lengthen', 'prolong']);
const UPDATE_VERBS = new Set(['rename', 'retitle', 'relabel', 'update', 'edit', 'modify', 'alter', 'change', 'fix']);
const INVITE_VERBS = new Set(['invite', 'include', 'loop', 'cc']);
const REMINDER_WORDS = new Set(['remind', 'reminder', 'reminders', 'remainder', 'reminded', 'notify', 'notification', 'alert', 'alarm', 'timer', 'nudge', 'ping']);
const CREATE_VERBS = new Set(['add', 'schedule', 'create', 'set', 'make', 'put', 'book', 'plan', 'arrange', 'organize', 'organise', 'mark', 'flag', 'note', 'save', 'enter', 'insert', 'log', 'pencil', 'jot', 'setup', 'new', 'reserve']);
const QUESTION_OPENERS = new Set([
  'what', "what's", 'whats', 'when', "when's", 'whens', 'where', "where's", 'who', "who's", 'how', "how's", 'which',
  'is', 'are', 'am', 'do', 'does', 'did', 'will', 'was', 'were', 'have', 'has', 'any', 'anything',
]);
const LOOKUP_VERBS = new Set(['show', 'list', 'tell', 'give', 'check', 'read', 'view', 'display', 'find', 'search', 'look', 'lookup', 'see', 'get', 'open', 'review']);
const AGENDA_WORDS = new Set(['upcoming', 'coming', 'schedule', 'agenda', 'plan', 'plans', 'events', 'appointments', 'meetings']);
const OVERVIEW_WORDS = new Set(['calendar', 'calender', 'diary', 'details', 'detail', 'info', 'information', 'today', 'tomorrow', 'week']);
const FREE_WORDS = new Set(['free', 'available', 'availability', 'busy', 'open', 'booked', 'slot', 'slots', 'gap', 'gaps']);
const COMPARATIVES = new Set(['longer', 'shorter']);
const BLOCK_VERBS = new Set(['block', 'protect', 'hold']);
const FOCUS_WORDS = new Set(['focus', 'deep', 'focused', 'concentrate', 'heads-down', 'uninterrupted']);
const VERB_POSITIONS = new Set(['to', 'and', 'please', 'you', 'i', 'we', "i'll", "let's", 'lets', 'just', 'also', 'then', 'now', 'pls', 'plz', 'kindly']);
const POLITE_OPENERS = new Set(['can', 'could', 'would', 'will', 'please', 'kindly']);

export function classifyIntent(v: TokenView, start: number, slots: readonly SlotDraft[]): IntentGuess {
  const words = v.tokens.slice(start).map((t) => t.norm);
  const has = (set: ReadonlySet<string>): number | undefined => {
    const k = words.findIndex((w) => set.has(w));
    return k < 0 ? undefined : start + k;
  };
  /** A verb where a request puts it: first, or after "to", "and", "please", "you", "i". */
  const verb = (set: ReadonlySet<string>): number | undefined => {
    const k = words.findIndex((w, j) => set.has(w) && (j === 0 || VERB_POSITIONS.has(words[j - 1] ?? '')));
    return k < 0 ? undefined : start + k;
  };
  const hasSlot = (type: SlotDraft['type']): boolean => slots.some((s) => s.type === type);
  const opener = firstRequestWord(words);
  const question = (QUESTION_OPENERS.has(opener.word) && !opener.polite) || / how (?:many|much|long|often) /.test(` ${words.join(' ')} `);

  if (UNDO.test(words.join(' '))) return { intent: 'undo', confidence: 0.95, cue: start };
  // A lone "schedule" or "details" names what to show, as a heading would.
  if (words.length === 1 && (AGENDA_WORDS.has(opener.word) || OVERVIEW_WORDS.has(opener.word))) return { intent: 'query_agenda', confidence: 0.6, cue: start };

  if (!question) {
    const uninvite = removeAttendeeCue(v, start, slots);
    if (uninvite !== undefined) return { intent: 'remove_attendees', confidence: 0.85, cue: uninvite };
  }
  const cancel = has(CANCEL_VERBS) ?? phraseAt(words, start, ['make', 'blank']) ?? phraseAt(words, start, ['call', 'off']) ?? phraseAt(words, start, ['get', 'rid']);
  const asksAboutPast = question && ['did', 'was', 'were', 'have', 'has'].includes(opener.word);
  // "cancel my meeting on tuesday and reschedule it for thursday" is a move.
  const movedAfter = has(MOVE_VERBS);
  if (cancel !== undefined && !asksAboutPast && !(movedAfter !== undefined && movedAfter > cancel)) {
    const fromEvent = hasSlot('attendee') && (words.includes('from') || v.word(cancel) === 'uninvite') && !v.word(cancel).startsWith('clear');
    if (fromEvent && ['remove', 'uninvite', 'drop'].includes(v.word(cancel))) return { intent: 'remove_attendees', confidence: 0.85, cue: cancel };
    return { intent: 'cancel_event', confidence: 0.9, cue: cancel };
  }

  if (!question) {
    // "extend the review", "make it thirty minutes longer"
    const length = has(LENGTH_VERBS) ?? (hasSlot('duration') ? has(COMPARATIVES) : undefined);
    if (length !== undefined) return { intent: 'change_duration', confidence: 0.85, cue: length };
    const move = has(MOVE_VERBS) ?? findShift(v, start, slots)?.cue;
    if (move !== undefined) return { intent: 'move_event', confidence: 0.9, cue: move };
    const resize = setsLength(v, start, slots);
    if (resize !== undefined) return { intent: 'change_duration', confidence: 0.8, cue: resize };
    const invite = has(INVITE_VERBS);
    if (invite !== undefined && hasSlot('attendee')) return { intent: 'add_attendees', confidence: 0.85, cue: invite };
    const addTo = addAttendeeCue(v, start, slots);
    if (addTo !== undefined) return { intent: 'add_attendees', confidence: 0.8, cue: addTo };
    const update = has(UPDATE_VERBS);
    if (update !== undefined) {
      // "change the standup to ten" moves it; "change the name of the review to crit at ten" renames it.
      const renames = ['name', 'title'].includes(v.next(update + 2));
      const changesTime = ['change', 'update', 'modify', 'alter', 'fix'].includes(v.word(update)) && !renames && words.includes('to') && slots.some((s) => s.temporal && s.type !== 'recurrence' && s.type !== 'duration');
      if (changesTime) return { intent: 'move_event', confidence: 0.8, cue: update };
      if (hasSlot('duration') && words.includes('to')) return { intent: 'change_duration', confidence: 0.75, cue: update };
      return { intent: 'update_event', confidence: 0.8, cue: update };
    }
    const block = has(BLOCK_VERBS);
    if (block !== undefined && (has(FOCUS_WORDS) !== undefined || words.includes('time') || hasSlot('duration'))) {
      return { intent: 'block_focus_time', confidence: 0.85, cue: block };
    }
  }

  const told = tellMeTo(words, start);
  if (told !== undefined) return { intent: 'create_reminder', confidence: 0.85, cue: told };
  const lookup = LOOKUP_VERBS.has(opener.word) && opener.word !== 'see' ? opener.index : undefined;
  if (question || lookup !== undefined || words.includes('more') && words.includes('about')) {
    const cue = start + opener.index;
    if (has(FREE_WORDS) !== undefined || asksForTime(words) || findsLength(opener.word, cue, slots)) return { intent: 'find_free_time', confidence: 0.85, cue };
    const event = slots.find((s) => s.type === 'event_title' || s.type === 'meal');
    const specific = event !== undefined && (EVENT_QUESTIONS.has(opener.word) || words.includes('details') || words.includes('about'));
    // "what meetings do i have": a plural asks for the agenda, not one event.
    const plural = slots.some((s) => s.type === 'event_title' && AGENDA_WORDS.has(v.word(s.to)));
    if (specific && !plural && !words.includes('any') && !words.includes('many')) return { intent: 'query_event', confidence: 0.8, cue };
    return { intent: 'query_agenda', confidence: question || lookup !== undefined ? 0.85 : 0.7, cue };
  }

  const reminder = has(REMINDER_WORDS);
  if (reminder !== undefined) return { intent: 'create_reminder', confidence: 0.9, cue: reminder };
  const create = verb(CREATE_VERBS);
  if (create !== undefined) return { intent: 'create_event', confidence: 0.85, cue: create };
  if (has(FREE_WORDS) !== undefined) return { intent: 'find_free_time', confidence: 0.6 };
  if (words.some((w) => AGENDA_WORDS.has(w)) && !hasSlot('event_title')) return { intent: 'query_agenda', confidence: 0.6 };
  if (haveAnEvent(words)) return { intent: 'create_event', confidence: 0.6 };
  // A bare name ("dentist tomorrow at 3") most likely asks for an event, but is worth a question.
  if (hasSlot('event_title')) return { intent: 'create_event', confidence: 0.45 };
  return { intent: hasSlot('date') || hasSlot('time') ? 'create_event' : 'unknown', confidence: 0.3 };
}

/** The first word that carries the request, after "can you", "please", "i want you to". */
function firstRequestWord(words: readonly string[]): { word: string; index: number; polite: boolean } {
  let k = 0;
  let polite = false;
  while (k < words.length) {
    const word = words[k] ?? '';
    if (POLITE_OPENERS.has(word) && (word === 'please' || word === 'kindly' || words[k + 1] === 'you')) {
      polite = true;
      k += word === 'please' || word === 'kindly' ? 1 : 2;
    } else if (['i', 'we'].includes(word) && ['want', 'need', 'would', 'like'].includes(words[k + 1] ?? '') && words.indexOf('you', k) - k <= 4 && words.includes('you', k)) {
      // "i want you to", "i would like you to"
      const you = words.indexOf('you', k);
      polite = true;
      k = words[you + 1] === 'to' ? you + 2 : you + 1;
    } else {
      break;
    }
  }
  return { word: words[k] ?? '', index: k, polite };
}

function phraseAt(words: readonly string[], start: number, phrase: readonly string[]): number | undefined {
  for (let k = 0; k + phrase.length <= words.length; k += 1) {
    if (phrase.every((p, j) => words[k + j] === p)) return start + k;
  }
  return undefined;
}

/** "tell me to", "don't let me forget to", "remember to": reminders without the word. */
function tellMeTo(words: readonly string[], start: number): number | undefined {
  return phraseAt(words, start, ['tell', 'me', 'to']) ?? phraseAt(words, start, ['forget', 'to']) ?? phraseAt(words, start, ['remember', 'to']);
}

const SETTING_VERBS = new Set(['make', 'set', 'keep']);
const DEFINITE = new Set(['the', 'my', 'our', 'your', 'this', 'that', 'it']);
/** Before these a length is when or how often, not what an event should last: "for an hour", "in ten minutes". */
const NOT_LENGTH_CUES = new Set(['for', 'in', 'within', 'every', 'each', 'after', 'before', 'of', 'per']);

/**
 * "make the design review an hour long", "set my standup to fifteen minutes": a setting verb, an
 * event that exists (said with "the", "my", "it" or a possessive), and a length as what it
 * becomes. "make a meeting for an hour" creates one; "set the timer ten minutes" is a reminder.
 */
function setsLength(v: TokenView, start: number, slots: readonly SlotDraft[]): number | undefined {
  for (let i = start; i < v.length; i += 1) {
    if (!SETTING_VERBS.has(v.word(i)) || (i > start && !VERB_POSITIONS.has(v.word(i - 1)))) continue;
    const object = v.next(i + 1);
    if (!DEFINITE.has(object) && !isPossessive(object)) continue;
    if (v.tokens.some((t) => REMINDER_WORDS.has(t.norm))) return undefined;
    const length = slots.find((s) => s.type === 'duration' && s.from > i + 1 && !NOT_LENGTH_CUES.has(v.previous(s.from)));
    // "make it a thirty minute meeting": the length qualifies a new event.
    if (length && !slots.some((s) => s.type === 'event_title' && s.from === length.to + 1)) return i;
  }
  return undefined;
}

/** Question words that ask about one event: "when is lunch with priya", "what's my next meeting". */
const EVENT_QUESTIONS = new Set(['when', "when's", 'whens', 'where', "where's", 'wheres', 'what', "what's", 'whats']);

/** "do i have time for a one hour meeting", "is there any time on friday", "have i got time". */
function asksForTime(words: readonly string[]): boolean {
  return / (?:have|got|there|any|some|enough) (?:any |some |enough |free )?time /.test(` ${words.join(' ')} `);
}

const FINDING_VERBS = new Set(['find', 'get', 'look', 'search']);

/** "find me thirty minutes tomorrow", "look for an hour on friday": the length asked for is the object. */
function findsLength(opener: string, cue: number, slots: readonly SlotDraft[]): boolean {
  return FINDING_VERBS.has(opener) && slots.some((s) => s.type === 'duration' && s.from > cue && s.from <= cue + 3);
}

/** "i have a dentist appointment tomorrow", "there is a meeting on friday". */
function haveAnEvent(words: readonly string[]): boolean {
  const text = ` ${words.join(' ')} `;
  return / (?:i|we) (?:have|need|got) (?:a|an) | there (?:is|will be) (?:a|an) | i'?ll be | i want to (?:go|meet|attend|see)/.test(text);
}
