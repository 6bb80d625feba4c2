import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AgendaEntry } from '../domain/agenda';
import type { Calendar, CalendarEvent } from '../domain/event';
import type { TimeRange } from '../domain/ranges';
import { applyMutation, eventIdOf, mutationsBetween, type Mutation, type MutationIntent } from '../sync/mutations';
import type { MutationResult, PulledChange } from '../sync/protocol';
import { AgendaQuery } from './agenda';
import { AiCallLog, type AiCallEntry } from './ai-calls';
import { CalendarRepository } from './calendars';
import { CommandLog, type CommandLogEntry, type NewCommandLogEntry } from './command-log';
import { openDatabase, type OpenedDatabase } from './database';
import { EmbeddingIndex } from './embeddings';
import { StoreError, toStoreError } from './errors';
import { EventRepository } from './events';
import { History, type ChangeItem, type ChangeSet } from './history';
import { MetaTable } from './meta';
import { Outbox } from './outbox';

const DAY_MS = 86_400_000;
/** How far ahead series are materialised when the cache is created, and beyond any later query. */
const HORIZON_AHEAD_MS = 730 * DAY_MS;
const HORIZON_KEY = 'occurrence_horizon';
const SYNC_CURSOR_KEY = 'sync_cursor';
const DEFAULT_CALENDAR_KEY = 'default_calendar';

export interface StoreOptions {
  file: string;
  readOnly?: boolean;
  /** The clock, replaceable in tests. */
  now?: () => number;
}

export interface AppliedChange {
  changeSetId: number;
  label: string;
  mutations: Mutation[];
  items: ChangeItem[];
}

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The local cache: every read the UI makes and every write it starts. A write is a list of named
 * mutations applied in one transaction, appended to the outbox for the sync server, and journalled
 * as one change set so Undo can restore exactly what it changed.
 */
export class CalendarStore {
  readonly readOnly: boolean;
  private readonly db: Database;
  private readonly now: () => number;
  private readonly meta: MetaTable;
  private readonly calendarRepo: CalendarRepository;
  private readonly events: EventRepository;
  private readonly agendaQuery: AgendaQuery;
  private readonly history: History;
  readonly outbox: Outbox;
  private readonly embeddings: EmbeddingIndex;
  private readonly commands: CommandLog;
  private readonly aiCallLog: AiCallLog;

  private constructor(
    private readonly file: string,
    private readonly opened: OpenedDatabase,
    now: () => number,
  ) {
    this.db = opened.db;
    this.readOnly = opened.readOnly;
    const db = opened.db;
    this.now = now;
    this.meta = new MetaTable(db);
    this.calendarRepo = new CalendarRepository(db);
    this.events = new EventRepository(db);
    this.agendaQuery = new AgendaQuery(db);
    this.history = new History(db);
    this.outbox = new Outbox(db);
    this.embeddings = new EmbeddingIndex(db);
    this.commands = new CommandLog(db);
    this.aiCallLog = new AiCallLog(db);
  }

  static open(options: StoreOptions): CalendarStore {
    const opened = openDatabase(options.file, { readOnly: options.readOnly });
    try {
      const store = new CalendarStore(options.file, opened, options.now ?? Date.now);
      if (!store.readOnly && store.meta.get(HORIZON_KEY) === undefined) {
        store.meta.set(HORIZON_KEY, String(store.now() + HORIZON_AHEAD_MS));
      }
      return store;
    } catch (error) {
      opened.close();
      throw toStoreError(error, options.file) ?? error;
    }
  }

  close(): void {
    this.opened.close();
  }

  /** Runs `work` in one write transaction, turning SQLite failures into StoreErrors. */
  private write<T>(work: () => T): T {
    if (this.readOnly) throw new StoreError('read-only', `the cache at ${this.file} is read-only; check its permissions`);
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      throw toStoreError(error, this.file) ?? error;
    }
  }

  private read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw toStoreError(error, this.file) ?? error;
    }
  }

  private horizon(): number {
    return Number(this.meta.get(HORIZON_KEY) ?? this.now() + HORIZON_AHEAD_MS);
  }

  listCalendars(): Calendar[] {
    return this.read(() => this.calendarRepo.list());
  }

  getCalendar(id: string): Calendar | undefined {
    return this.read(() => this.calendarRepo.get(id));
  }

  findCalendars(idOrName: string): Calendar[] {
    return this.read(() => this.calendarRepo.find(idOrName));
  }

  /**
   * Where a new event goes when no calendar is named: the one the user (or their first provider
   * account) chose while it exists and can be written, else the first writable one.
   */
  defaultCalendar(): Calendar | undefined {
    return this.read(() => {
      const chosen = this.meta.get(DEFAULT_CALENDAR_KEY);
      const calendar = chosen === undefined ? undefined : this.calendarRepo.get(chosen);
      return calendar && !calendar.readOnly ? calendar : this.calendarRepo.list().find((c) => !c.readOnly);
    });
  }

  setDefaultCalendar(id: string): void {
    this.write(() => {
      if (!this.calendarRepo.get(id)) throw new StoreError('not-found', `no calendar with id "${id}"`);
      this.meta.set(DEFAULT_CALENDAR_KEY, id);
    });
  }

  /** Saves a calendar and queues it for the sync server. */
  putCalendar(calendar: Calendar): void {
    this.write(() => {
      this.calendarRepo.put(calendar, this.now());
      this.outbox.append({ id: randomUUID(), createdAt: new Date(this.now()).toISOString(), name: 'putCalendar', args: { calendar } });
    });
  }

  getEvent(id: string): CalendarEvent | undefined {
    return this.read(() => this.events.get(id));
  }

  /** The exceptions of a recurring series: its changed and cancelled instances. */
  exceptionsOf(seriesId: string): CalendarEvent[] {
    return this.read(() => this.events.exceptionIds(seriesId).flatMap((id) => this.events.get(id) ?? []));
  }

  /** The full id of the event that `key` names: its id, or a unique prefix of at least 4 characters. */
  resolveEventId(key: string): string {
    return this.read(() => this.events.resolveId(key));
  }

  agenda(range: TimeRange, viewerZone: string): AgendaEntry[] {
    if (!this.readOnly && range.end + DAY_MS > this.horizon()) {
      this.write(() => {
        const horizon = range.end + HORIZON_AHEAD_MS;
        this.events.extendSeries(horizon);
        this.meta.set(HORIZON_KEY, String(horizon));
      });
    }
    return this.read(() => this.agendaQuery.run(range, viewerZone));
  }

  /** Applies mutations locally, queues them for sync and journals them as one undoable change. */
  apply(label: string, intents: readonly MutationIntent[]): AppliedChange {
    return this.write(() => this.applyInTransaction(label, intents));
  }

  private applyInTransaction(label: string, intents: readonly MutationIntent[], undoes?: number): AppliedChange {
    const now = this.now();
    const horizon = this.horizon();
    const items: ChangeItem[] = [];
    const mutations: Mutation[] = [];
    for (const intent of intents) {
      const eventId = eventIdOf(intent);
      const before = this.events.get(eventId);
      if (!before && intent.name !== 'createEvent') throw new StoreError('not-found', `no event with id "${eventId}"`);
      if (before && intent.name === 'createEvent') throw new StoreError('invalid', `an event with id "${eventId}" already exists`);
      const after = applyMutation(before, intent);
      for (const calendarId of new Set([before?.calendarId, after?.calendarId])) {
        if (calendarId === undefined) continue;
        const calendar = this.calendarRepo.get(calendarId);
        if (!calendar) throw new StoreError('not-found', `no calendar with id "${calendarId}"`);
        if (calendar.readOnly) throw new StoreError('read-only', `the calendar "${calendar.name}" is read-only`);
      }
      if (after) {
        this.events.put(after, horizon, now);
      } else {
        // A series takes its exceptions with it; journal them first so Undo restores the master before them.
        for (const exceptionId of this.events.exceptionIds(eventId)) {
          items.push({ eventId: exceptionId, before: this.events.get(exceptionId), after: undefined });
          this.deleteEmbedding(exceptionId);
        }
        this.deleteEmbedding(eventId);
        this.events.remove(eventId, horizon);
      }
      const baseVersion = this.events.confirmed(eventId).version;
      const mutation = { ...intent, id: randomUUID(), createdAt: new Date(now).toISOString(), ...(baseVersion !== undefined && { baseVersion }) } as Mutation;
      this.outbox.append(mutation);
      mutations.push(mutation);
      items.push({ eventId, before, after });
    }
    const changeSetId = this.history.record(label, items, now, undoes);
    return { changeSetId, label, mutations, items };
  }

  /**
   * Reverts the newest change not yet undone, item by item in reverse. Where an event has not been
   * touched since, it is restored exactly; where something else changed it since, only the fields
   * this change touched are put back, so the later edit survives.
   */
  undo(): { undone: ChangeSet; applied: AppliedChange } | undefined {
    return this.write(() => {
      const changeSet = this.history.lastUndoable();
      if (!changeSet) return undefined;
      const intents: MutationIntent[] = [];
      for (const item of [...changeSet.items].reverse()) {
        const current = this.events.get(item.eventId);
        if (deepEqual(current, item.after) || !current || !item.after) {
          intents.push(...mutationsBetween(current, item.before));
        } else {
          intents.push(...mutationsBetween(item.after, item.before));
        }
      }
      const applied = this.applyInTransaction(`Undo ${changeSet.label}`, intents, changeSet.id);
      this.history.setUndone(changeSet.id, this.now());
      return { undone: changeSet, applied };
    });
  }

  /** The outbox's oldest pending mutations, in the order they were made. */
  pendingMutations(limit: number): Mutation[] {
    return this.read(() => this.outbox.pending(limit).map((entry) => entry.mutation));
  }

  /** The last change-log version pulled from the sync server (0 before the first pull). */
  syncCursor(): number {
    return Number(this.meta.get(SYNC_CURSOR_KEY) ?? 0);
  }

  /**
   * Records the server's answer to a push. Confirmed mutations leave the outbox; a rejected one
   * leaves it too, and the events it touched are rebuilt without it, so the cache never keeps a
   * change the server refused. Returns the ids of the events rebuilt.
   */
  settlePush(results: readonly MutationResult[]): string[] {
    return this.write(() => {
      const rebuilt = new Set<string>();
      for (const result of results) {
        const mutation = this.outbox.get(result.mutationId);
        if (result.status === 'rejected') {
          this.outbox.reject(result.mutationId, result.error?.message ?? 'rejected by the sync server');
          if (mutation && mutation.name !== 'putCalendar') rebuilt.add(eventIdOf(mutation));
        } else {
          this.outbox.acknowledge(result.mutationId);
        }
      }
      for (const eventId of rebuilt) this.writeLocalView(eventId, this.events.confirmed(eventId).event);
      return [...rebuilt];
    });
  }

  /**
   * Applies pulled changes in one transaction: each event's confirmed state becomes the server's,
   * and its local view is rebuilt as that state plus this device's still-pending mutations
   * (the rebase of DESIGN.md §5). Foreign keys are checked at commit, because a page may carry an
   * exception before the series it belongs to.
   */
  applyPulled(changes: readonly PulledChange[], cursor: number): string[] {
    return this.write(() => {
      this.db.pragma('defer_foreign_keys = ON');
      const touched: string[] = [];
      for (const change of changes) {
        if (change.kind === 'calendar') {
          if (change.deleted) this.calendarRepo.remove(change.calendar.id);
          else this.calendarRepo.put(change.calendar, this.now());
          continue;
        }
        touched.push(change.eventId);
        const confirmed = change.deleted ? undefined : change.event;
        const view = this.writeLocalView(change.eventId, confirmed);
        if (view) this.events.setConfirmed(change.eventId, confirmed, change.version);
      }
      this.meta.set(SYNC_CURSOR_KEY, String(cursor));
      return touched;
    });
  }

  /** Rebuilds an event's row as confirmed state plus pending mutations; absent means removed. */
  private writeLocalView(eventId: string, confirmed: CalendarEvent | undefined): CalendarEvent | undefined {
    let view = confirmed;
    for (const mutation of this.outbox.pendingFor(eventId)) view = applyMutation(view, mutation);
    if (view) {
      this.events.put(view, this.horizon(), this.now());
    } else if (this.events.get(eventId)) {
      for (const exceptionId of this.events.exceptionIds(eventId)) this.deleteEmbedding(exceptionId);
      this.deleteEmbedding(eventId);
      this.events.remove(eventId, this.horizon());
    }
    return view;
  }

  /** Appends one assistant turn to the command log; returns its id. */
  logCommand(entry: NewCommandLogEntry): number {
    return this.write(() => this.commands.record(entry));
  }

  /** Appends one cloud-model request to the audit log. */
  logAiCall(entry: AiCallEntry): void {
    this.write(() => this.aiCallLog.record(entry));
  }

  /** Cloud-model requests made at or after `since` (epoch ms), oldest first. */
  aiCalls(since = 0): AiCallEntry[] {
    return this.read(() => this.aiCallLog.from(since));
  }

  /** The newest assistant turns, newest first. */
  commandLog(limit: number): CommandLogEntry[] {
    return this.read(() => this.commands.recent(limit));
  }

  putEmbedding(eventId: string, vector: Float32Array): void {
    this.write(() => {
      const rowId = this.events.rowId(eventId);
      if (rowId === undefined) throw new StoreError('not-found', `no event with id "${eventId}"`);
      this.embeddings.put(rowId, vector);
    });
  }

  /** Ids of events without an embedding, for the indexer to fill in. */
  eventsWithoutEmbedding(limit: number): string[] {
    return this.read(() => this.embeddings.missing(limit));
  }

  private deleteEmbedding(eventId: string): void {
    const rowId = this.events.rowId(eventId);
    if (rowId !== undefined) this.embeddings.delete(rowId);
  }

  /** Events whose embeddings are nearest to `vector` (cosine distance, smallest first). */
  nearestEvents(vector: Float32Array, k: number, options: { exact?: boolean; oversample?: number } = {}): { eventId: string; distance: number }[] {
    return this.read(() => {
      const neighbours = options.exact ? this.embeddings.nearestExact(vector, k) : this.embeddings.nearest(vector, k, options.oversample);
      return neighbours.flatMap((n) => {
        const eventId = this.events.idOfRow(n.rowId);
        return eventId === undefined ? [] : [{ eventId, distance: n.distance }];
      });
    });
  }
}
