import type { AgendaEntry } from '../domain/agenda';
import type { Calendar, CalendarEvent } from '../domain/event';
import { localForm } from '../domain/event';
import { instantToLocal, localToInstant } from '../domain/time';
import { DateTime } from 'luxon';

/** Short ids are what people type back: the first 8 characters are unique in practice. */
export const shortId = (id: string) => id.slice(0, 8);

function dayHeading(localDate: string): string {
  return DateTime.fromISO(localDate).toFormat('ccc d LLL yyyy');
}

function clock(instant: number, zone: string): string {
  return instantToLocal(instant, zone).slice(11, 16);
}

/** An agenda grouped by the viewer's local day, one line per occurrence. */
export function formatAgenda(entries: readonly AgendaEntry[], zone: string, from: number, to: number): string {
  if (entries.length === 0) {
    return `Nothing scheduled between ${instantToLocal(from, zone).replace('T', ' ').slice(0, 16)} and ${instantToLocal(to, zone).replace('T', ' ').slice(0, 16)} (${zone}).`;
  }
  const lines: string[] = [];
  let currentDay = '';
  for (const entry of entries) {
    const day = instantToLocal(Math.max(entry.startsAt, from), zone).slice(0, 10);
    if (day !== currentDay) {
      if (lines.length > 0) lines.push('');
      lines.push(dayHeading(day));
      currentDay = day;
    }
    const when = entry.allDay ? 'all day    ' : `${clock(entry.startsAt, zone)}–${clock(entry.endsAt, zone)}`;
    const repeat = entry.recurring ? ' ↻' : '';
    const where = entry.location ? `  @ ${entry.location}` : '';
    lines.push(`  ${when}  ${entry.title}${repeat}${where}  [${shortId(entry.eventId)}]`);
  }
  return lines.join('\n');
}

/** "Thu 3 Dec 2026 09:00–10:00 (Europe/Berlin)" or "Thu 3 Dec 2026, all day". */
export function describeWhen(event: CalendarEvent): string {
  if ('date' in event.start) {
    return `${dayHeading(event.start.date)}, all day`;
  }
  const zone = event.start.timeZone;
  const start = localToInstant(event.start.dateTime, zone);
  const end = 'dateTime' in event.end ? localToInstant(event.end.dateTime, event.end.timeZone) : start;
  return `${dayHeading(localForm(event.start).slice(0, 10))} ${clock(start, zone)}–${clock(end, zone)} (${zone})`;
}

export function formatCalendars(calendars: readonly Calendar[]): string {
  return calendars.map((c) => `${c.name}${c.readOnly ? ' (read-only)' : ''}  ${c.timeZone}  [${c.id}]`).join('\n');
}
