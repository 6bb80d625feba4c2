import type { FieldConflict } from '../../src/sync/protocol';
import { sameJson } from '../merge';
import type { ProviderEvent } from './connector';
import { keyOf, sortedEvents } from './items';

/**
 * The rule for an item changed on both sides since they were last in step (docs/providers.md):
 * a three-way merge against the content both sides agreed on then, event by event and field by
 * field. A field changed on one side only takes that side's value; a field changed on both to
 * different values takes the provider's (the copy other people and other apps see) and the
 * local value is reported, so nothing is dropped silently. An edit beats a deletion.
 */

export interface ItemMerge {
  events: ProviderEvent[];
  conflicts: FieldConflict[];
}

/** Start and end move together, as in the device merge (sync-server/merge.ts). */
type MergedField = Exclude<keyof ProviderEvent, 'start' | 'end'> | 'time';

function fieldsOf(event: ProviderEvent): Map<MergedField, unknown> {
  const fields = new Map<MergedField, unknown>();
  for (const [key, value] of Object.entries(event)) {
    if (key === 'start' || key === 'end' || value === undefined) continue;
    fields.set(key as MergedField, value);
  }
  fields.set('time', { start: event.start, end: event.end });
  return fields;
}

/** Without a base (the two sides met with no record of agreeing), every difference is a conflict. */
function mergeEvent(eventId: string, base: ProviderEvent | undefined, local: ProviderEvent, remote: ProviderEvent, conflicts: FieldConflict[]): ProviderEvent {
  const baseFields = base === undefined ? new Map<MergedField, unknown>() : fieldsOf(base);
  const localFields = fieldsOf(local);
  const remoteFields = fieldsOf(remote);
  const merged = new Map<MergedField, unknown>();
  for (const field of new Set([...baseFields.keys(), ...localFields.keys(), ...remoteFields.keys()])) {
    const b = baseFields.get(field);
    const l = localFields.get(field);
    const r = remoteFields.get(field);
    let value: unknown;
    if (sameJson(l, r) || sameJson(l, b)) value = r;
    else if (sameJson(r, b)) value = l;
    else {
      value = r;
      conflicts.push({ eventId, field, kept: r ?? null, discarded: l ?? null });
    }
    if (value !== undefined) merged.set(field, value);
  }
  const { time, ...rest } = Object.fromEntries(merged) as Record<string, unknown> & { time: Pick<ProviderEvent, 'start' | 'end'> };
  return { ...rest, start: time.start, end: time.end } as ProviderEvent;
}

function byKey(events: readonly ProviderEvent[]): Map<string, ProviderEvent> {
  return new Map(events.map((event) => [keyOf(event), event]));
}

/** Merges an item changed on both sides; `base` is what both held when last in step, if known. */
export function mergeItem(eventId: string, base: readonly ProviderEvent[] | undefined, local: readonly ProviderEvent[], remote: readonly ProviderEvent[]): ItemMerge {
  const baseByKey = byKey(base ?? []);
  const localByKey = byKey(local);
  const remoteByKey = byKey(remote);
  const conflicts: FieldConflict[] = [];
  const events: ProviderEvent[] = [];
  for (const key of new Set([...baseByKey.keys(), ...localByKey.keys(), ...remoteByKey.keys()])) {
    const b = baseByKey.get(key);
    const l = localByKey.get(key);
    const r = remoteByKey.get(key);
    const label = key === '' ? eventId : `${eventId}@${key}`;
    if (l === undefined && r === undefined) continue;
    if (l === undefined || r === undefined) {
      // Present on one side only: new there, or deleted on the other. A deletion of something
      // the other side left as it was wins; against an edit (or without a base), the edit wins.
      const present = (l ?? r)!;
      if (b !== undefined && sameJson(present, b)) continue;
      events.push(present);
      continue;
    }
    events.push(mergeEvent(label, b, l, r, conflicts));
  }
  return { events: sortedEvents(events), conflicts };
}
