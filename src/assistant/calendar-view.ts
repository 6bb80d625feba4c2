import type { AgendaEntry } from '../domain/agenda';
import type { CalendarEvent } from '../domain/event';
import { isBusy, type TimeRange } from '../domain/ranges';
import type { CalendarStore } from '../store';
import type { Occurrence } from './plan';

export function occurrenceOf(entry: AgendaEntry): Occurrence {
  const seriesId = entry.seriesId ?? (entry.recurring ? entry.eventId : undefined);
  return {
    eventId: entry.eventId,
    ...(seriesId !== undefined && { seriesId }),
    originalStart: entry.originalStart,
    title: entry.title,
    start: entry.start,
    end: entry.end,
    startsAt: entry.startsAt,
    endsAt: entry.endsAt,
    allDay: entry.allDay,
    ...(entry.location !== undefined && { location: entry.location }),
  };
}

/**
 * The cache as one assistant turn reads it, in the user's zone: occurrences of a window, which of
 * them block time, and whole events (read once per turn, as several instances share one).
 */
export class CalendarView {
  private readonly events = new Map<string, CalendarEvent | undefined>();

  constructor(
    readonly store: CalendarStore,
    readonly zone: string,
    /** The turn's now: nothing here reads the system clock. */
    readonly now: number,
  ) {}

  occurrences(range: TimeRange): Occurrence[] {
    return this.store.agenda(range, this.zone).map(occurrenceOf);
  }

  /** The occurrences that block time in a window (confirmed or tentative, and opaque). */
  busy(range: TimeRange, ignore: (occurrence: Occurrence) => boolean = () => false): Occurrence[] {
    return this.store
      .agenda(range, this.zone)
      .filter((entry) => isBusy(entry))
      .map(occurrenceOf)
      .filter((occurrence) => !ignore(occurrence));
  }

  event(id: string): CalendarEvent | undefined {
    if (!this.events.has(id)) this.events.set(id, this.store.getEvent(id));
    return this.events.get(id);
  }

  requireEvent(id: string): CalendarEvent {
    const event = this.event(id);
    if (!event) throw new Error(`the event ${id} is no longer in the calendar`);
    return event;
  }
}
