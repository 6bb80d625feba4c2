import type { EventStatus, EventTime, Transparency } from './event';

/** One occurrence of an event as a viewer sees it in a date range. */
export interface AgendaEntry {
  eventId: string;
  calendarId: string;
  /** For an exception of a series: the series' id. */
  seriesId?: string;
  /** Which instance of its series this is (its RECURRENCE-ID); the start itself if single. */
  originalStart: string;
  title: string;
  location?: string;
  status: EventStatus;
  transparency: Transparency;
  allDay: boolean;
  recurring: boolean;
  start: EventTime;
  end: EventTime;
  /** Instants (epoch ms) in the viewer's zone: an all-day entry spans the viewer's local day(s). */
  startsAt: number;
  endsAt: number;
}
