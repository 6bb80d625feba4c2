import { z } from 'zod';
import {
  AttendeeSchema,
  CalendarEventSchema,
  CalendarSchema,
  EventStatusSchema,
  EventTimeSchema,
  OrganizerSchema,
  RecurrenceSchema,
  TransparencySchema,
  type CalendarEvent,
} from '../domain/event';

/**
 * Named mutations: the only way an event changes, locally or on the server (DESIGN.md §5). Each
 * carries a client mutation id so the server can apply it once however often it is pushed, and
 * names the fields it touches so concurrent edits of different fields both survive a merge.
 */

/** `null` clears an optional field; an absent key leaves it as it is. */
export const EventPatchSchema = z
  .object({
    title: z.string(),
    location: z.string().nullable(),
    description: z.string().nullable(),
    attendees: z.array(AttendeeSchema),
    organizer: OrganizerSchema.nullable(),
    status: EventStatusSchema,
    transparency: TransparencySchema,
    recurrence: RecurrenceSchema.nullable(),
    calendarId: z.string().min(1),
  })
  .partial()
  .strict();

const envelope = {
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  /**
   * The server version of the event this device had when it made the change (absent for a new
   * event). A field changed on the server after it belongs to another device's edit: see the
   * conflict rule in docs/sync.md.
   */
  baseVersion: z.number().int().nonnegative().optional(),
};

export const CreateEventMutationSchema = z.object({
  ...envelope,
  name: z.literal('createEvent'),
  args: z.object({ event: CalendarEventSchema }),
});

export const UpdateEventMutationSchema = z.object({
  ...envelope,
  name: z.literal('updateEvent'),
  args: z.object({ eventId: z.string().min(1), patch: EventPatchSchema }),
});

export const MoveEventMutationSchema = z.object({
  ...envelope,
  name: z.literal('moveEvent'),
  args: z.object({ eventId: z.string().min(1), start: EventTimeSchema, end: EventTimeSchema }),
});

export const DeleteEventMutationSchema = z.object({
  ...envelope,
  name: z.literal('deleteEvent'),
  args: z.object({ eventId: z.string().min(1) }),
});

export const PutCalendarMutationSchema = z.object({
  ...envelope,
  name: z.literal('putCalendar'),
  args: z.object({ calendar: CalendarSchema }),
});

export const MutationSchema = z.discriminatedUnion('name', [
  CreateEventMutationSchema,
  UpdateEventMutationSchema,
  MoveEventMutationSchema,
  DeleteEventMutationSchema,
  PutCalendarMutationSchema,
]);

export type EventPatch = z.infer<typeof EventPatchSchema>;
export type Mutation = z.infer<typeof MutationSchema>;
export type MutationName = Mutation['name'];
export type EventMutation = Exclude<Mutation, { name: 'putCalendar' }>;
/** An event mutation before it gets its id, timestamp and base version. */
export type MutationIntent = EventMutation extends infer M ? (M extends EventMutation ? Pick<M, 'name' | 'args'> : never) : never;

export function eventIdOf(mutation: MutationIntent): string {
  return mutation.name === 'createEvent' ? mutation.args.event.id : mutation.args.eventId;
}

export function applyPatch(event: CalendarEvent, patch: EventPatch): CalendarEvent {
  const next: CalendarEvent = { ...event };
  for (const [key, value] of Object.entries(patch) as [keyof EventPatch, unknown][]) {
    if (value === null) delete (next as Record<string, unknown>)[key];
    else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

/**
 * The state of one event after a mutation: `undefined` means it does not exist. A mutation of an
 * event that is not there is a no-op here; the caller decides whether that is an error.
 */
export function applyMutation(current: CalendarEvent | undefined, mutation: MutationIntent): CalendarEvent | undefined {
  switch (mutation.name) {
    case 'createEvent':
      return mutation.args.event;
    case 'updateEvent':
      return current && applyPatch(current, mutation.args.patch);
    case 'moveEvent':
      return current && { ...current, start: mutation.args.start, end: mutation.args.end };
    case 'deleteEvent':
      return undefined;
  }
}

const PATCHABLE_FIELDS = Object.keys(EventPatchSchema.shape) as (keyof EventPatch)[];

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The smallest mutations that take an event from state `from` to state `to` (`undefined`: absent).
 * Undo is this with the states swapped; an edit is expressed field by field, never as
 * delete-and-recreate, so a merge on the server keeps other devices' edits of other fields.
 */
export function mutationsBetween(from: CalendarEvent | undefined, to: CalendarEvent | undefined): MutationIntent[] {
  if (!to) return from ? [{ name: 'deleteEvent', args: { eventId: from.id } }] : [];
  if (!from) return [{ name: 'createEvent', args: { event: to } }];
  const mutations: MutationIntent[] = [];
  if (!sameValue(from.start, to.start) || !sameValue(from.end, to.end)) {
    mutations.push({ name: 'moveEvent', args: { eventId: to.id, start: to.start, end: to.end } });
  }
  const patch: Record<string, unknown> = {};
  for (const field of PATCHABLE_FIELDS) {
    if (!sameValue(from[field], to[field])) patch[field] = to[field] ?? null;
  }
  if (Object.keys(patch).length > 0) mutations.push({ name: 'updateEvent', args: { eventId: to.id, patch: patch as EventPatch } });
  return mutations;
}
