import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../domain/event';
import { applyMutation, MutationSchema, mutationsBetween } from './mutations';

const base: CalendarEvent = {
  id: 'e1',
  calendarId: 'personal',
  title: 'Dentist',
  start: { dateTime: '2026-12-03T09:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-12-03T10:00:00', timeZone: 'Europe/Berlin' },
  location: 'Main St',
  attendees: [],
  status: 'confirmed',
  transparency: 'opaque',
};

describe('mutationsBetween', () => {
  it('expresses an edit as a move plus a field patch, clearing removed fields with null', () => {
    const edited: CalendarEvent = { ...base, title: 'Dentist (check-up)', start: { ...base.start, dateTime: '2026-12-04T09:00:00' } };
    delete edited.location;
    expect(mutationsBetween(base, edited)).toEqual([
      { name: 'moveEvent', args: { eventId: 'e1', start: edited.start, end: edited.end } },
      { name: 'updateEvent', args: { eventId: 'e1', patch: { title: 'Dentist (check-up)', location: null } } },
    ]);
  });

  it('replays to the target state from any pair of states (property)', () => {
    const variant = fc.record({
      title: fc.string({ maxLength: 20 }),
      location: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      day: fc.integer({ min: 1, max: 28 }),
      status: fc.constantFrom('confirmed', 'tentative', 'cancelled' as const),
    });
    const build = (v: { title: string; location: string | undefined; day: number; status: CalendarEvent['status'] }): CalendarEvent => {
      const day = String(v.day).padStart(2, '0');
      const event: CalendarEvent = {
        ...base,
        title: v.title,
        status: v.status,
        start: { dateTime: `2026-12-${day}T09:00:00`, timeZone: 'Europe/Berlin' },
        end: { dateTime: `2026-12-${day}T10:00:00`, timeZone: 'Europe/Berlin' },
      };
      if (v.location === undefined) delete event.location;
      else event.location = v.location;
      return event;
    };
    fc.assert(
      fc.property(fc.option(variant, { nil: undefined }), fc.option(variant, { nil: undefined }), (a, b) => {
        const from = a && build(a);
        const to = b && build(b);
        const result = mutationsBetween(from, to).reduce<CalendarEvent | undefined>((state, m) => applyMutation(state, m), from);
        expect(result).toEqual(to);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('MutationSchema', () => {
  it('accepts a well-formed mutation and rejects unknown fields in a patch', () => {
    const envelope = { id: '6f1c9a52-7c1e-4d0a-9d9e-2b5d1f0e8a11', createdAt: '2026-11-25T10:00:00Z' };
    expect(MutationSchema.safeParse({ ...envelope, name: 'deleteEvent', args: { eventId: 'e1' } }).success).toBe(true);
    expect(MutationSchema.safeParse({ ...envelope, name: 'updateEvent', args: { eventId: 'e1', patch: { colour: 'red' } } }).success).toBe(false);
    expect(MutationSchema.safeParse({ ...envelope, name: 'dropTable', args: {} }).success).toBe(false);
  });
});
