import {
  ItemRefusedError,
  NotFoundError,
  PreconditionFailedError,
  ProviderUnavailableError,
  RateLimitedError,
  TokenInvalidError,
  type ItemContent,
  type ProviderCalendar,
  type ProviderConnector,
  type ProviderEvent,
  type PullOptions,
  type PullResult,
  type RemoteItem,
} from '../connector';
import { sortedEvents } from '../items';

/**
 * A provider in memory, with the failures real ones have, for reconciliation tests that must
 * run thousands of times: items versioned by etag, a change log behind sync tokens, and faults
 * injected per call.
 */

export type ProviderOperation = 'pull' | 'get' | 'create' | 'update' | 'delete';

export type Fault =
  /** The write happens but its answer never arrives (the etag is lost with it). */
  | 'lost-response'
  /** Another client edits the item just before this write, so the write's etag is stale. */
  | 'concurrent-edit'
  /** 429 with a retry-after. */
  | 'rate-limited'
  /** 5xx before anything happens; for a pull, in the middle of its pages. */
  | 'server-error'
  /** The provider forgets its tokens before this pull (Google's 410, an expired delta link). */
  | 'token-invalid';

interface StoredItem {
  calendarId: string;
  uid: string;
  etag: string;
  events: ProviderEvent[];
}

interface LoggedChange {
  sequence: number;
  calendarId: string;
  remoteId: string;
}

export class MemoryProvider {
  readonly items = new Map<string, StoredItem>();
  private readonly log: LoggedChange[] = [];
  private sequence = 0;
  /** Tokens carry the epoch they were issued in; a new epoch invalidates them all. */
  private epoch = 1;
  private etags = 0;
  private ids = 0;

  /** Why the provider refuses an item's content, if it does (as a server refusing invalid data). */
  refusing: (content: ItemContent) => string | undefined = () => undefined;

  /** Calls made, by operation, for assertions on what the reconciler asked. */
  readonly calls: Record<ProviderOperation, number> = { pull: 0, get: 0, create: 0, update: 0, delete: 0 };

  private record(calendarId: string, remoteId: string): void {
    this.sequence += 1;
    this.log.push({ sequence: this.sequence, calendarId, remoteId });
  }

  private nextEtag(): string {
    this.etags += 1;
    return `"etag-${this.etags}"`;
  }

  invalidateTokens(): void {
    this.epoch += 1;
  }

  /** As another client would: creates an item, returning its remote id. */
  insert(calendarId: string, content: ItemContent): string {
    if ([...this.items.values()].some((item) => item.calendarId === calendarId && item.uid === content.uid)) {
      throw new PreconditionFailedError(`an item with UID ${content.uid} exists`);
    }
    this.ids += 1;
    const remoteId = `${calendarId}/item-${this.ids}.ics`;
    this.items.set(remoteId, { calendarId, uid: content.uid, etag: this.nextEtag(), events: sortedEvents(content.events) });
    this.record(calendarId, remoteId);
    return remoteId;
  }

  /** As another client would: replaces an item's events. */
  replace(remoteId: string, events: ProviderEvent[]): void {
    const item = this.items.get(remoteId);
    if (!item) throw new NotFoundError(`no item ${remoteId}`);
    this.items.set(remoteId, { ...item, etag: this.nextEtag(), events: sortedEvents(events) });
    this.record(item.calendarId, remoteId);
  }

  remove(remoteId: string): void {
    const item = this.items.get(remoteId);
    if (!item) return;
    this.items.delete(remoteId);
    this.record(item.calendarId, remoteId);
  }

  remoteItem(remoteId: string): RemoteItem | undefined {
    const item = this.items.get(remoteId);
    return item && { remoteId, etag: item.etag, uid: item.uid, events: structuredClone(item.events) };
  }

  itemsOf(calendarId: string): RemoteItem[] {
    return [...this.items.keys()].filter((id) => this.items.get(id)!.calendarId === calendarId).map((id) => this.remoteItem(id)!);
  }

  token(): string {
    return `${this.epoch}:${this.sequence}`;
  }

  changesSince(calendarId: string, token: string): { changed: RemoteItem[]; deleted: string[] } | undefined {
    const [epoch, sequence] = token.split(':').map(Number);
    if (epoch !== this.epoch || sequence === undefined || !Number.isInteger(sequence)) return undefined;
    const touched = new Set(this.log.filter((change) => change.calendarId === calendarId && change.sequence > sequence).map((change) => change.remoteId));
    const changed: RemoteItem[] = [];
    const deleted: string[] = [];
    for (const remoteId of touched) {
      const item = this.remoteItem(remoteId);
      if (item) changed.push(item);
      else deleted.push(remoteId);
    }
    return { changed, deleted };
  }
}

/** Faults to inject, taken one per call in order; `undefined` entries let calls through. */
export class FaultPlan {
  constructor(private readonly faults: (Fault | undefined)[] = []) {}

  next(): Fault | undefined {
    return this.faults.shift();
  }
}

export class MemoryConnector implements ProviderConnector {
  readonly kind = 'memory';

  constructor(
    readonly provider: MemoryProvider,
    private readonly calendars: ProviderCalendar[],
    private faults = new FaultPlan(),
  ) {}

  injectFaults(faults: FaultPlan): void {
    this.faults = faults;
  }

  private before(operation: ProviderOperation, remoteId?: string): Fault | undefined {
    this.provider.calls[operation] += 1;
    const fault = this.faults.next();
    if (fault === 'rate-limited') throw new RateLimitedError(1_000);
    if (fault === 'server-error') throw new ProviderUnavailableError('the provider answered 503');
    if (fault === 'token-invalid' && operation === 'pull') this.provider.invalidateTokens();
    if (fault === 'concurrent-edit' && remoteId !== undefined) {
      const item = this.provider.remoteItem(remoteId);
      if (item) this.provider.replace(remoteId, item.events.map((event) => (event.originalStart === undefined ? { ...event, description: `${event.description ?? ''} (edited elsewhere)` } : event)));
    }
    return fault;
  }

  private refuseIfRefused(content: ItemContent): void {
    const reason = this.provider.refusing(content);
    if (reason !== undefined) throw new ItemRefusedError(`the provider refused the item: ${reason}`);
  }

  private after<T>(fault: Fault | undefined, result: T): T {
    if (fault === 'lost-response') throw new ProviderUnavailableError('the connection dropped before the answer arrived');
    return result;
  }

  async listCalendars(): Promise<ProviderCalendar[]> {
    return structuredClone(this.calendars);
  }

  async pull(calendar: ProviderCalendar, token: string | null, options: PullOptions = {}): Promise<PullResult> {
    this.before('pull');
    const nextToken = this.provider.token();
    if (token === null) {
      const changed = this.provider.itemsOf(calendar.remoteId);
      options.onProgress?.({ done: changed.length, total: changed.length });
      return { kind: 'full', changed, deleted: [], token: nextToken };
    }
    const changes = this.provider.changesSince(calendar.remoteId, token);
    if (!changes) throw new TokenInvalidError();
    return { kind: 'incremental', ...changes, token: nextToken };
  }

  async get(_calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined> {
    return this.after(this.before('get', remoteId), this.provider.remoteItem(remoteId));
  }

  async create(calendar: ProviderCalendar, content: ItemContent): Promise<RemoteItem> {
    const fault = this.before('create');
    this.refuseIfRefused(content);
    const remoteId = this.provider.insert(calendar.remoteId, structuredClone(content));
    return this.after(fault, this.provider.remoteItem(remoteId)!);
  }

  async update(_calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem> {
    const fault = this.before('update', remoteId);
    const item = this.provider.remoteItem(remoteId);
    if (!item) throw new NotFoundError();
    if (item.etag !== etag) throw new PreconditionFailedError();
    this.refuseIfRefused(content);
    this.provider.replace(remoteId, structuredClone(content.events));
    return this.after(fault, this.provider.remoteItem(remoteId)!);
  }

  async delete(_calendar: ProviderCalendar, remoteId: string, etag: string): Promise<void> {
    const fault = this.before('delete', remoteId);
    const item = this.provider.remoteItem(remoteId);
    if (!item) return;
    if (item.etag !== etag) throw new PreconditionFailedError();
    this.provider.remove(remoteId);
    this.after(fault, undefined);
  }
}
