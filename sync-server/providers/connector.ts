import type { CalendarEvent } from '../../src/domain/event';

/**
 * What every calendar provider (CalDAV, Google, Microsoft) offers the reconciler, in the
 * provider's own terms translated to TempoPilot's domain. One *item* is what the provider stores
 * and versions as a unit: a CalDAV resource, which holds a series' master and its RECURRENCE-ID
 * overrides under one UID (Google's and Graph's series are mapped onto the same shape).
 */

/** An event as a provider holds it: TempoPilot's identifiers are the reconciler's business. */
export type ProviderEvent = Omit<CalendarEvent, 'id' | 'calendarId' | 'seriesId'>;

export interface ProviderCalendar {
  /** The provider's identifier of the calendar (a CalDAV collection URL, a Google calendar id). */
  remoteId: string;
  name: string;
  color?: string;
  /** The calendar's own zone where the provider says, else undefined. */
  timeZone?: string;
  /** True when the account may not write to it (no write privilege, a subscribed calendar). */
  readOnly: boolean;
}

export interface RemoteItem {
  /** The provider's identifier of the item (a CalDAV href, a Google or Graph event id). */
  remoteId: string;
  /** The version tag the provider gave this exact content; the precondition of the next write. */
  etag: string;
  /** iCalendar UID, shared by the master and its overrides. */
  uid: string;
  /**
   * The master first (no `originalStart`), then its overrides (each with `originalStart`, the
   * original local start of the instance it replaces). A single event is a master alone.
   */
  events: ProviderEvent[];
}

/** What to write: the item's content, without provider bookkeeping. */
export interface ItemContent {
  uid: string;
  events: ProviderEvent[];
}

export interface PullResult {
  /**
   * `full`: `changed` is every item of the calendar, and anything known but absent is gone.
   * `incremental`: only what changed since the token given.
   */
  kind: 'full' | 'incremental';
  changed: RemoteItem[];
  /** Remote ids of items deleted since the token (always empty for a full pull). */
  deleted: string[];
  /** Give this back on the next pull. */
  token: string;
  /**
   * Where the provider looks only at a span of time (Graph's calendar view): that span. A full
   * pull then says nothing of items wholly outside it, which are neither listed nor gone.
   */
  window?: PullWindow;
  /**
   * Incremental pulls: the provider reported removals it cannot tie to an item (Graph's calendar
   * view names removed instances, never their series), so a known series may be gone unnamed.
   */
  unattributedRemovals?: boolean;
  /**
   * Items present on the provider that TempoPilot cannot read (not counted as gone by a full pull,
   * not to be written over); absent when there are none.
   */
  unreadable?: UnreadableItem[];
}

/** ISO 8601 instants, start inclusive, end exclusive. */
export interface PullWindow {
  start: string;
  end: string;
}

export interface UnreadableItem {
  remoteId: string;
  etag: string;
  /** Why, for the log and the user; never the item's content. */
  reason: string;
}

export interface PullProgress {
  done: number;
  /** Unknown until the provider says how many there are. */
  total?: number;
}

export interface PullOptions {
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
}

export interface ProviderConnector {
  /** Short name for logs and the UI: `caldav`, `google`, `microsoft`, `memory`. */
  readonly kind: string;

  listCalendars(): Promise<ProviderCalendar[]>;

  /**
   * Changes since `token`, or everything when `token` is null. Throws `TokenInvalidError` when
   * the provider no longer honours the token (the caller then pulls in full).
   */
  pull(calendar: ProviderCalendar, token: string | null, options?: PullOptions): Promise<PullResult>;

  /** One item as stored now, or undefined when it is gone. */
  get(calendar: ProviderCalendar, remoteId: string): Promise<RemoteItem | undefined>;

  /** Creates an item; fails with `PreconditionFailedError` when one with that UID exists. */
  create(calendar: ProviderCalendar, content: ItemContent): Promise<RemoteItem>;

  /**
   * Replaces an item's content in place (never delete-and-recreate) if it still carries `etag`;
   * otherwise `PreconditionFailedError`. `NotFoundError` when it is gone.
   */
  update(calendar: ProviderCalendar, remoteId: string, etag: string, content: ItemContent): Promise<RemoteItem>;

  /** Deletes an item if it still carries `etag`; a missing item counts as deleted. */
  delete(calendar: ProviderCalendar, remoteId: string, etag: string): Promise<void>;

  /**
   * Asks the provider to POST to `request.address` whenever the calendar changes (a Google watch
   * channel, a Graph subscription), for as long as the provider allows. Absent where the provider
   * has no change notifications (CalDAV): such accounts are polled.
   */
  watch?(calendar: ProviderCalendar, request: WatchRequest): Promise<WatchChannel>;

  /**
   * Extends a channel's life in place (Graph's PATCH). Absent where the provider cannot (Google):
   * the caller then opens a new channel and stops the old one.
   */
  renewWatch?(channel: WatchChannel): Promise<WatchChannel>;

  /** Stops a channel; one the provider no longer knows counts as stopped. */
  unwatch?(channel: WatchChannel): Promise<void>;
}

export interface WatchRequest {
  /** Where the provider should POST: the sync server's public receiver for this provider. */
  address: string;
  /** Echoed in every notification (Google's channel token, Graph's clientState): proves the sender. */
  secret: string;
  /** The channel id to use where the client names it (Google); the provider names it otherwise. */
  channelId: string;
}

export interface WatchChannel {
  /** The channel's id (Google: the id the client chose; Graph: the subscription id). */
  channelId: string;
  /** Google's id of the watched resource, needed to stop the channel; absent for Graph. */
  resourceId?: string;
  /** When the provider stops sending unless the channel is renewed. */
  expiresAt: Date;
}

export type ProviderErrorKind = 'auth-expired' | 'token-invalid' | 'precondition-failed' | 'rate-limited' | 'not-found' | 'unavailable' | 'invalid-data' | 'refused';

/** A provider's answer the reconciler acts on; anything else is a bug or the network. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The credentials were refused: the account needs the user (sign in again), not a retry. */
export class AuthExpiredError extends ProviderError {
  override name = 'AuthExpiredError';
  constructor(message = 'the provider refused the credentials', options?: { cause?: unknown }) {
    super('auth-expired', message, options);
  }
}

/** The sync token is no longer valid: pull everything again. */
export class TokenInvalidError extends ProviderError {
  override name = 'TokenInvalidError';
  constructor(message = 'the provider no longer accepts the sync token', options?: { cause?: unknown }) {
    super('token-invalid', message, options);
  }
}

/** The item changed (or appeared) since the etag given: refetch and decide again. */
export class PreconditionFailedError extends ProviderError {
  override name = 'PreconditionFailedError';
  constructor(message = 'the item changed on the provider', options?: { cause?: unknown }) {
    super('precondition-failed', message, options);
  }
}

export class RateLimitedError extends ProviderError {
  override name = 'RateLimitedError';
  constructor(
    /** How long the provider asked us to wait, in milliseconds, when it said. */
    readonly retryAfterMs: number | undefined,
    message = 'the provider asked us to slow down',
    options?: { cause?: unknown },
  ) {
    super('rate-limited', message, options);
  }
}

export class NotFoundError extends ProviderError {
  override name = 'NotFoundError';
  constructor(message = 'the item is not on the provider', options?: { cause?: unknown }) {
    super('not-found', message, options);
  }
}

/** The provider failed or could not be reached (5xx, network): retry later with backoff. */
export class ProviderUnavailableError extends ProviderError {
  override name = 'ProviderUnavailableError';
  constructor(message = 'the provider could not be reached', options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/**
 * The provider will not take this item as sent (a 400, 403 or 422 to a write: content it finds
 * invalid, an event only its organiser may change). Asking again unchanged gets the same answer,
 * so the item is reported and left until it changes here; other items sync on.
 */
export class ItemRefusedError extends ProviderError {
  override name = 'ItemRefusedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('refused', message, options);
  }
}

/** The provider holds something TempoPilot cannot read (reported, skipped, never fatal to a sync). */
export class InvalidProviderDataError extends ProviderError {
  override name = 'InvalidProviderDataError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-data', message, options);
  }
}
