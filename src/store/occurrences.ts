import type { Database, Statement } from 'better-sqlite3';
import { isAllDayTime, type CalendarEvent } from '../domain/event';
import { DEFAULT_MAX_INSTANCES, expandEvent, type Instance } from '../domain/recurrence';
import { floatingMs, localToInstant } from '../domain/time';

/** Occurrences longer than this are flagged `long_span` and scanned separately. */
export const LONG_SPAN_MS = 7 * 86_400_000;

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
      `insert or replace into occurrences (event_row, original_start, start_local, end_local, start_key, end_key, floating, long_span)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
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
      this.insertInstance(rowId, { originalStart: event.originalStart, start: event.start, end: event.end });
      return;
    }
    const replaced = event.recurrence ? new Set(this.exceptionStarts.all(event.id) as string[]) : new Set<string>();
    for (const instance of expandEvent(event, { horizonFloating, maxInstances: DEFAULT_MAX_INSTANCES })) {
      if (!replaced.has(instance.originalStart)) this.insertInstance(rowId, instance);
    }
    this.setExpandedUntil.run(event.recurrence ? horizonFloating : null, rowId);
  }

  private insertInstance(rowId: number, instance: Instance): void {
    const { start, end } = instance;
    const floating = isAllDayTime(start);
    const startKey = isAllDayTime(start) ? floatingMs(start.date) : localToInstant(start.dateTime, start.timeZone);
    const endKey = isAllDayTime(end) ? floatingMs(end.date) : localToInstant(end.dateTime, end.timeZone);
    this.insert.run(
      rowId,
      instance.originalStart,
      isAllDayTime(start) ? start.date : start.dateTime,
      isAllDayTime(end) ? end.date : end.dateTime,
      startKey,
      endKey,
      floating ? 1 : 0,
      endKey - startKey > LONG_SPAN_MS ? 1 : 0,
    );
  }
}
