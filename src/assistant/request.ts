import type { Command, Intent, Slot, When } from '../nlu/command';
import type { TimeRange } from '../domain/ranges';
import { addDaysToLocalDate, instantToLocal, localToInstant } from '../domain/time';
import type { EventKind } from './config';

/** What the person said about an existing event, ready to match against the cache. */
export interface ReferenceQuery {
  text: string;
  titleWords: string[];
  attendees: string[];
  /** The days the words named for the event ("on wednesday", "this week's"), intersected. */
  window?: TimeRange;
  /** A clock time named for the event ("my three pm"), HH:mm in the user's zone. */
  time?: string;
  ordinal?: 'next' | 'last' | 'all';
}

/** The time a command asks for: a new event's time, a move's target, a search window. */
export interface TargetTime {
  when: When;
  /** False for a bare clock time ("to ten thirty"), which keeps the event's own day. */
  hasDate: boolean;
  hasTime: boolean;
  /** "before friday": the window ends where `when` starts. */
  before: boolean;
}

export type Scope = 'instance' | 'series';

/**
 * The assistant's reading of a Command: the parts each planner needs, with spans and slot
 * bookkeeping left behind. Plain data, so a pending question can be kept (and logged) as JSON and
 * amended by the next utterance ("make it four pm instead").
 */
export interface Request {
  text: string;
  intent: Intent;
  confidence: number;
  clarification?: string;
  reference?: ReferenceQuery;
  subject?: string;
  target?: TargetTime;
  /** A length asked for; `relative` when it changes the current one ("by fifteen minutes"). */
  duration?: { minutes: number; relative: boolean };
  /** A move by an amount ("push it back an hour"): minutes, positive is later. */
  shift?: { minutes: number };
  reminderOffset?: { minutes: number; direction: 'before' | 'after' };
  /** People to invite, remove, or meet. */
  attendees: string[];
  /** A new title ("rename ... to architecture sync"). */
  title?: string;
  location?: string;
  recurrence?: string;
  kind: EventKind;
  allDay: boolean;
  /** For a recurring event: one instance or the whole series, when the words (or a reply) said. */
  scope?: Scope;
  /** The person confirmed the guessed intent (or gave the part it lacked): the threshold is passed. */
  confirmed: boolean;
  /** The person said yes to a double booking. */
  overlapAccepted: boolean;
}

const SHRINKING = /\b(shorten|shorter|cut|trim|reduce|less)\b/;
const RELATIVE_AFTER = /^\s*(longer|shorter|more|less)\b/;
const ALL_DAY = /\ball[\s-]?day\b/;
const BEFORE_WORDS = new Set(['before', 'by']);
const PLACE_WORDS = /\b(location|place|venue|address|room)\b/;

const ofType = (slots: readonly Slot[], type: Slot['type']) => slots.filter((slot) => slot.type === type);

function lastWordBefore(text: string, offset: number): string {
  return /([\p{L}']+)\W*$/u.exec(text.slice(0, offset))?.[1]?.toLowerCase() ?? '';
}

/** Reads a Command as the planners need it, in the user's zone. */
export function readCommand(command: Command, zone: string): Request {
  const text = command.text;
  const lower = text.toLowerCase();
  const targetSlots = command.slots.filter((slot) => slot.role !== 'reference');
  const durationSlot = ofType(targetSlots, 'duration')[0];
  // The amount of a shift is how far, not how long.
  const duration = durationSlot?.value?.kind === 'duration' && !command.shift ? readDuration(lower, durationSlot, durationSlot.value.minutes) : undefined;
  const offset = ofType(command.slots, 'reminder_offset')[0]?.value;
  const target = command.when && readTarget(text, command.when, targetSlots);
  const request: Request = {
    text,
    intent: command.intent,
    confidence: command.confidence,
    ...(command.clarification !== undefined && { clarification: command.clarification }),
    ...(command.subject && { subject: command.subject.text }),
    ...(target && { target }),
    ...(duration && { duration }),
    ...(command.shift && { shift: { minutes: command.shift.minutes } }),
    ...(offset?.kind === 'reminder_offset' && { reminderOffset: { minutes: offset.minutes, direction: offset.direction } }),
    attendees: attendeesOf(command, targetSlots),
    kind: kindOf(command),
    allDay: ALL_DAY.test(lower) || (command.when !== undefined && spansDays(command.when)),
    confirmed: false,
    overlapAccepted: false,
  };
  const reference = readReference(command, zone);
  if (reference) {
    request.reference = reference;
    if (reference.ordinal === 'all') request.scope = 'series';
  }
  const location = ofType(targetSlots, 'location')[0]?.value;
  if (location?.kind === 'location') request.location = location.name;
  if (command.intent === 'update_event') readNewValue(command, request);
  const rules = ofType(targetSlots, 'recurrence').flatMap((slot) => (slot.value?.kind === 'recurrence' ? [slot.value.rrule] : []));
  const rule = rules.find((r) => r.includes('BYDAY=')) ?? rules[0];
  if (rule !== undefined) request.recurrence = rule;
  return request;
}

/**
 * What an update sets: the words from the first to the last new-title slot ("to [team] [lunch]"
 * -> "team lunch"); a place when the words say the location is what changes.
 */
function readNewValue(command: Command, request: Request): void {
  const slots = command.slots.filter((slot) => slot.role === 'target' && (slot.type === 'event_title' || slot.type === 'meal'));
  const first = slots[0];
  const last = slots.at(-1);
  if (!first || !last) return;
  const value = command.text.slice(first.start, last.end);
  if (request.location === undefined && PLACE_WORDS.test(command.text.slice(0, first.start).toLowerCase())) request.location = value;
  else request.title = value;
}

function readDuration(lower: string, slot: Slot, minutes: number): Request['duration'] {
  const relative = lastWordBefore(lower, slot.start) === 'by' || RELATIVE_AFTER.test(lower.slice(slot.end));
  return { minutes: relative && SHRINKING.test(lower) ? -minutes : minutes, relative };
}

function readTarget(text: string, when: When, slots: readonly Slot[]): TargetTime {
  const temporal = slots.filter((slot) => slot.type === 'date' || slot.type === 'time' || slot.type === 'time_of_day' || slot.type === 'recurrence');
  const dates = temporal.filter((slot) => slot.type === 'date' || slot.type === 'recurrence');
  const times = temporal.filter((slot) => slot.type === 'time');
  // A structured Command from elsewhere may carry a window without the slots behind it: trust its grain.
  const fromGrain = temporal.length === 0;
  const firstDate = dates[0];
  return {
    when,
    hasDate: fromGrain ? when.grain !== 'minute' && when.grain !== 'hour' : dates.length > 0 || times.some((slot) => slot.value?.kind === 'time' && slot.value.dateTime !== undefined),
    hasTime: fromGrain ? when.grain === 'minute' || when.grain === 'hour' : times.length > 0,
    before: firstDate !== undefined && BEFORE_WORDS.has(lastWordBefore(text, firstDate.start)),
  };
}

function spansDays(when: When): boolean {
  return when.allDay && when.end !== undefined && Date.parse(when.end) - Date.parse(when.start) > 25 * 3_600_000;
}

function attendeesOf(command: Command, targetSlots: readonly Slot[]): string[] {
  const changingPeople = command.intent === 'add_attendees' || command.intent === 'remove_attendees';
  const names = ofType(targetSlots, 'attendee').flatMap((slot) => {
    if (slot.value?.kind !== 'attendee') return [];
    // A relation ("call mom") is part of what a new event is about, not someone to invite.
    return changingPeople || slot.value.attendee === 'person' ? [slot.value.name] : [];
  });
  return [...new Set(names)];
}

function kindOf(command: Command): EventKind {
  if (command.intent === 'block_focus_time') return 'focus';
  if (command.intent === 'create_reminder') return 'reminder';
  const meal = ofType(command.slots, 'meal')[0]?.value;
  if (meal?.kind === 'meal') return meal.meal;
  return /\bcall\b/.test((command.subject?.text ?? '').toLowerCase()) ? 'call' : 'meeting';
}

/**
 * The event a command names. A reminder whose offset counts from an event the parser left in its
 * subject ("remind me about the dentist appointment an hour before") names that event.
 */
function readReference(command: Command, zone: string): ReferenceQuery | undefined {
  const reference = command.reference;
  if (!reference) {
    if (command.intent !== 'create_reminder' || !ofType(command.slots, 'reminder_offset').length) return undefined;
    const titles = ofType(command.slots, 'event_title').filter((slot) => slot.role === undefined);
    if (titles.length === 0) return undefined;
    return { text: titles.map((slot) => slot.text).join(' '), titleWords: titles.flatMap((slot) => slot.text.toLowerCase().split(/\s+/)), attendees: [] };
  }
  const slots = command.slots.filter((slot) => slot.role === 'reference');
  const query: ReferenceQuery = { text: reference.text, titleWords: reference.titleWords, attendees: reference.attendees };
  if (reference.ordinal) query.ordinal = reference.ordinal;
  const window = dayWindow(slots, zone) ?? (slots.length === 0 && reference.when ? whenWindow(reference.when, zone) : undefined);
  if (window) query.window = window;
  const time = ofType(slots, 'time')[0]?.value;
  if (time?.kind === 'time') query.time = time.time;
  else if (slots.length === 0 && reference.when && !reference.when.allDay && reference.when.end === undefined) query.time = instantToLocal(Date.parse(reference.when.start), zone).slice(11, 16);
  return query;
}

/**
 * An event described by every slot of an utterance, for a reply to "which event do you mean?"
 * ("the design review", "the one on friday", "my three pm with dana").
 */
export function describedEvent(command: Command, zone: string): ReferenceQuery | undefined {
  const words = command.slots.filter((slot) => slot.type === 'event_title' || slot.type === 'meal').flatMap((slot) => slot.text.toLowerCase().split(/\s+/));
  const attendees = command.slots.flatMap((slot) => (slot.value?.kind === 'attendee' ? [slot.value.name] : []));
  const window = dayWindow(command.slots, zone);
  const time = ofType(command.slots, 'time')[0]?.value;
  if (words.length === 0 && attendees.length === 0 && !window && time?.kind !== 'time') return undefined;
  return {
    text: command.slots.map((slot) => slot.text).join(' '),
    titleWords: words,
    attendees,
    ...(window && { window }),
    ...(time?.kind === 'time' && { time: time.time }),
  };
}

/** The days every date slot names, intersected: "this week's standup on thursday" is Thursday. */
function dayWindow(slots: readonly Slot[], zone: string): TimeRange | undefined {
  let window: TimeRange | undefined;
  for (const slot of ofType(slots, 'date')) {
    if (slot.value?.kind !== 'date') continue;
    const range = { start: localToInstant(slot.value.start, zone), end: localToInstant(slot.value.end, zone) };
    window = window ? { start: Math.max(window.start, range.start), end: Math.min(window.end, range.end) } : range;
  }
  return window && window.end > window.start ? window : undefined;
}

function whenWindow(when: When, zone: string): TimeRange {
  const start = Date.parse(when.start);
  if (when.end !== undefined) return { start, end: Date.parse(when.end) };
  const day = instantToLocal(start, zone).slice(0, 10);
  return { start: localToInstant(day, zone), end: localToInstant(addDaysToLocalDate(day, 1), zone) };
}
