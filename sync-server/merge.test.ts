import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../src/domain/event';
import { applyMutation, type EventMutation, type EventPatch } from '../src/sync/mutations';
import { calendarsTouched, mergeCalendar, mergeEventMutation, sameJson, TRACKED_FIELDS, type FieldVersions, type StoredEvent, type TrackedField } from './merge';
import { mutation, testCalendar, testEvent } from './testing';

/** What push.ts stores: the fields a write changed take its version. */
function nextFieldVersions(previous: FieldVersions, changed: readonly TrackedField[], version: number): FieldVersions {
  return { ...previous, ...Object.fromEntries(changed.map((field) => [field, version])) };
}

/** The state the server holds after a create at `version`: every field last changed then. */
function created(event: CalendarEvent, version: number): StoredEvent {
  return { event, deleted: false, version, fieldVersions: nextFieldVersions({}, TRACKED_FIELDS, version) };
}

/** Applies a merge outcome as push.ts does, at `version`. */
function commit(stored: StoredEvent | undefined, m: EventMutation, version: number): StoredEvent {
  const outcome = mergeEventMutation(stored, m);
  if (outcome.kind !== 'write') throw new Error(`expected a write, got ${outcome.kind}`);
  return { event: outcome.event, deleted: outcome.deleted, version, fieldVersions: nextFieldVersions(stored?.fieldVersions ?? {}, outcome.changed, version) };
}

const update = (patch: EventPatch, baseVersion?: number) => mutation<EventMutation>('updateEvent', { eventId: 'e1', patch }, baseVersion);
const move = (hour: number, baseVersion?: number) =>
  mutation<EventMutation>(
    'moveEvent',
    { eventId: 'e1', start: { dateTime: `2026-03-02T${hour}:00`, timeZone: 'Europe/Berlin' }, end: { dateTime: `2026-03-02T${hour + 1}:00`, timeZone: 'Europe/Berlin' } },
    baseVersion,
  );

describe('merge rules', () => {
  const base = created(testEvent('e1', { title: 'Lunch' }), 5);

  it('keeps concurrent edits of different fields from two devices', () => {
    const afterA = commit(base, update({ title: 'Team lunch' }, 5), 6);
    const afterB = commit(afterA, update({ location: 'Canteen' }, 5), 7);
    expect(afterB.event).toMatchObject({ title: 'Team lunch', location: 'Canteen' });
    expect(afterB.fieldVersions).toMatchObject({ title: 6, location: 7, status: 5 });
  });

  it('keeps the first writer of a field and reports the second, whose other fields still apply', () => {
    const afterA = commit(base, update({ title: 'Team lunch' }, 5), 6);
    const outcome = mergeEventMutation(afterA, update({ title: 'Lunch with Dana', location: 'Canteen' }, 5));
    expect(outcome).toMatchObject({ kind: 'write', changed: ['location'], conflicts: [{ eventId: 'e1', field: 'title', kept: 'Team lunch', discarded: 'Lunch with Dana' }] });
    expect(outcome.kind === 'write' && outcome.event).toMatchObject({ title: 'Team lunch', location: 'Canteen' });
  });

  it('lets a device that saw the change overwrite it, and treats an identical value as no conflict', () => {
    const afterA = commit(base, update({ title: 'Team lunch' }, 5), 6);
    expect(mergeEventMutation(afterA, update({ title: 'Lunch again' }, 6))).toMatchObject({ kind: 'write', changed: ['title'], conflicts: [] });
    expect(mergeEventMutation(afterA, update({ title: 'Team lunch' }, 5))).toMatchObject({ kind: 'write', changed: [], conflicts: [] });
  });

  it('lets the last writer win when a mutation names no base version', () => {
    const afterA = commit(base, update({ title: 'Team lunch' }, 5), 6);
    expect(mergeEventMutation(afterA, update({ title: 'Mine' }))).toMatchObject({ kind: 'write', changed: ['title'], conflicts: [] });
  });

  it('moves start and end together as one field under the same rule', () => {
    const afterA = commit(base, move(14, 5), 6);
    const outcome = mergeEventMutation(afterA, move(16, 5));
    expect(outcome).toMatchObject({ kind: 'write', changed: [], conflicts: [{ field: 'time', kept: { start: { dateTime: '2026-03-02T14:00' } } }] });
    expect(mergeEventMutation(afterA, update({ title: 'Moved lunch' }, 5))).toMatchObject({ kind: 'write', changed: ['title'], conflicts: [] });
  });

  it('clears an optional field with null', () => {
    const withPlace = commit(base, update({ location: 'Canteen' }), 6);
    const cleared = commit(withPlace, update({ location: null }, 6), 7);
    expect(cleared.event).not.toHaveProperty('location');
  });

  it('lets a delete win over a later edit, and repeats a delete as a no-op', () => {
    const deleted = commit(base, mutation('deleteEvent', { eventId: 'e1' }), 6);
    expect(deleted).toMatchObject({ deleted: true, event: { title: 'Lunch' } });
    expect(mergeEventMutation(deleted, update({ title: 'x' }, 5))).toMatchObject({ kind: 'rejected', code: 'deleted' });
    expect(mergeEventMutation(deleted, move(11, 5))).toMatchObject({ kind: 'rejected', code: 'deleted' });
    expect(mergeEventMutation(deleted, mutation('deleteEvent', { eventId: 'e1' }))).toEqual({ kind: 'unchanged' });
  });

  it('re-creates a deleted event under its id (Undo of a delete)', () => {
    const deleted = commit(base, mutation('deleteEvent', { eventId: 'e1' }), 6);
    const again = commit(deleted, mutation('createEvent', { event: testEvent('e1', { title: 'Lunch' }) }), 7);
    expect(again).toMatchObject({ deleted: false, event: { title: 'Lunch' }, fieldVersions: { title: 7, time: 7 } });
  });

  it('treats a create of a live event as a full replacement under the field rule', () => {
    const afterA = commit(base, update({ title: 'Team lunch' }, 5), 6);
    const outcome = mergeEventMutation(afterA, mutation('createEvent', { event: testEvent('e1', { title: 'Other', location: 'Here' }) }, 5));
    expect(outcome).toMatchObject({ kind: 'write', changed: ['location'], conflicts: [{ field: 'title', kept: 'Team lunch' }] });
  });

  it('refuses edits of unknown events and results that are not valid events', () => {
    expect(mergeEventMutation(undefined, update({ title: 'x' }))).toMatchObject({ kind: 'rejected', code: 'not-found' });
    expect(mergeEventMutation(undefined, mutation('deleteEvent', { eventId: 'e1' }))).toMatchObject({ kind: 'rejected', code: 'not-found' });
    const backwards = mutation<EventMutation>('moveEvent', { eventId: 'e1', start: { dateTime: '2026-03-02T11:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-02T10:00', timeZone: 'Europe/Berlin' } });
    expect(mergeEventMutation(base, backwards)).toMatchObject({ kind: 'rejected', code: 'invalid', message: 'the event must end after it starts' });
    expect(mergeEventMutation(base, update({ recurrence: { rule: 'FREQ=NEVER', exdates: [] } }))).toMatchObject({ kind: 'rejected', code: 'invalid' });
  });

  it('names the calendar an event leaves and the one it lands in', () => {
    const outcome = mergeEventMutation(base, update({ calendarId: 'work' }));
    expect(outcome.kind === 'write' && calendarsTouched(base, outcome.event)).toEqual(['work', 'personal']);
    expect(calendarsTouched(undefined, testEvent('e2'))).toEqual(['personal']);
  });

  it('lets a device create or change a calendar, but not a read-only one', () => {
    expect(mergeCalendar(undefined, testCalendar('holidays', { readOnly: true }))).toMatchObject({ kind: 'write' });
    expect(mergeCalendar(testCalendar('work'), testCalendar('work', { name: 'Job' }))).toMatchObject({ kind: 'write' });
    expect(mergeCalendar(testCalendar('h', { readOnly: true }), testCalendar('h', { readOnly: false }))).toMatchObject({ kind: 'rejected', code: 'read-only' });
    expect(mergeCalendar(testCalendar('h', { readOnly: true }), testCalendar('h', { readOnly: true }))).toEqual({ kind: 'unchanged' });
  });

  it('compares JSON whatever the key order, with absent and null alike', () => {
    expect(sameJson({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ y: 2, x: 1 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson(undefined, null)).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

const patchArbitrary: fc.Arbitrary<EventPatch> = fc.record(
  {
    title: fc.string({ maxLength: 20 }),
    location: fc.option(fc.string({ maxLength: 10 })),
    description: fc.option(fc.string({ maxLength: 10 })),
    status: fc.constantFrom('confirmed', 'tentative', 'cancelled'),
    transparency: fc.constantFrom('opaque', 'transparent'),
    attendees: fc.array(fc.record({ email: fc.emailAddress(), response: fc.constantFrom('needsAction', 'accepted'), optional: fc.boolean() }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EventPatch>;

describe('merge rules, for any patch', () => {
  it('apply a patch without a base version exactly as the client applies it', () => {
    fc.assert(
      fc.property(patchArbitrary, fc.integer({ min: 1, max: 50 }), (patch, version) => {
        const stored = created(testEvent('e1', { location: 'Room 1' }), version);
        const m = update(patch);
        const outcome = mergeEventMutation(stored, m);
        expect(outcome.kind).toBe('write');
        expect(sameJson(outcome.kind === 'write' && outcome.event, applyMutation(stored.event, m))).toBe(true);
      }),
      { seed: 8, numRuns: 200 },
    );
  });

  it('keep every conflicting field as it was, apply the others, and report exactly the kept ones', () => {
    fc.assert(
      fc.property(patchArbitrary, patchArbitrary, (first, second) => {
        const afterFirst = commit(created(testEvent('e1'), 5), update(first, 5), 6);
        const outcome = mergeEventMutation(afterFirst, update(second, 5));
        if (outcome.kind !== 'write') throw new Error('expected a write');
        for (const [field, value] of Object.entries(second)) {
          const conflict = outcome.conflicts.find((c) => c.field === field);
          const changedByFirst = afterFirst.fieldVersions[field as keyof EventPatch] === 6;
          const current = (afterFirst.event as Record<string, unknown>)[field];
          expect(conflict !== undefined).toBe(changedByFirst && !sameJson(current, value));
          expect(sameJson((outcome.event as Record<string, unknown>)[field], conflict ? current : value)).toBe(true);
        }
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});
