import type { CalendarEvent } from '../../src/domain/event';

/** A one-hour event on 3 December 2026 at 09:00 in Berlin, in the personal calendar, or whatever `extra` changes. */
export function personalEvent(id: string, title: string, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id,
    calendarId: 'personal',
    title,
    start: { dateTime: '2026-12-03T09:00:00', timeZone: 'Europe/Berlin' },
    end: { dateTime: '2026-12-03T10:00:00', timeZone: 'Europe/Berlin' },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    ...extra,
  };
}
