import type { Calendar, CalendarEvent } from '../src/domain/event';
import { eventProblems } from '../src/domain/validate';
import { applyPatch, EventPatchSchema, type EventMutation, type EventPatch } from '../src/sync/mutations';
import type { FieldConflict } from '../src/sync/protocol';

/**
 * The server's merge rules (docs/sync.md), as pure functions of the stored state and one
 * mutation. The conflict unit is a field: each patchable field, plus `time` (start and end move
 * together). Each field remembers the version that last changed it; a mutation made on an older
 * base version loses a field another device changed since, and the loss is reported.
 */
export type TrackedField = keyof EventPatch | 'time';
export type FieldVersions = Partial<Record<TrackedField, number>>;

const PATCH_FIELDS = Object.keys(EventPatchSchema.shape) as (keyof EventPatch)[];
export const TRACKED_FIELDS: readonly TrackedField[] = [...PATCH_FIELDS, 'time'];

export interface StoredEvent {
  event: CalendarEvent;
  deleted: boolean;
  version: number;
  fieldVersions: FieldVersions;
}

export type RejectionCode = 'not-found' | 'deleted' | 'forbidden' | 'read-only' | 'invalid';

export interface Rejection {
  kind: 'rejected';
  code: RejectionCode;
  message: string;
}

export type EventOutcome =
  | {
      kind: 'write';
      event: CalendarEvent;
      deleted: boolean;
      /** Fields whose value this mutation changed: they take the new version. */
      changed: TrackedField[];
      conflicts: FieldConflict[];
    }
  /** Nothing to write: the event already is as the mutation wants it (a repeated delete). */
  | { kind: 'unchanged' }
  | Rejection;

export type CalendarOutcome = { kind: 'write'; calendar: Calendar } | { kind: 'unchanged' } | Rejection;

/** Equality of JSON values whatever the order of object keys (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  if ((a ?? null) === (b ?? null)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const left = Object.entries(a as Record<string, unknown>).filter(([, value]) => value !== undefined);
  const right = b as Record<string, unknown>;
  const rightCount = Object.values(right).filter((value) => value !== undefined).length;
  return left.length === rightCount && left.every(([key, value]) => sameJson(value, right[key]));
}

function fieldValue(event: CalendarEvent, field: TrackedField): unknown {
  if (field === 'time') return { start: event.start, end: event.end };
  return event[field] ?? null;
}

function withField(event: CalendarEvent, field: TrackedField, value: unknown): CalendarEvent {
  if (field === 'time') {
    const time = value as Pick<CalendarEvent, 'start' | 'end'>;
    return { ...event, start: time.start, end: time.end };
  }
  return applyPatch(event, { [field]: value } as EventPatch);
}

/** Every tracked field of `event`, as a patch would carry it (`null` for an absent optional). */
function allFields(event: CalendarEvent): Map<TrackedField, unknown> {
  return new Map(TRACKED_FIELDS.map((field) => [field, fieldValue(event, field)]));
}

/**
 * Applies wanted field values to the stored event under the conflict rule: a field changed after
 * `baseVersion` (by another device's mutation) and holding another value than the one wanted is
 * kept, and reported. Without a base version the last writer wins.
 */
function mergeFields(stored: StoredEvent, wanted: Map<TrackedField, unknown>, baseVersion: number | undefined) {
  let event = stored.event;
  const changed: TrackedField[] = [];
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of wanted) {
    const current = fieldValue(stored.event, field);
    if (sameJson(current, value)) continue;
    const changedSince = stored.fieldVersions[field] ?? stored.version;
    if (baseVersion !== undefined && changedSince > baseVersion) {
      conflicts.push({ eventId: stored.event.id, field, kept: current, discarded: value });
      continue;
    }
    event = withField(event, field, value);
    changed.push(field);
  }
  return { event, changed, conflicts };
}

function invalid(event: CalendarEvent): Rejection | undefined {
  let problems: string[];
  try {
    problems = eventProblems(event);
  } catch (error) {
    // The schema let it through but the domain cannot place it: still the client's input at fault.
    problems = [error instanceof Error ? error.message : String(error)];
  }
  return problems.length > 0 ? { kind: 'rejected', code: 'invalid', message: problems.join('; ') } : undefined;
}

function write(event: CalendarEvent, changed: TrackedField[], conflicts: FieldConflict[] = []): EventOutcome {
  return invalid(event) ?? { kind: 'write', event, deleted: false, changed, conflicts };
}

/** The event's state after one mutation, given what the server holds (`undefined`: never seen). */
export function mergeEventMutation(stored: StoredEvent | undefined, mutation: EventMutation): EventOutcome {
  if (mutation.name === 'createEvent') {
    const { event } = mutation.args;
    // A new event, or the re-creation of a deleted one (Undo of a delete keeps the id): all of it.
    if (!stored || stored.deleted) return write(event, [...TRACKED_FIELDS]);
    const merged = mergeFields(stored, allFields(event), mutation.baseVersion);
    const series = { ...merged.event, seriesId: event.seriesId, originalStart: event.originalStart };
    if (event.seriesId === undefined) delete series.seriesId;
    if (event.originalStart === undefined) delete series.originalStart;
    return write(series, merged.changed, merged.conflicts);
  }

  const eventId = mutation.args.eventId;
  if (!stored) return { kind: 'rejected', code: 'not-found', message: `the server has no event "${eventId}"` };
  if (mutation.name === 'deleteEvent') {
    if (stored.deleted) return { kind: 'unchanged' };
    return { kind: 'write', event: stored.event, deleted: true, changed: [], conflicts: [] };
  }
  if (stored.deleted) return { kind: 'rejected', code: 'deleted', message: `the event "${eventId}" was deleted on another device` };

  const wanted: Map<TrackedField, unknown> =
    mutation.name === 'moveEvent'
      ? new Map([['time', { start: mutation.args.start, end: mutation.args.end }]])
      : new Map(Object.entries(mutation.args.patch).filter(([, value]) => value !== undefined) as [TrackedField, unknown][]);
  const merged = mergeFields(stored, wanted, mutation.baseVersion);
  return write(merged.event, merged.changed, merged.conflicts);
}

/**
 * The calendars a write touches, each of which must belong to the user and be writable: the one
 * the event leaves (a live event's) and the one it ends up in.
 */
export function calendarsTouched(stored: StoredEvent | undefined, written: CalendarEvent): string[] {
  const touched = new Set([written.calendarId]);
  if (stored && !stored.deleted) touched.add(stored.event.calendarId);
  return [...touched];
}

/** A device may create a calendar or change a writable one; a read-only calendar stays as it is. */
export function mergeCalendar(stored: Calendar | undefined, calendar: Calendar): CalendarOutcome {
  if (stored && sameJson(stored, calendar)) return { kind: 'unchanged' };
  if (stored?.readOnly) return { kind: 'rejected', code: 'read-only', message: `the calendar "${stored.name}" is read-only` };
  return { kind: 'write', calendar };
}
