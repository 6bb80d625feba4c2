import type { Database, Statement } from 'better-sqlite3';

/** Small key/value facts about the cache itself (horizon of materialised instances, device id). */
export class MetaTable {
  private readonly read: Statement<[string], string | undefined>;
  private readonly write: Statement;

  constructor(db: Database) {
    this.read = db.prepare<[string], string | undefined>('select value from meta where key = ?').pluck();
    this.write = db.prepare('insert into meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value');
  }

  get(key: string): string | undefined {
    return this.read.get(key);
  }

  set(key: string, value: string): void {
    this.write.run(key, value);
  }
}
