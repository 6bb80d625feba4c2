import type { Database, Statement } from 'better-sqlite3';
import type { Calendar } from '../domain/event';

interface CalendarRow {
  id: string;
  name: string;
  color: string | null;
  time_zone: string;
  read_only: number;
}

function toCalendar(row: CalendarRow): Calendar {
  return {
    id: row.id,
    name: row.name,
    ...(row.color !== null && { color: row.color }),
    timeZone: row.time_zone,
    readOnly: row.read_only === 1,
  };
}

export class CalendarRepository {
  private readonly listAll: Statement<[], CalendarRow>;
  private readonly byId: Statement<[string], CalendarRow | undefined>;
  private readonly byName: Statement<[string], CalendarRow>;
  private readonly upsert: Statement;
  private readonly removeEmpty: Statement<[string, string]>;

  constructor(db: Database) {
    this.listAll = db.prepare<[], CalendarRow>('select * from calendars order by created_at, name');
    this.byId = db.prepare<[string], CalendarRow | undefined>('select * from calendars where id = ?');
    this.byName = db.prepare<[string], CalendarRow>('select * from calendars where name = ? collate nocase');
    this.upsert = db.prepare(
      `insert into calendars (id, name, color, time_zone, read_only, created_at) values (?, ?, ?, ?, ?, ?)
       on conflict(id) do update set name = excluded.name, color = excluded.color, time_zone = excluded.time_zone, read_only = excluded.read_only`,
    );
    this.removeEmpty = db.prepare('delete from calendars where id = ? and not exists (select 1 from events where calendar_id = ?)');
  }

  list(): Calendar[] {
    return this.listAll.all().map(toCalendar);
  }

  get(id: string): Calendar | undefined {
    const row = this.byId.get(id);
    return row && toCalendar(row);
  }

  /** Calendars whose id or (case-insensitive) name is `key`. */
  find(key: string): Calendar[] {
    const byId = this.byId.get(key);
    return byId ? [toCalendar(byId)] : this.byName.all(key).map(toCalendar);
  }

  /**
   * Removes a calendar that holds no event; one that still does (changes here not yet pushed)
   * stays, so nothing of the user's is dropped with it.
   */
  remove(id: string): boolean {
    return this.removeEmpty.run(id, id).changes > 0;
  }

  put(calendar: Calendar, now: number): void {
    this.upsert.run(calendar.id, calendar.name, calendar.color ?? null, calendar.timeZone, calendar.readOnly ? 1 : 0, now);
  }
}
