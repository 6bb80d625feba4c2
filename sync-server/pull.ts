import type { Calendar, CalendarEvent } from '../src/domain/event';
import type { PulledChange, PullResponse } from '../src/sync/protocol';
import type { Queryable } from './db/database';

interface ChangeRow {
  kind: 'event' | 'calendar';
  id: string;
  version: number;
  deleted: boolean;
  data: CalendarEvent | Calendar;
}

/**
 * The current state of each of the user's events and calendars changed after `cursor`, oldest
 * change first. Each row carries the version of its latest change, so an entity appears once
 * however often it changed, and paging by version never skips one: versions only grow, and a
 * user's versions commit in order (see push.ts).
 */
export async function pullChanges(db: Queryable, userId: string, cursor: number, limit: number): Promise<PullResponse> {
  const rows = await db.query<ChangeRow>(
    `select kind, id, version, deleted, data from (
       select 'event' as kind, id, version, deleted, data from events where user_id = $1 and version > $2
       union all
       select 'calendar' as kind, id, version, deleted, data from calendars where user_id = $1 and version > $2
     ) changes order by version limit $3`,
    [userId, cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  const changes = page.map((row): PulledChange => {
    if (row.kind === 'calendar') return { kind: 'calendar', version: row.version, calendar: row.data as Calendar, deleted: row.deleted };
    return row.deleted
      ? { kind: 'event', version: row.version, eventId: row.id, deleted: true }
      : { kind: 'event', version: row.version, eventId: row.id, deleted: false, event: row.data as CalendarEvent };
  });
  return { changes, cursor: page.at(-1)?.version ?? cursor, hasMore: rows.length > limit };
}
