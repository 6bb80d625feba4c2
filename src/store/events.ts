import type { Database, Statement } from 'better-sqlite3';
import { CalendarEventSchema, type CalendarEvent } from '../domain/event';
import { eventProblems } from '../domain/validate';
import { StoreError } from './errors';
import { OccurrenceWriter } from './occurrences';

interface EventRow {
  row_id: number;
  data: string;
}

/** The shortest id prefix a person may type in place of a whole event id. */
export const MIN_ID_PREFIX = 4;

/**
 * Events as stored: the full event as JSON (the source of truth) plus the columns that queries
 * filter and list by, and the materialised occurrences kept in step on every write.
 */
export class EventRepository {
  private readonly byId: Statement<[string], EventRow | undefined>;
  private readonly idsByPrefix: Statement<[string], string>;
  private readonly upsert: Statement;
  private readonly deleteById: Statement;
  private readonly rowIdOf: Statement<[string], number | undefined>;
  private readonly idOfRowId: Statement<[number], string | undefined>;
  private readonly exceptionsOf: Statement<[string], string>;
  private readonly mastersBehind: Statement<[number], EventRow>;
  private readonly syncState: Statement<[string], { confirmed: string | null; server_version: number | null } | undefined>;
  private readonly setSyncState: Statement;
  private readonly occurrences: OccurrenceWriter;

  constructor(db: Database) {
    this.byId = db.prepare<[string], EventRow | undefined>('select row_id, data from events where id = ?');
    this.idsByPrefix = db.prepare<[string], string>("select id from events where id like ? escape '\\' order by id limit 2").pluck();
    this.upsert = db.prepare(
      `insert into events (id, calendar_id, series_id, original_start, recurring, data, updated_at)
       values (@id, @calendarId, @seriesId, @originalStart, @recurring, @data, @updatedAt)
       on conflict(id) do update set calendar_id = excluded.calendar_id, series_id = excluded.series_id, original_start = excluded.original_start,
         recurring = excluded.recurring, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.deleteById = db.prepare('delete from events where id = ?');
    this.rowIdOf = db.prepare<[string], number | undefined>('select row_id from events where id = ?').pluck();
    this.idOfRowId = db.prepare<[number], string | undefined>('select id from events where row_id = ?').pluck();
    this.exceptionsOf = db.prepare<[string], string>('select id from events where series_id = ?').pluck();
    this.mastersBehind = db.prepare<[number], EventRow>(
      'select row_id, data from events where recurring = 1 and expanded_until < ?',
    );
    this.syncState = db.prepare<[string], { confirmed: string | null; server_version: number | null } | undefined>(
      'select confirmed, server_version from events where id = ?',
    );
    this.setSyncState = db.prepare('update events set confirmed = ?, server_version = ? where id = ?');
    this.occurrences = new OccurrenceWriter(db);
  }

  get(id: string): CalendarEvent | undefined {
    const row = this.byId.get(id);
    return row && (JSON.parse(row.data) as CalendarEvent);
  }

  require(id: string): CalendarEvent {
    const event = this.get(id);
    if (!event) throw new StoreError('not-found', `no event with id "${id}"`);
    return event;
  }

  /** The full id of the one event whose id is, or starts with, `key`. */
  resolveId(key: string): string {
    if (this.byId.get(key)) return key;
    if (key.length < MIN_ID_PREFIX) throw new StoreError('not-found', `no event with id "${key}"`);
    const matches = this.idsByPrefix.all(`${key.replace(/[\\%_]/g, '\\$&')}%`);
    if (matches.length === 0) throw new StoreError('not-found', `no event with id "${key}"`);
    if (matches.length > 1) throw new StoreError('not-found', `"${key}" matches more than one event; give more of the id`);
    return matches[0]!;
  }

  exceptionIds(seriesId: string): string[] {
    return this.exceptionsOf.all(seriesId);
  }

  rowId(id: string): number | undefined {
    return this.rowIdOf.get(id);
  }

  /** The server's confirmed state of the event and its version there, where known. */
  confirmed(id: string): { event: CalendarEvent | undefined; version: number | undefined } {
    const row = this.syncState.get(id);
    return {
      event: row?.confirmed ? (JSON.parse(row.confirmed) as CalendarEvent) : undefined,
      version: row?.server_version ?? undefined,
    };
  }

  setConfirmed(id: string, event: CalendarEvent | undefined, version: number): void {
    this.setSyncState.run(event ? JSON.stringify(event) : null, version, id);
  }

  idOfRow(rowId: number): string | undefined {
    return this.idOfRowId.get(rowId);
  }

  put(input: CalendarEvent, horizonFloating: number, now: number): CalendarEvent {
    const parsed = CalendarEventSchema.safeParse(input);
    if (!parsed.success) throw new StoreError('invalid', `invalid event: ${parsed.error.issues[0]?.message ?? 'unknown problem'}`);
    const event = parsed.data;
    const problems = eventProblems(event);
    if (problems.length > 0) throw new StoreError('invalid', `invalid event "${event.title}": ${problems.join('; ')}`);
    this.upsert.run({
      id: event.id,
      calendarId: event.calendarId,
      seriesId: event.seriesId ?? null,
      originalStart: event.originalStart ?? null,
      recurring: event.recurrence ? 1 : 0,
      data: JSON.stringify(event),
      updatedAt: now,
    });
    this.occurrences.write(this.rowId(event.id)!, event, horizonFloating);
    return event;
  }

  /** Deletes an event (a series takes its exceptions with it); a deleted exception gives its instance back to the series. */
  remove(id: string, horizonFloating: number): CalendarEvent {
    const event = this.require(id);
    this.deleteById.run(id);
    if (event.seriesId) {
      const master = this.byId.get(event.seriesId);
      if (master) this.occurrences.write(master.row_id, JSON.parse(master.data) as CalendarEvent, horizonFloating);
    }
    return event;
  }

  /** Expands every series whose instances stop short of `horizonFloating`. */
  extendSeries(horizonFloating: number): void {
    for (const row of this.mastersBehind.all(horizonFloating)) {
      this.occurrences.write(row.row_id, JSON.parse(row.data) as CalendarEvent, horizonFloating);
    }
  }
}
