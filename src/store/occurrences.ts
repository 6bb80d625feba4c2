import type { Database, Statement } from 'better-sqlite3';
import { isAllDayTime, type CalendarEvent } from '../domain/event';
import { DEFAULT_MAX_INSTANCES, expandEvent, type Instance } from '../domain/recurrence';
import { floatingMs, localToInstant } from '../domain/time';

const HOUR_MS = 3_600_000;

/**
 * Occurrences are grouped by how long they last, so a query for a range need only look back
 * from its start by the longest span of each group. The last group has no bound and is found
 * through its end instead; it holds the rare instances longer than a day (timed) or three days.
 */
export const SPAN_CLASSES = [
  { id: 0, floating: false, maxSpanMs: 4 * HOUR_MS },
  { id: 1, floating: false, maxSpanMs: 24 * HOUR_MS },
  { id: 2, floating: true, maxSpanMs: 72 * HOUR_MS },
] as const;
export const UNBOUNDED_SPAN_CLASS = 3;

function spanClassOf(floating: boolean, spanMs: number): number {
  return SPAN_CLASSES.find((c) => c.floating === floating && spanMs <= c.maxSpanMs)?.id ?? UNBOUNDED_SPAN_CLASS;
}

/**
 * Writes the materialised instances of events. A recurring master is expanded up to the cache's
 * horizon, leaving out instances that an exception replaces; an exception writes its own row
 * and removes the master's row for the instance it stands in for.
 */
export class OccurrenceWriter {
  private readonly insert: Statement;
  private readonly clear: Statement;
  private readonly clearInstance: Statement;
  private readonly exceptionStarts: Statement;
  private readonly setExpandedUntil: Statement;

  constructor(db: Database) {
    this.insert = db.prepare(
      `insert or replace into occurrences (span_class, start_key, event_row, original_start, end_key, start_local, end_local,
         event_id, calendar_id, series_id, title, location, status, transparency, recurring, start_zone, end_zone)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.clear = db.prepare('delete from occurrences where event_row = ?');
    this.clearInstance = db.prepare(
      'delete from occurrences where original_start = ? and event_row = (select row_id from events where id = ?)',
    );
    this.exceptionStarts = db.prepare('select original_start from events where series_id = ?').pluck();
    this.setExpandedUntil = db.prepare('update events set expanded_until = ? where row_id = ?');
  }

  write(rowId: number, event: CalendarEvent, horizonFloating: number): void {
    this.clear.run(rowId);
    if (event.seriesId !== undefined && event.originalStart !== undefined) {
      this.clearInstance.run(event.originalStart, event.seriesId);
      this.insertInstance(rowId, event, { originalStart: event.originalStart, start: event.start, end: event.end });
      return;
    }
    const replaced = event.recurrence ? new Set(this.exceptionStarts.all(event.id) as string[]) : new Set<string>();
    for (const instance of expandEvent(event, { horizonFloating, maxInstances: DEFAULT_MAX_INSTANCES })) {
      if (!replaced.has(instance.originalStart)) this.insertInstance(rowId, event, instance);
    }
    this.setExpandedUntil.run(event.recurrence ? horizonFloating : null, rowId);
  }

  private insertInstance(rowId: number, event: CalendarEvent, instance: Instance): void {
    const { start, end } = instance;
    const floating = isAllDayTime(start);
    const startKey = isAllDayTime(start) ? floatingMs(start.date) : localToInstant(start.dateTime, start.timeZone);
    const endKey = isAllDayTime(end) ? floatingMs(end.date) : localToInstant(end.dateTime, end.timeZone);
    this.insert.run(
      spanClassOf(floating, endKey - startKey),
      startKey,
      rowId,
      instance.originalStart,
      endKey,
      isAllDayTime(start) ? start.date : start.dateTime,
      isAllDayTime(end) ? end.date : end.dateTime,
      event.id,
      event.calendarId,
      event.seriesId ?? null,
      event.title,
      event.location ?? null,
      event.status,
      event.transparency,
      event.recurrence || event.seriesId ? 1 : 0,
      isAllDayTime(start) ? null : start.timeZone,
      isAllDayTime(end) ? null : end.timeZone,
    );
  }
}
