import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import { CalendarStore } from './calendar-store';
import { personalEvent as event } from '../../tests/support/events';

const tempDir = useTempDirs();
const ZONE = 'Europe/Berlin';

function openStore(): CalendarStore {
  const store = CalendarStore.open({ file: path.join(tempDir(), 'cache.db') });
  store.putCalendar({ id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false });
  return store;
}


describe('the cache as a sync replica', () => {
  it('rebases pending edits on top of what the server confirms', () => {
    const store = openStore();
    store.applyPulled([{ kind: 'event', version: 5, eventId: 'e1', deleted: false, event: event('e1', 'Sync') }], 5);
    expect(store.syncCursor()).toBe(5);
    store.apply('Rename', [{ name: 'updateEvent', args: { eventId: 'e1', patch: { title: 'Design sync' } } }]);
    const pending = store.outbox.pending().at(-1)!.mutation;
    expect(pending).toMatchObject({ name: 'updateEvent', baseVersion: 5 });
    // Another device moved the room meanwhile: the pull brings its state; our rename stays on top.
    store.applyPulled([{ kind: 'event', version: 7, eventId: 'e1', deleted: false, event: event('e1', 'Sync', { location: 'Room 4' }) }], 7);
    expect(store.getEvent('e1')).toMatchObject({ title: 'Design sync', location: 'Room 4' });
    store.settlePush([{ mutationId: pending.id, status: 'applied', version: 8, conflicts: [] }]);
    store.applyPulled([{ kind: 'event', version: 8, eventId: 'e1', deleted: false, event: event('e1', 'Design sync', { location: 'Room 4' }) }], 8);
    expect(store.getEvent('e1')).toMatchObject({ title: 'Design sync', location: 'Room 4' });
    expect(store.outbox.pending().filter((e) => e.mutation.name !== 'putCalendar')).toEqual([]);
  });

  it('drops a change the server rejected, restoring the confirmed state', () => {
    const store = openStore();
    store.applyPulled([{ kind: 'event', version: 3, eventId: 'e1', deleted: false, event: event('e1', 'Lunch') }], 3);
    store.apply('Rename', [{ name: 'updateEvent', args: { eventId: 'e1', patch: { title: 'Brunch' } } }]);
    store.apply('Add', [{ name: 'createEvent', args: { event: event('e2', 'Gym') } }]);
    const [rename, create] = store.outbox.pending().slice(-2).map((e) => e.mutation.id);
    const rebuilt = store.settlePush([
      { mutationId: rename!, status: 'rejected', conflicts: [], error: { code: 'deleted', message: 'deleted on another device' } },
      { mutationId: create!, status: 'rejected', conflicts: [], error: { code: 'forbidden', message: 'not your calendar' } },
    ]);
    expect(rebuilt.sort()).toEqual(['e1', 'e2']);
    expect(store.getEvent('e1')?.title).toBe('Lunch');
    expect(store.getEvent('e2')).toBeUndefined();
  });

  it('removes what the server deleted, unless this device still has a pending re-creation', () => {
    const store = openStore();
    store.applyPulled(
      [
        { kind: 'event', version: 1, eventId: 'e1', deleted: false, event: event('e1', 'A') },
        { kind: 'event', version: 2, eventId: 'e2', deleted: false, event: event('e2', 'B') },
      ],
      2,
    );
    store.apply('Delete B', [{ name: 'deleteEvent', args: { eventId: 'e2' } }]);
    store.undo();
    store.applyPulled(
      [
        { kind: 'event', version: 3, eventId: 'e1', deleted: true },
        { kind: 'event', version: 4, eventId: 'e2', deleted: true },
      ],
      4,
    );
    expect(store.getEvent('e1')).toBeUndefined();
    expect(store.getEvent('e2')?.title).toBe('B');
  });

  it('accepts an exception before its series within one pull, and calendars from the server', () => {
    const store = openStore();
    const series = event('s1', 'Standup', { recurrence: { rule: 'FREQ=DAILY;COUNT=3', exdates: [] } });
    const exception = event('x1', 'Standup (moved)', {
      seriesId: 's1',
      originalStart: '2026-12-04T09:00:00',
      start: { dateTime: '2026-12-04T11:00:00', timeZone: ZONE },
      end: { dateTime: '2026-12-04T12:00:00', timeZone: ZONE },
    });
    store.applyPulled(
      [
        { kind: 'calendar', version: 1, calendar: { id: 'work', name: 'Work', timeZone: ZONE, readOnly: true } },
        { kind: 'event', version: 2, eventId: 'x1', deleted: false, event: exception },
        { kind: 'event', version: 3, eventId: 's1', deleted: false, event: series },
      ],
      3,
    );
    expect(store.findCalendars('Work')).toEqual([{ id: 'work', name: 'Work', timeZone: ZONE, readOnly: true }]);
    const titles = store.agenda({ start: Date.parse('2026-12-03T00:00:00Z'), end: Date.parse('2026-12-06T00:00:00Z') }, ZONE).map((e) => e.title);
    expect(titles).toEqual(['Standup', 'Standup (moved)', 'Standup']);
  });
});
