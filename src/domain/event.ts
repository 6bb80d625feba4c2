import { z } from 'zod';
import { isValidLocalDate, isValidLocalDateTime, isValidTimeZone } from './time';

/**
 * A wall-clock time in a named zone. Events keep local time plus zone (not an instant) so a
 * weekly 09:00 meeting stays at 09:00 local across DST changes, as RFC 5545 requires.
 */
export const TimedSchema = z.object({
  dateTime: z.string().refine(isValidLocalDateTime, 'expected a local date-time YYYY-MM-DDTHH:mm[:ss]'),
  timeZone: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin'),
});

/** An all-day boundary: a floating date, shown on that date in whatever zone the viewer is in. */
export const AllDaySchema = z.object({
  date: z.string().refine(isValidLocalDate, 'expected a date YYYY-MM-DD'),
});

export const EventTimeSchema = z.union([TimedSchema, AllDaySchema]);

export const AttendeeSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  response: z.enum(['needsAction', 'accepted', 'declined', 'tentative']).default('needsAction'),
  optional: z.boolean().default(false),
});

export const OrganizerSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
});

export const RecurrenceSchema = z.object({
  /** The RRULE value, e.g. `FREQ=WEEKLY;BYDAY=MO,WE`. */
  rule: z.string().min(1),
  /** Excluded instances, by their original local start (same form as the series start). */
  exdates: z.array(z.string()).default([]),
});

export const EventStatusSchema = z.enum(['confirmed', 'tentative', 'cancelled']);
export const TransparencySchema = z.enum(['opaque', 'transparent']);

export const CalendarEventSchema = z.object({
  id: z.string().min(1),
  calendarId: z.string().min(1),
  title: z.string(),
  start: EventTimeSchema,
  end: EventTimeSchema,
  location: z.string().optional(),
  description: z.string().optional(),
  attendees: z.array(AttendeeSchema).default([]),
  organizer: OrganizerSchema.optional(),
  status: EventStatusSchema.default('confirmed'),
  transparency: TransparencySchema.default('opaque'),
  recurrence: RecurrenceSchema.optional(),
  /**
   * Set on an exception of a recurring series: the master's id and the original local start of
   * the instance it replaces (iCalendar's RECURRENCE-ID).
   */
  seriesId: z.string().optional(),
  originalStart: z.string().optional(),
});

export const CalendarSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  color: z.string().optional(),
  timeZone: z.string().refine(isValidTimeZone, 'expected an IANA time zone'),
  readOnly: z.boolean().default(false),
});

export type Timed = z.infer<typeof TimedSchema>;
export type AllDay = z.infer<typeof AllDaySchema>;
export type EventTime = z.infer<typeof EventTimeSchema>;
export type Attendee = z.infer<typeof AttendeeSchema>;
export type Organizer = z.infer<typeof OrganizerSchema>;
export type Recurrence = z.infer<typeof RecurrenceSchema>;
export type EventStatus = z.infer<typeof EventStatusSchema>;
export type Transparency = z.infer<typeof TransparencySchema>;
export type CalendarEvent = z.infer<typeof CalendarEventSchema>;
export type Calendar = z.infer<typeof CalendarSchema>;

export function isAllDayTime(time: EventTime): time is AllDay {
  return 'date' in time;
}

export function isAllDay(event: Pick<CalendarEvent, 'start'>): boolean {
  return isAllDayTime(event.start);
}

export function isRecurring(event: Pick<CalendarEvent, 'recurrence'>): boolean {
  return event.recurrence !== undefined;
}

/** The local form of an event time: `YYYY-MM-DD` for all-day, `YYYY-MM-DDTHH:mm:ss` for timed. */
export function localForm(time: EventTime): string {
  return isAllDayTime(time) ? time.date : time.dateTime;
}
