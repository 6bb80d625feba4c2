import type { Database, Statement } from 'better-sqlite3';
import type { CalendarEvent } from '../domain/event';

/** One event's state before and after a change; `undefined` means it did not exist. */
export interface ChangeItem {
  eventId: string;
  before: CalendarEvent | undefined;
  after: CalendarEvent | undefined;
}

export interface ChangeSet {
  id: number;
  label: string;
  createdAt: number;
  items: ChangeItem[];
}

interface ChangeSetRow {
  id: number;
  label: string;
  created_at: number;
}

interface ItemRow {
  event_id: string;
  before: string | null;
  after: string | null;
}

const parse = (json: string | null): CalendarEvent | undefined => (json === null ? undefined : (JSON.parse(json) as CalendarEvent));

/**
 * The undo journal: every user action is one change set holding the states it changed. Undo
 * restores the newest set not yet undone, and is itself journalled (as `undoes`) but not undoable.
 */
export class History {
  private readonly insertSet: Statement;
  private readonly insertItem: Statement;
  private readonly latestUndoable: Statement<[], ChangeSetRow | undefined>;
  private readonly itemsOf: Statement<[number], ItemRow>;
  private readonly markUndone: Statement;

  constructor(db: Database) {
    this.insertSet = db.prepare('insert into change_sets (label, created_at, undoes) values (?, ?, ?)');
    this.insertItem = db.prepare('insert into change_set_items (change_set_id, position, event_id, before, after) values (?, ?, ?, ?, ?)');
    this.latestUndoable = db.prepare<[], ChangeSetRow | undefined>(
      'select id, label, created_at from change_sets where undone_at is null and undoes is null order by id desc limit 1',
    );
    this.itemsOf = db.prepare<[number], ItemRow>('select event_id, before, after from change_set_items where change_set_id = ? order by position');
    this.markUndone = db.prepare('update change_sets set undone_at = ? where id = ?');
  }

  record(label: string, items: readonly ChangeItem[], now: number, undoes?: number): number {
    const id = Number(this.insertSet.run(label, now, undoes ?? null).lastInsertRowid);
    items.forEach((item, position) => {
      this.insertItem.run(id, position, item.eventId, item.before ? JSON.stringify(item.before) : null, item.after ? JSON.stringify(item.after) : null);
    });
    return id;
  }

  lastUndoable(): ChangeSet | undefined {
    const row = this.latestUndoable.get();
    if (!row) return undefined;
    const items = this.itemsOf.all(row.id).map((item) => ({ eventId: item.event_id, before: parse(item.before), after: parse(item.after) }));
    return { id: row.id, label: row.label, createdAt: row.created_at, items };
  }

  setUndone(id: number, now: number): void {
    this.markUndone.run(now, id);
  }
}
