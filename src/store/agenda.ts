import type { Database, Statement } from 'better-sqlite3';
import type { AgendaEntry } from '../domain/agenda';
import type { EventStatus, EventTime, Transparency } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import { floatingToInstant } from '../domain/time';
import { LONG_SPAN_MS } from './occurrences';

/** The widest gap between UTC and any zone's wall time (UTC+14 / UTC-12), plus a margin. */
const FLOATING_MARGIN_MS = 15 * 3_600_000;

interface OccurrenceRow {
  id: string;
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
  floating: number;
}

const COLUMNS = `e.id, e.calendar_id, e.series_id, o.original_start, e.title, e.location, e.status, e.transparency, e.recurring,
  e.start_zone, e.end_zone, o.start_local, o.end_local, o.start_key, o.end_key, o.floating`;

/**
 * Occurrences overlapping a range. The index scan is widened by the floating margin so all-day
 * rows (indexed by wall time) are found for any viewer zone, then each row is placed exactly.
 */
export class AgendaQuery {
  private readonly statement: Statement<{ lo: number; hi: number; from: number }, OccurrenceRow>;

  constructor(db: Database) {
    this.statement = db.prepare(
      `select ${COLUMNS} from occurrences o join events e on e.row_id = o.event_row
        where o.start_key >= @lo and o.start_key < @hi and o.end_key > @from and o.long_span = 0 and e.status != 'cancelled'
       union all
       select ${COLUMNS} from occurrences o join events e on e.row_id = o.event_row
        where o.long_span = 1 and o.end_key > @from and o.start_key < @hi and e.status != 'cancelled'`,
    );
  }

  run(range: TimeRange, viewerZone: string): AgendaEntry[] {
    const rows = this.statement.all({
      lo: range.start - LONG_SPAN_MS - FLOATING_MARGIN_MS,
      hi: range.end + FLOATING_MARGIN_MS,
      from: range.start - FLOATING_MARGIN_MS,
    });
    const entries: AgendaEntry[] = [];
    for (const row of rows) {
      const startsAt = row.floating ? floatingToInstant(row.start_key, viewerZone) : row.start_key;
      const endsAt = row.floating ? floatingToInstant(row.end_key, viewerZone) : row.end_key;
      if (startsAt < range.end && endsAt > range.start) entries.push(toEntry(row, startsAt, endsAt));
    }
    return entries.sort((a, b) => a.startsAt - b.startsAt || Number(b.allDay) - Number(a.allDay) || a.title.localeCompare(b.title));
  }
}

function toEntry(row: OccurrenceRow, startsAt: number, endsAt: number): AgendaEntry {
  const allDay = row.floating === 1;
  const start: EventTime = allDay ? { date: row.start_local } : { dateTime: row.start_local, timeZone: row.start_zone! };
  const end: EventTime = allDay ? { date: row.end_local } : { dateTime: row.end_local, timeZone: row.end_zone! };
  return {
    eventId: row.id,
    calendarId: row.calendar_id,
    ...(row.series_id !== null && { seriesId: row.series_id }),
    originalStart: row.original_start,
    title: row.title,
    ...(row.location !== null && { location: row.location }),
    status: row.status as EventStatus,
    transparency: row.transparency as Transparency,
    allDay,
    recurring: row.recurring === 1,
    start,
    end,
    startsAt,
    endsAt,
  };
}
