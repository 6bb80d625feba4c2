import type { Database, Statement } from 'better-sqlite3';
import type { AgendaEntry } from '../domain/agenda';
import type { EventStatus, EventTime, Transparency } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import { floatingToInstant } from '../domain/time';
import { SPAN_CLASSES, UNBOUNDED_SPAN_CLASS } from './occurrences';

/** The widest gap between UTC and any zone's wall time (UTC+14 / UTC-12), plus a margin. */
const FLOATING_MARGIN_MS = 15 * 3_600_000;

/** Rows come back as arrays (better-sqlite3's raw mode): building keyed objects costs a third of the query. */
type OccurrenceRow = [
  eventId: string,
  calendarId: string,
  seriesId: string | null,
  originalStart: string,
  title: string,
  location: string | null,
  status: string,
  transparency: string,
  recurring: number,
  startZone: string | null,
  endZone: string | null,
  startLocal: string,
  endLocal: string,
  startKey: number,
  endKey: number,
];

const COLUMNS = `event_id, calendar_id, series_id, original_start, title, location, status, transparency, recurring,
  start_zone, end_zone, start_local, end_local, start_key, end_key`;

/** One range scan per span class: each looks back from the range's start by that class's longest span. */
function boundedScan(spanClass: (typeof SPAN_CLASSES)[number]): string {
  const margin = spanClass.floating ? FLOATING_MARGIN_MS : 0;
  return `select ${COLUMNS} from occurrences
    where span_class = ${spanClass.id} and start_key >= @from - ${spanClass.maxSpanMs + margin} and start_key < @to + ${margin}
      and end_key > @from - ${margin} and status != 'cancelled'`;
}

/**
 * Occurrences overlapping a range. All-day rows are indexed by wall time, so their scan is widened
 * by the floating margin to find them for any viewer zone; each row is then placed exactly.
 */
export class AgendaQuery {
  private readonly statement: Statement<{ from: number; to: number }, OccurrenceRow>;

  constructor(db: Database) {
    const unbounded = `select ${COLUMNS} from occurrences indexed by occurrences_long_by_end
      where span_class = ${UNBOUNDED_SPAN_CLASS} and end_key > @from - ${FLOATING_MARGIN_MS} and start_key < @to + ${FLOATING_MARGIN_MS}
        and status != 'cancelled'`;
    this.statement = db.prepare<{ from: number; to: number }, OccurrenceRow>([...SPAN_CLASSES.map(boundedScan), unbounded].join('\nunion all\n')).raw(true);
  }

  run(range: TimeRange, viewerZone: string): AgendaEntry[] {
    // All-day rows share a handful of dates per query: place each date in the zone once.
    const placed = new Map<number, number>();
    const place = (floatingKey: number) => {
      let instant = placed.get(floatingKey);
      if (instant === undefined) placed.set(floatingKey, (instant = floatingToInstant(floatingKey, viewerZone)));
      return instant;
    };
    const entries: AgendaEntry[] = [];
    for (const row of this.statement.all({ from: range.start, to: range.end })) {
      const floating = row[9] === null;
      const startsAt = floating ? place(row[13]) : row[13];
      const endsAt = floating ? place(row[14]) : row[14];
      if (startsAt < range.end && endsAt > range.start) entries.push(toEntry(row, floating, startsAt, endsAt));
    }
    return entries.sort(byStartThenAllDayThenTitle);
  }
}

function byStartThenAllDayThenTitle(a: AgendaEntry, b: AgendaEntry): number {
  if (a.startsAt !== b.startsAt) return a.startsAt - b.startsAt;
  if (a.allDay !== b.allDay) return a.allDay ? -1 : 1;
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

function toEntry(row: OccurrenceRow, allDay: boolean, startsAt: number, endsAt: number): AgendaEntry {
  const [eventId, calendarId, seriesId, originalStart, title, location, status, transparency, recurring, startZone, endZone, startLocal, endLocal] = row;
  const start: EventTime = allDay ? { date: startLocal } : { dateTime: startLocal, timeZone: startZone! };
  const end: EventTime = allDay ? { date: endLocal } : { dateTime: endLocal, timeZone: endZone! };
  const entry: AgendaEntry = {
    eventId,
    calendarId,
    originalStart,
    title,
    status: status as EventStatus,
    transparency: transparency as Transparency,
    allDay,
    recurring: recurring === 1,
    start,
    end,
    startsAt,
    endsAt,
  };
  if (seriesId !== null) entry.seriesId = seriesId;
  if (location !== null) entry.location = location;
  return entry;
}
