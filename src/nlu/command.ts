import { z } from 'zod';

/**
 * The Command: what a spoken or typed request asks the assistant to do. The local parser
 * produces it; the same schema validates a Command that an LLM returns as structured output.
 */

/** Below this confidence the assistant applies nothing and asks the clarification instead. */
export const CONFIDENCE_THRESHOLD = 0.6;

export const IntentSchema = z.enum([
  'create_event',
  'create_reminder',
  'move_event',
  'change_duration',
  'cancel_event',
  'update_event',
  'add_attendees',
  'remove_attendees',
  'query_agenda',
  'query_event',
  'find_free_time',
  'block_focus_time',
  'undo',
  'unknown',
]);

export const SlotTypeSchema = z.enum([
  'date',
  'time',
  'time_of_day',
  'duration',
  'recurrence',
  'reminder_offset',
  'event_title',
  'attendee',
  'location',
  'meal',
]);

/** Whether a slot describes the event the command acts on, or what it should become. */
export const SlotRoleSchema = z.enum(['reference', 'target']);

const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const LocalTime = z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:mm');
/** An instant with its UTC offset, as the user's zone gives it: 2026-03-05T15:00:00.000-05:00. */
const OffsetDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/, 'expected an ISO date-time with offset');

export const PartOfDaySchema = z.enum(['morning', 'afternoon', 'evening', 'night', 'noon', 'midnight']);

export const SlotValueSchema = z.discriminatedUnion('kind', [
  /** A day or a run of days; `end` is exclusive. */
  z.object({ kind: z.literal('date'), start: LocalDate, end: LocalDate, grain: z.enum(['day', 'week', 'weekend', 'month', 'year']) }),
  /** A clock time, or an instant when the phrase fixes one ("in ten minutes"). */
  z.object({ kind: z.literal('time'), time: LocalTime, dateTime: OffsetDateTime.optional() }),
  z.object({ kind: z.literal('time_of_day'), part: PartOfDaySchema, from: LocalTime, to: LocalTime }),
  z.object({ kind: z.literal('duration'), minutes: z.number().positive() }),
  /** An RFC 5545 RRULE value: FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. */
  z.object({ kind: z.literal('recurrence'), rrule: z.string().min(1) }),
  z.object({ kind: z.literal('reminder_offset'), minutes: z.number().nonnegative(), direction: z.enum(['before', 'after']) }),
  z.object({ kind: z.literal('event_title'), title: z.string().min(1) }),
  /** A named person ("dana") or someone named by relation ("my boss", "mom"). */
  z.object({ kind: z.literal('attendee'), attendee: z.enum(['person', 'relation']), name: z.string().min(1) }),
  z.object({ kind: z.literal('location'), name: z.string().min(1) }),
  z.object({ kind: z.literal('meal'), meal: z.enum(['breakfast', 'brunch', 'lunch', 'dinner']) }),
]);

export const SlotSchema = z.object({
  type: SlotTypeSchema,
  /** Offsets into the original transcript, end exclusive: text === transcript.slice(start, end). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  value: SlotValueSchema.optional(),
  role: SlotRoleSchema.optional(),
});

/** A resolved time window: a timed instant or range, or whole days (`end` exclusive). */
export const WhenSchema = z.object({
  start: OffsetDateTime,
  end: OffsetDateTime.optional(),
  allDay: z.boolean(),
  /** The finest unit the words fixed: "friday" is a day, "friday at 3" a minute. */
  grain: z.enum(['minute', 'hour', 'part_of_day', 'day', 'week', 'month', 'year']),
});

/**
 * How the person referred to an event that already exists ("my 3pm with dana", "the standup",
 * "tomorrow's lunch"): what they said, for the assistant to match against the cache.
 */
export const EventReferenceSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
  titleWords: z.array(z.string()),
  attendees: z.array(z.string()),
  when: WhenSchema.optional(),
  /** "the next meeting", "my last appointment": which one of several matches is meant. */
  ordinal: z.enum(['next', 'last', 'all']).optional(),
});

export const CommandSchema = z.object({
  text: z.string(),
  intent: IntentSchema,
  confidence: z.number().min(0).max(1),
  slots: z.array(SlotSchema),
  /**
   * The existing event the command acts on (moves, cancels, updates, event queries), or the one
   * a reminder counts from ("ten minutes before the standup").
   */
  reference: EventReferenceSchema.optional(),
  /** What a new event or reminder is about, as said: "call mom", "lunch with priya". */
  subject: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), text: z.string() }).optional(),
  /** The time the command asks for: a new event's time, a move's target, a query's window. */
  when: WhenSchema.optional(),
  /**
   * A move by an amount rather than to a time ("push my ten o'clock back an hour"): minutes,
   * positive is later. The amount is also a `duration` slot with the target role.
   */
  shift: z.object({ minutes: z.number() }).optional(),
  /** What to ask the person when confidence is below CONFIDENCE_THRESHOLD. */
  clarification: z.string().optional(),
  /** The calendar the command names ("on my work calendar"): `name` is "work". */
  calendar: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), text: z.string(), name: z.string() }).optional(),
});

export type Intent = z.infer<typeof IntentSchema>;
export type SlotType = z.infer<typeof SlotTypeSchema>;
export type SlotRole = z.infer<typeof SlotRoleSchema>;
export type SlotValue = z.infer<typeof SlotValueSchema>;
export type Slot = z.infer<typeof SlotSchema>;
export type When = z.infer<typeof WhenSchema>;
export type EventReference = z.infer<typeof EventReferenceSchema>;
export type Command = z.infer<typeof CommandSchema>;
