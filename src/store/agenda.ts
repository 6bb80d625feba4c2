import type { Database, Statement } from 'better-sqlite3';
import type { AgendaEntry } from '../domain/agenda';
import type { EventStatus, EventTime, Transparency } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import { floatingToInstant } from '../domain/time';
import { SPAN_CLASSES, UNBOUNDED_SPAN_CLASS } from './occurrences';

/** The widest gap between UTC and any zone's wall time (UTC+14 / UTC-12), plus a margin. */
const FLOATING_MARGIN_MS = 15 * 3_600_000;

interface OccurrenceRow {
  event_id: string;
  calendar_id: string;
  series_id: string | null;
  original_start: string;
  title: string;
  location: string | null;
  status: string;
  transparency: string;
  recurring: number;
  start_zone: string | null;
  end_zone: string | null;
  start_local: string;
  end_local: string;
  start_key: number;
  end_key: number;
  span_class: number;
}

const COLUMNS = `event_id, calendar_id, series_id, original_start, title, location, status, transparency, recurring,
  start_zone, end_zone, start_local, end_local, start_key, end_key, span_class`;

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
    const unbounded = `select ${COLUMNS} from occurrences
      where span_class = ${UNBOUNDED_SPAN_CLASS} and end_key > @from - ${FLOATING_MARGIN_MS} and start_key < @to + ${FLOATING_MARGIN_MS}
        and status != 'cancelled'`;
    this.statement = db.prepare([...SPAN_CLASSES.map(boundedScan), unbounded].join('\nunion all\n'));
  }

  run(range: TimeRange, viewerZone: string): AgendaEntry[] {
    const entries: AgendaEntry[] = [];
    for (const row of this.statement.all({ from: range.start, to: range.end })) {
      const floating = row.start_zone === null;
      const startsAt = floating ? floatingToInstant(row.start_key, viewerZone) : row.start_key;
      const endsAt = floating ? floatingToInstant(row.end_key, viewerZone) : row.end_key;
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
  const start: EventTime = allDay ? { date: row.start_local } : { dateTime: row.start_local, timeZone: row.start_zone! };
  const end: EventTime = allDay ? { date: row.end_local } : { dateTime: row.end_local, timeZone: row.end_zone! };
  const entry: AgendaEntry = {
    eventId: row.event_id,
    calendarId: row.calendar_id,
    originalStart: row.original_start,
    title: row.title,
    status: row.status as EventStatus,
    transparency: row.transparency as Transparency,
    allDay,
    recurring: row.recurring === 1,
    start,
    end,
    startsAt,
    endsAt,
  };
  if (row.series_id !== null) entry.seriesId = row.series_id;
  if (row.location !== null) entry.location = row.location;
  return entry;
}
