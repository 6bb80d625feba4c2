import type { Database, Statement } from 'better-sqlite3';
import { eventIdOf, type EventMutation, type Mutation } from '../sync/mutations';

export interface OutboxEntry {
  seq: number;
  mutation: Mutation;
  state: 'pending' | 'acked' | 'rejected';
  attempts: number;
  lastError?: string;
}

interface OutboxRow {
  seq: number;
  mutation: string;
  state: OutboxEntry['state'];
  attempts: number;
  last_error: string | null;
}

/** Mutations applied locally and not yet confirmed by the sync server, in the order they were made. */
export class Outbox {
  private readonly insert: Statement;
  private readonly pendingRows: Statement<[number], OutboxRow>;
  private readonly pendingOfEvent: Statement<[string], string>;
  private readonly byId: Statement<[string], string | undefined>;
  private readonly countPending: Statement<[], number>;
  private readonly markState: Statement;

  constructor(db: Database) {
    this.insert = db.prepare('insert into outbox (mutation_id, name, event_id, mutation, created_at) values (?, ?, ?, ?, ?)');
    this.pendingOfEvent = db.prepare<[string], string>("select mutation from outbox where event_id = ? and state = 'pending' order by seq").pluck();
    this.byId = db.prepare<[string], string | undefined>('select mutation from outbox where mutation_id = ?').pluck();
    this.pendingRows = db.prepare<[number], OutboxRow>(
      "select seq, mutation, state, attempts, last_error from outbox where state = 'pending' order by seq limit ?",
    );
    this.countPending = db.prepare<[], number>("select count(*) from outbox where state = 'pending'").pluck();
    this.markState = db.prepare('update outbox set state = ?, last_error = ?, attempts = attempts + 1 where mutation_id = ?');
  }

  append(mutation: Mutation): void {
    const eventId = mutation.name === 'putCalendar' ? null : eventIdOf(mutation);
    this.insert.run(mutation.id, mutation.name, eventId, JSON.stringify(mutation), mutation.createdAt);
  }

  /** The event's mutations not yet confirmed, oldest first: what a rebase re-applies. */
  pendingFor(eventId: string): EventMutation[] {
    return this.pendingOfEvent.all(eventId).map((json) => JSON.parse(json) as EventMutation);
  }

  get(mutationId: string): Mutation | undefined {
    const json = this.byId.get(mutationId);
    return json === undefined ? undefined : (JSON.parse(json) as Mutation);
  }

  pending(limit = 1_000): OutboxEntry[] {
    return this.pendingRows.all(limit).map((row) => ({
      seq: row.seq,
      mutation: JSON.parse(row.mutation) as Mutation,
      state: row.state,
      attempts: row.attempts,
      ...(row.last_error !== null && { lastError: row.last_error }),
    }));
  }

  pendingCount(): number {
    return this.countPending.get() ?? 0;
  }

  acknowledge(mutationId: string): void {
    this.markState.run('acked', null, mutationId);
  }

  reject(mutationId: string, reason: string): void {
    this.markState.run('rejected', reason, mutationId);
  }
}
