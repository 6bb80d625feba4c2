import type { CalendarEvent, EventTime } from '../domain/event';
import { isAllDayTime } from '../domain/event';
import { floatingMs, instantToLocal, localToInstant } from '../domain/time';
import { mutationsBetween, type MutationIntent } from '../sync/mutations';
import type { CalendarView } from './calendar-view';
import type { Occurrence } from './plan';
import type { Scope } from './request';


/** The fields an edit may give an event besides its times. */
export type EventFields = Partial<Pick<CalendarEvent, 'title' | 'location' | 'attendees' | 'status'>>;

export interface Edit {
  /** The instance's new start and end (for a series: of the instance the person pointed at). */
  start?: EventTime;
  end?: EventTime;
  fields?: EventFields;
}

/** A wall time in a zone for an instant. */
export function timedAt(instant: number, zone: string): EventTime {
  return { dateTime: instantToLocal(instant, zone), timeZone: zone };
}

/** The zone an event keeps its times in; an all-day event's is the viewer's. */
export function zoneOfTime(time: EventTime, fallback: string): string {
  return isAllDayTime(time) ? fallback : time.timeZone;
}

function withFields(event: CalendarEvent, edit: Edit): CalendarEvent {
  return { ...event, ...edit.fields, ...(edit.start && { start: edit.start }), ...(edit.end && { end: edit.end }) };
}

/** What an exception copies from its series: everything but the rule and the times. */
function exceptionOf(master: CalendarEvent, occurrence: Occurrence, id: string): CalendarEvent {
  const { recurrence: _rule, id: _id, ...fields } = master;
  return { ...fields, id, start: occurrence.start, end: occurrence.end, seriesId: master.id, originalStart: occurrence.originalStart };
}

const isException = (occurrence: Occurrence) => occurrence.seriesId !== undefined && occurrence.seriesId !== occurrence.eventId;

/**
 * The mutations that change one occurrence, or its whole series. One instance of a series becomes
 * an exception (its own event with `seriesId` and `originalStart`), or the exception it already
 * is changes; never a new unrelated event. A whole series changes its master; when its time of
 * day moves, its excluded dates and the exceptions' RECURRENCE-IDs move with it, so they still
 * name the instances they stood for.
 */
export function editMutations(view: CalendarView, occurrence: Occurrence, scope: Scope | undefined, edit: Edit, newId: () => string): MutationIntent[] {
  if (occurrence.seriesId === undefined || isException(occurrence) && scope !== 'series') {
    const event = view.requireEvent(occurrence.eventId);
    return mutationsBetween(event, withFields(event, edit));
  }
  const master = view.requireEvent(occurrence.seriesId);
  if (scope !== 'series') {
    return [{ name: 'createEvent', args: { event: withFields(exceptionOf(master, occurrence, newId()), edit) } }];
  }
  return seriesMutations(view, master, occurrence, edit, newId);
}

function seriesMutations(view: CalendarView, master: CalendarEvent, occurrence: Occurrence, edit: Edit, newId: () => string): MutationIntent[] {
  const next: CalendarEvent = { ...master, ...edit.fields };
  const mutations: MutationIntent[] = [];
  if (edit.start && edit.end && !isAllDayTime(master.start) && !isAllDayTime(master.end) && !isAllDayTime(edit.start) && !isAllDayTime(edit.end)) {
    const shiftMs = floatingMs(edit.start.dateTime) - floatingMs(occurrence.originalStart);
    const lengthMs = localToInstant(edit.end.dateTime, edit.end.timeZone) - localToInstant(edit.start.dateTime, edit.start.timeZone);
    const shift = (local: string) => new Date(floatingMs(local) + shiftMs).toISOString().slice(0, 19);
    const start = shift(master.start.dateTime);
    next.start = { dateTime: start, timeZone: master.start.timeZone };
    next.end = timedAt(localToInstant(start, master.start.timeZone) + lengthMs, master.end.timeZone);
    if (shiftMs !== 0 && master.recurrence) {
      next.recurrence = { ...master.recurrence, exdates: master.recurrence.exdates.map(shift) };
      // An exception's RECURRENCE-ID cannot be patched: it is replaced by a copy under a new id.
      for (const exception of view.store.exceptionsOf(master.id)) {
        mutations.push({ name: 'deleteEvent', args: { eventId: exception.id } });
        mutations.push({ name: 'createEvent', args: { event: { ...exception, id: newId(), originalStart: shift(exception.originalStart!) } } });
      }
    }
  }
  return [...mutationsBetween(master, next), ...mutations];
}

/**
 * The mutations that cancel one occurrence or its whole series. A single event or a whole series
 * is deleted (the store takes the exceptions with their master). One instance of a series becomes
 * a cancelled exception, as Google Calendar records it: one new row, where an excluded date on the
 * master would make the store rematerialise every instance of the series.
 */
export function cancelMutations(view: CalendarView, occurrence: Occurrence, scope: Scope | undefined, newId: () => string): MutationIntent[] {
  if (occurrence.seriesId === undefined) return [{ name: 'deleteEvent', args: { eventId: occurrence.eventId } }];
  if (scope === 'series') return [{ name: 'deleteEvent', args: { eventId: occurrence.seriesId } }];
  return editMutations(view, occurrence, 'instance', { fields: { status: 'cancelled' } }, newId);
}
