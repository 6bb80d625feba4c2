import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import type { CalendarEvent } from '../domain/event';
import { localToInstant } from '../domain/time';
import { CalendarStore } from './calendar-store';
import { StoreError } from './errors';
import { EMBEDDING_DIMENSIONS } from './schema';

const tempDir = useTempDirs();
const NOW = Date.parse('2026-11-25T10:00:00Z');
const ZONE = 'America/New_York';

function openStore(file = path.join(tempDir(), 'cache.db')): CalendarStore {
  const store = CalendarStore.open({ file, now: () => NOW });
  store.putCalendar({ id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false });
  return store;
}

function timed(id: string, title: string, start: string, end: string, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id,
    calendarId: 'personal',
    title,
    start: { dateTime: start, timeZone: ZONE },
    end: { dateTime: end, timeZone: ZONE },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    ...extra,
  };
}

const day = (date: string, zone = ZONE) => ({
  start: localToInstant(`${date}T00:00:00`, zone),
  end: localToInstant(`${date}T23:59:59`, zone) + 1000,
});
const titles = (store: CalendarStore, range: { start: number; end: number }, zone = ZONE) => store.agenda(range, zone).map((e) => e.title);

describe('CalendarStore', () => {
  it('keeps events across a restart', () => {
    const file = path.join(tempDir(), 'cache.db');
    const first = openStore(file);
    first.apply('Add Dentist', [{ name: 'createEvent', args: { event: timed('e1', 'Dentist', '2026-12-03T09:00:00', '2026-12-03T10:00:00') } }]);
    first.close();
    const second = CalendarStore.open({ file });
    expect(titles(second, day('2026-12-03'))).toEqual(['Dentist']);
    expect(second.getEvent('e1')?.title).toBe('Dentist');
    second.close();
  });

  it('lists a weekly series at 09:00 local on both sides of the DST change, with an exception moved', () => {
    const store = openStore();
    const series = timed('s1', 'Standup', '2026-10-19T09:00:00', '2026-10-19T09:15:00', {
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', exdates: ['2026-11-16T09:00:00'] },
    });
    const moved = timed('x1', 'Standup (late)', '2026-11-09T11:00:00', '2026-11-09T11:15:00', {
      seriesId: 's1',
      originalStart: '2026-11-09T09:00:00',
    });
    store.apply('Add standup', [{ name: 'createEvent', args: { event: series } }, { name: 'createEvent', args: { event: moved } }]);
    const entries = store.agenda({ start: Date.parse('2026-10-26T00:00:00Z'), end: Date.parse('2026-11-24T00:00:00Z') }, ZONE);
    expect(entries.map((e) => [e.title, new Date(e.startsAt).toISOString()])).toEqual([
      ['Standup', '2026-10-26T13:00:00.000Z'],
      ['Standup', '2026-11-02T14:00:00.000Z'],
      ['Standup (late)', '2026-11-09T16:00:00.000Z'],
      ['Standup', '2026-11-23T14:00:00.000Z'],
    ]);
    expect(entries[2]).toMatchObject({ eventId: 'x1', seriesId: 's1', originalStart: '2026-11-09T09:00:00', recurring: true });
    store.apply('Remove exception', [{ name: 'deleteEvent', args: { eventId: 'x1' } }]);
    expect(titles(store, day('2026-11-09'))).toEqual(['Standup']);
  });

  it('materialises an endless series further when a query reaches past the horizon', () => {
    const store = openStore();
    store.apply('Add', [{ name: 'createEvent', args: { event: timed('s1', 'Review', '2026-01-05T15:00:00', '2026-01-05T16:00:00', { recurrence: { rule: 'FREQ=MONTHLY;BYMONTHDAY=5', exdates: [] } }) } }]);
    expect(titles(store, day('2031-03-05'))).toEqual(['Review']);
  });

  it('shows an all-day event on its date in every viewer zone', () => {
    const store = openStore();
    store.apply('Add', [{ name: 'createEvent', args: { event: { ...timed('a1', 'Holiday', '', ''), start: { date: '2026-12-25' }, end: { date: '2026-12-26' } } } }]);
    for (const zone of ['Pacific/Kiritimati', 'Asia/Tokyo', 'UTC', 'America/Los_Angeles', 'Pacific/Pago_Pago']) {
      expect(titles(store, day('2026-12-25', zone), zone)).toEqual(['Holiday']);
      expect(titles(store, day('2026-12-24', zone), zone)).toEqual([]);
      expect(titles(store, day('2026-12-26', zone), zone)).toEqual([]);
    }
  });

  it('finds long events from any day they span, and short ones only where they are', () => {
    const store = openStore();
    const allDay = (id: string, title: string, start: string, end: string): CalendarEvent => ({ ...timed(id, title, '', ''), start: { date: start }, end: { date: end } });
    store.apply('Add', [
      { name: 'createEvent', args: { event: allDay('conf', 'Conference', '2026-12-01', '2026-12-11') } },
      { name: 'createEvent', args: { event: allDay('trip', 'Trip', '2026-12-04', '2026-12-07') } },
      { name: 'createEvent', args: { event: timed('shift', 'Night shift', '2026-12-05T20:00:00', '2026-12-07T02:00:00') } },
      { name: 'createEvent', args: { event: timed('long', 'Workshop', '2026-12-06T08:00:00', '2026-12-06T20:00:00') } },
      { name: 'createEvent', args: { event: timed('coffee', 'Coffee', '2026-12-06T10:00:00', '2026-12-06T10:30:00') } },
    ]);
    expect(titles(store, day('2026-12-06'))).toEqual(['Conference', 'Trip', 'Night shift', 'Workshop', 'Coffee']);
    expect(titles(store, day('2026-12-10'))).toEqual(['Conference']);
    expect(titles(store, day('2026-12-11'))).toEqual([]);
    expect(titles(store, { start: localToInstant('2026-12-07T01:00:00', ZONE), end: localToInstant('2026-12-07T01:30:00', ZONE) })).toEqual(['Conference', 'Night shift']);
  });

  it('queues every change in the outbox, in order', () => {
    const store = openStore();
    store.apply('Add', [{ name: 'createEvent', args: { event: timed('e1', 'Lunch', '2026-12-03T12:00:00', '2026-12-03T13:00:00') } }]);
    store.apply('Rename', [{ name: 'updateEvent', args: { eventId: 'e1', patch: { title: 'Lunch with Priya' } } }]);
    store.apply('Delete', [{ name: 'deleteEvent', args: { eventId: 'e1' } }]);
    expect(store.outbox.pending().map((e) => e.mutation.name)).toEqual(['putCalendar', 'createEvent', 'updateEvent', 'deleteEvent']);
    expect(store.outbox.pendingCount()).toBe(4);
  });

  it('undoes the newest change exactly, including a series deleted with its exceptions', () => {
    const store = openStore();
    const series = timed('s1', 'Gym', '2026-12-01T07:00:00', '2026-12-01T08:00:00', { recurrence: { rule: 'FREQ=DAILY;COUNT=5', exdates: [] } });
    const exception = timed('x1', 'Gym (late)', '2026-12-02T18:00:00', '2026-12-02T19:00:00', { seriesId: 's1', originalStart: '2026-12-02T07:00:00' });
    store.apply('Add gym', [{ name: 'createEvent', args: { event: series } }, { name: 'createEvent', args: { event: exception } }]);
    const week = { start: Date.parse('2026-11-30T00:00:00Z'), end: Date.parse('2026-12-08T00:00:00Z') };
    const before = store.agenda(week, ZONE);
    store.apply('Delete gym', [{ name: 'deleteEvent', args: { eventId: 's1' } }]);
    expect(store.agenda(week, ZONE)).toEqual([]);
    expect(store.undo()?.undone.label).toBe('Delete gym');
    expect(store.agenda(week, ZONE)).toEqual(before);
    expect(store.getEvent('x1')).toEqual(exception);
    expect(store.undo()?.undone.label).toBe('Add gym');
    expect(store.agenda(week, ZONE)).toEqual([]);
    expect(store.undo()).toBeUndefined();
  });

  it('keeps a later edit of another field when undoing an older one', () => {
    const store = openStore();
    store.apply('Add', [{ name: 'createEvent', args: { event: timed('e1', 'Sync', '2026-12-03T12:00:00', '2026-12-03T13:00:00') } }]);
    store.apply('Rename', [{ name: 'updateEvent', args: { eventId: 'e1', patch: { title: 'Design sync' } } }]);
    // A change that did not come through this device's journal, as a sync pull would make it.
    const internal = store as unknown as { events: { put(e: CalendarEvent, h: number, n: number): void } };
    internal.events.put({ ...store.getEvent('e1')!, location: 'Room 4' }, NOW + 1e12, NOW);
    store.undo();
    expect(store.getEvent('e1')).toMatchObject({ title: 'Sync', location: 'Room 4' });
  });

  it('applies a batch all or nothing', () => {
    const store = openStore();
    expect(() =>
      store.apply('Bad batch', [
        { name: 'createEvent', args: { event: timed('e1', 'Fine', '2026-12-03T12:00:00', '2026-12-03T13:00:00') } },
        { name: 'moveEvent', args: { eventId: 'missing', start: { dateTime: '2026-12-03T12:00:00', timeZone: ZONE }, end: { dateTime: '2026-12-03T13:00:00', timeZone: ZONE } } },
      ]),
    ).toThrow(StoreError);
    expect(store.getEvent('e1')).toBeUndefined();
    expect(store.outbox.pending().map((e) => e.mutation.name)).toEqual(['putCalendar']);
    expect(store.undo()).toBeUndefined();
  });

  it('rejects events that end before they start, and writes to read-only calendars', () => {
    const store = openStore();
    expect(() => store.apply('Bad', [{ name: 'createEvent', args: { event: timed('e1', 'Backwards', '2026-12-03T12:00:00', '2026-12-03T11:00:00') } }])).toThrow(/end after it starts/);
    store.putCalendar({ id: 'holidays', name: 'Holidays', timeZone: ZONE, readOnly: true });
    const event = { ...timed('e2', 'Nope', '2026-12-03T12:00:00', '2026-12-03T13:00:00'), calendarId: 'holidays' };
    expect(() => store.apply('Add', [{ name: 'createEvent', args: { event } }])).toThrow(/read-only/);
  });

  it('resolves unique id prefixes and refuses ambiguous ones', () => {
    const store = openStore();
    store.apply('Add', [
      { name: 'createEvent', args: { event: timed('abcd-1111', 'A', '2026-12-03T12:00:00', '2026-12-03T13:00:00') } },
      { name: 'createEvent', args: { event: timed('abcd-2222', 'B', '2026-12-03T12:00:00', '2026-12-03T13:00:00') } },
    ]);
    expect(store.resolveEventId('abcd-1')).toBe('abcd-1111');
    expect(() => store.resolveEventId('abcd')).toThrow(/more than one/);
    expect(() => store.resolveEventId('zzzz')).toThrow(/no event/);
    expect(() => store.resolveEventId('a%')).toThrow(/no event/);
  });

  it('finds the nearest event embeddings, re-ranked exactly', () => {
    const store = openStore();
    const vector = (seed: number) => Float32Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => Math.sin(seed * 7.1 + i * 0.37 * seed));
    for (let i = 1; i <= 30; i++) {
      store.apply('Add', [{ name: 'createEvent', args: { event: timed(`e${i}`, `E${i}`, '2026-12-03T12:00:00', '2026-12-03T13:00:00') } }]);
      store.putEmbedding(`e${i}`, vector(i));
    }
    const nearest = store.nearestEvents(vector(7), 3);
    expect(nearest[0]).toMatchObject({ eventId: 'e7' });
    expect(nearest[0]!.distance).toBeCloseTo(0, 5);
    expect(nearest.map((n) => n.eventId)).toEqual(store.nearestEvents(vector(7), 3, { exact: true }).map((n) => n.eventId));
    store.apply('Delete', [{ name: 'deleteEvent', args: { eventId: 'e7' } }]);
    expect(store.nearestEvents(vector(7), 1)[0]?.eventId).not.toBe('e7');
  });
});

describe('opening a bad cache file', () => {
  it('says a damaged file is damaged', () => {
    const file = path.join(tempDir(), 'cache.db');
    writeFileSync(file, 'this is not a database, just some text that is long enough '.repeat(100));
    expect(() => CalendarStore.open({ file })).toThrow(expect.objectContaining({ code: 'corrupt', message: expect.stringContaining('move it aside') }));
  });

  it('refuses a cache written by a newer schema', () => {
    const file = path.join(tempDir(), 'cache.db');
    const db = new BetterSqlite3(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => CalendarStore.open({ file })).toThrow(expect.objectContaining({ code: 'newer-schema' }));
  });

  it.skipIf(process.getuid?.() === 0)('reads a read-only cache and refuses to write to it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache.db');
    const store = openStore(file);
    store.apply('Add', [{ name: 'createEvent', args: { event: timed('e1', 'Dentist', '2026-12-03T09:00:00', '2026-12-03T10:00:00') } }]);
    store.close();
    chmodSync(file, 0o444);
    const readOnly = CalendarStore.open({ file });
    expect(readOnly.readOnly).toBe(true);
    expect(titles(readOnly, day('2026-12-03'))).toEqual(['Dentist']);
    expect(() => readOnly.apply('Delete', [{ name: 'deleteEvent', args: { eventId: 'e1' } }])).toThrow(expect.objectContaining({ code: 'read-only' }));
  });

  it('opens explicitly read-only and refuses writes', () => {
    const file = path.join(tempDir(), 'cache.db');
    const store = openStore(file);
    store.apply('Add', [{ name: 'createEvent', args: { event: timed('e1', 'Dentist', '2026-12-03T09:00:00', '2026-12-03T10:00:00') } }]);
    store.close();
    const readOnly = CalendarStore.open({ file, readOnly: true });
    expect(titles(readOnly, day('2026-12-03'))).toEqual(['Dentist']);
    expect(() => readOnly.apply('Delete', [{ name: 'deleteEvent', args: { eventId: 'e1' } }])).toThrow(expect.objectContaining({ code: 'read-only' }));
  });
});
