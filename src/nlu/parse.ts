import { DateTime } from 'luxon';
import { systemTimeZone, zoneOf } from '../domain/time';
import { clarificationFor } from './clarify';
import { CONFIDENCE_THRESHOLD, type Command, type Intent, type Slot, type SlotRole } from './command';
import { classifyIntent } from './intent';
import { EVENT_NOUNS, MEALS } from './lexicon/event-words';
import { setAsidePreamble } from './preamble';
import { describeReference } from './reference';
import { findShift, type Shift } from './shift';
import { tagAttendees } from './slots/attendees';
import { setAsideCalendarPhrase, type CalendarPhrase } from './slots/calendar-name';
import { Occupancy, type SlotDraft } from './slots/draft';
import { tagLocations } from './slots/locations';
import { tagMeals } from './slots/meals';
import { tagNamedEvents } from './slots/named-events';
import { tagNewName, tagTitles, type TokenRange } from './slots/titles';
import { resolveTimes } from './time/resolve';
import { readClocksByMeal } from './temporal/meal-hours';
import { valueOf } from './temporal/resolve';
import { tagTemporal } from './temporal/tagger';
import type { TemporalTag } from './temporal/types';
import { windowFor } from './temporal/window';
import { TokenView } from './temporal/token-view';
import { tokenize, type Token } from './tokens';

export interface ParseOptions {
  /** The moment the command was said; relative phrases ("tomorrow") resolve from it. */
  readonly now?: Date;
  /** The user's IANA time zone (or a fixed offset such as "-02:00"); this machine's by default. */
  readonly zone?: string;
}

/** Intents that act on an event that already exists, named by a reference. */
const REFERRING: ReadonlySet<Intent> = new Set([
  'move_event', 'change_duration', 'cancel_event', 'update_event', 'add_attendees', 'remove_attendees', 'query_event',
]);

/**
 * Turns what a person said into a Command: intent, slots with exact spans into `text`, the
 * event referred to, the time asked for, and a question when the parser is unsure. Offline,
 * deterministic, linear in the length of the text.
 */
export function parseCommand(text: string, options: ParseOptions = {}): Command {
  const zone = zoneOf(options.zone ?? systemTimeZone());
  const now = DateTime.fromJSDate(options.now ?? new Date(), { zone });
  const tokens = tokenize(text);
  const view = new TokenView(tokens);
  const occupancy = new Occupancy(tokens.length);
  const start = setAsidePreamble(view, occupancy);

  const found: SlotDraft[] = tagNamedEvents(view, occupancy);
  const times = tagTemporal(tokens);
  found.push(...tagNewName(view, occupancy, times));
  for (const tag of times) {
    if (!occupancy.areFree(tag.from, tag.to) || qualifiesEventNoun(view, tag)) continue;
    const draft: SlotDraft = { type: tag.type, from: tag.from, to: tag.to, temporal: tag.meaning };
    occupancy.claim(draft);
    found.push(draft);
  }
  // After the times, so "on july three calendar" stays a date.
  const calendar = setAsideCalendarPhrase(view, occupancy);
  found.push(...tagAttendees(view, occupancy), ...tagLocations(view, occupancy), ...tagMeals(view, occupancy));
  const { titles, tasks } = tagTitles(view, occupancy, start);
  found.push(...titles);
  const read = readClocksByMeal(found.sort((a, b) => a.from - b.from));

  const guess = classifyIntent(view, start, read);
  const shift = guess.intent === 'move_event' ? findShift(view, start, read) : undefined;
  // Each time phrase is resolved once: its slot carries the value, and the windows are checked against it.
  const drafts = read.map((d, k) => withValue(k === shift?.amount ? amountOf(d, shift) : d, now));
  const roles = assignRoles(view, guess.intent, guess.cue, drafts, shift);
  const slots: Slot[] = drafts.map((draft, k) => toSlot(text, view, draft, roles[k]));

  const matches = drafts.some((d) => d.temporal) ? resolveTimes(text, { now: now.toJSDate(), zone: zone.name }) : [];
  const targets = drafts.filter((_, k) => roles[k] === 'target');
  const referenceDrafts = drafts.filter((_, k) => roles[k] === 'reference');
  const when = windowFor(targets, referenceDrafts, tokens, matches, now);
  const referenceWhen = windowFor(referenceDrafts, targets, tokens, matches, now);
  const reference = referenceDrafts.length > 0 || REFERRING.has(guess.intent) ? describeReference(text, view, referenceDrafts, referenceWhen) : undefined;
  const subject = describeSubject(text, view, guess.intent, tasks, drafts, roles);

  const { confidence, clarification } = clarificationFor(guess, { hasWhen: when !== undefined, hasShift: shift !== undefined, reference, slots });
  return {
    text,
    intent: guess.intent,
    confidence,
    slots,
    ...(reference ? { reference } : {}),
    ...(subject ? { subject } : {}),
    ...(when ? { when } : {}),
    ...(shift ? { shift: { minutes: shift.minutes } } : {}),
    ...(confidence < CONFIDENCE_THRESHOLD && clarification ? { clarification } : {}),
    ...(calendar ? { calendar: calendarOf(text, tokens, calendar) } : {}),
  };
}

function calendarOf(text: string, tokens: readonly Token[], phrase: CalendarPhrase): NonNullable<Command['calendar']> {
  const start = tokens[phrase.from]!.start;
  const end = tokens[phrase.to]!.end;
  return { start, end, text: text.slice(start, end), name: phrase.name };
}

const DETERMINERS = new Set(['the', 'my', 'a', 'an', 'our', 'your', 'this', "today's", "tomorrow's"]);

/**
 * "the evening meeting": a bare part of the day between an article and a noun names the event;
 * so does "night" after an event noun other than a meal ("game night", "movie night").
 */
function qualifiesEventNoun(v: TokenView, tag: TemporalTag): boolean {
  if (tag.type !== 'time_of_day' || tag.from !== tag.to) return false;
  const previous = v.previous(tag.from);
  if (v.word(tag.from) === 'night' && EVENT_NOUNS.has(previous) && !MEALS.has(previous)) return true;
  return DETERMINERS.has(previous) && EVENT_NOUNS.has(v.next(tag.to + 1));
}

/** Words that introduce what an event becomes: "move it to friday", "push it until 5", "rename it as retro". */
const TARGET_MARKERS = new Set(['to', 'until', 'till', 'til', 'for', 'into', 'onto', 'as']);

/**
 * Which slots name the existing event and which say what it becomes. For a move, the times
 * after "to" are the target and the rest the reference; for a cancel or an update, every slot
 * is the reference; for a create or a query, the slots describe the target.
 */
function assignRoles(v: TokenView, intent: Intent, cue: number | undefined, drafts: readonly SlotDraft[], shift: Shift | undefined): (SlotRole | undefined)[] {
  if (intent === 'create_reminder') {
    // "ten minutes before the standup": what follows the offset is the event it counts from.
    const offset = drafts.find((d) => d.type === 'reminder_offset');
    return drafts.map((d) => (offset && d.from > offset.to ? 'reference' : d.temporal ? 'target' : undefined));
  }
  if (!REFERRING.has(intent)) return drafts.map((d) => (d.temporal ? 'target' : undefined));
  if (intent === 'cancel_event' || intent === 'query_event') return drafts.map(() => 'reference');
  const marker = targetMarker(v, cue ?? 0, drafts);
  return drafts.map((d, k) => {
    if (k === shift?.amount) return 'target';
    if (intent === 'change_duration') return d.type === 'duration' ? 'target' : 'reference';
    if (intent === 'add_attendees' || intent === 'remove_attendees') return d.type === 'attendee' ? 'target' : 'reference';
    return marker !== undefined && d.from > marker ? 'target' : 'reference';
  });
}

function targetMarker(v: TokenView, cue: number, drafts: readonly SlotDraft[]): number | undefined {
  for (let i = cue + 1; i < v.length; i += 1) {
    if (TARGET_MARKERS.has(v.word(i)) && drafts.some((d) => d.from > i)) return i;
  }
  return undefined;
}

/** The amount of a shift as a length: "an hour" of "an hour later", its direction being the shift's. */
function amountOf(draft: SlotDraft, shift: Shift): SlotDraft {
  return { type: 'duration', from: draft.from, to: shift.to, temporal: { kind: 'duration', minutes: Math.abs(shift.minutes) } };
}

/** Intents that make something new, whose words say what it is about. */
const CREATING: ReadonlySet<Intent> = new Set(['create_event', 'create_reminder', 'block_focus_time']);

/**
 * What a new event or reminder is about, as said: the reminder's task ("call mom"), else the
 * words from its first title, meal or attendee to its last ("lunch with priya").
 */
function describeSubject(text: string, v: TokenView, intent: Intent, tasks: readonly TokenRange[], drafts: readonly SlotDraft[], roles: readonly (SlotRole | undefined)[]): Command['subject'] {
  if (!CREATING.has(intent)) return undefined;
  const range = tasks[0] ?? spanOfKinds(drafts.filter((d, k) => roles[k] !== 'reference' && SUBJECT_TYPES.has(d.type)));
  if (!range) return undefined;
  const start = v.tokens[range.from]?.start ?? 0;
  const end = v.tokens[range.to]?.end ?? start;
  return { start, end, text: text.slice(start, end) };
}

const SUBJECT_TYPES: ReadonlySet<SlotDraft['type']> = new Set(['event_title', 'meal', 'attendee']);

function spanOfKinds(drafts: readonly SlotDraft[]): TokenRange | undefined {
  const first = drafts[0];
  const last = drafts.at(-1);
  return first && last ? { from: first.from, to: last.to } : undefined;
}

function withValue(draft: SlotDraft, now: DateTime): SlotDraft {
  const value = draft.value ?? (draft.temporal ? valueOf(draft.temporal, now) : undefined);
  return value && !draft.value ? { ...draft, value } : draft;
}

function toSlot(text: string, v: TokenView, draft: SlotDraft, role: SlotRole | undefined): Slot {
  const first = v.tokens[draft.from];
  const last = v.tokens[draft.to];
  const start = first?.start ?? 0;
  const end = last?.end ?? start;
  const value = draft.value;
  return { type: draft.type, start, end, text: text.slice(start, end), ...(value ? { value } : {}), ...(role ? { role } : {}) };
}
