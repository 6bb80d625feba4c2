import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarEvent } from '../src/domain/event';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { ROUTES } from '../src/sync/protocol';
import type { Database } from './db/database';
import { createLogger } from './logging';
import { buildServer } from './server';
import { mutation, openTestDatabase, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type TestServer } from './testing';

const create = (event: CalendarEvent) => mutation<EventMutation>('createEvent', { event });
const update = (eventId: string, patch: Extract<EventMutation, { name: 'updateEvent' }>['args']['patch'], baseVersion?: number) =>
  mutation<EventMutation>('updateEvent', { eventId, patch }, baseVersion);
const remove = (eventId: string, baseVersion?: number) => mutation<EventMutation>('deleteEvent', { eventId }, baseVersion);
const putCalendar = (...args: Parameters<typeof testCalendar>) => mutation<Mutation>('putCalendar', { calendar: testCalendar(...args) });

describe.each(testDatabaseKinds())('push on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  /** A new user with a laptop and a phone, sharing the calendar "personal". */
  async function twoDevices(): Promise<[TestDevice, TestDevice]> {
    const laptop = await TestDevice.register(server.url, 'Laptop');
    const phone = await laptop.pair('Phone');
    await laptop.push([putCalendar('personal')]);
    return [laptop, phone];
  }

  async function changeLogSize(userId: string): Promise<number> {
    const [row] = await server.database.query<{ n: number }>('select count(*)::int as n from change_log where user_id = $1', [userId]);
    return row!.n;
  }

  it('applies a replayed push once: the same answers, no new version, nothing new to pull', async () => {
    const [laptop] = await twoDevices();
    const batch = [create(testEvent('e1')), update('e1', { title: 'Renamed' }), update('missing', { title: 'x' }), create(testEvent('e2')), remove('e2')];
    const first = await laptop.push(batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'applied']);
    const logged = await changeLogSize(laptop.userId);
    const { cursor } = await laptop.pullAll();

    const replay = await laptop.push(batch);
    expect(replay.results).toEqual(first.results.map((r) => (r.status === 'applied' ? { ...r, status: 'duplicate' } : r)));
    expect(replay.version).toBe(first.version);
    expect(await changeLogSize(laptop.userId)).toBe(logged);
    expect((await laptop.pull(cursor)).changes).toEqual([]);
    expect((await laptop.events()).get('e1')?.title).toBe('Renamed');
  });

  it('keeps concurrent edits of different fields from two devices', async () => {
    const [laptop, phone] = await twoDevices();
    const { results } = await laptop.push([create(testEvent('e1', { title: 'Lunch' }))]);
    const base = results[0]!.version!;
    const [a, b] = await Promise.all([laptop.push([update('e1', { title: 'Team lunch' }, base)]), phone.push([update('e1', { location: 'Canteen' }, base)])]);
    expect([a.results[0], b.results[0]]).toMatchObject([
      { status: 'applied', conflicts: [] },
      { status: 'applied', conflicts: [] },
    ]);
    expect((await phone.events()).get('e1')).toMatchObject({ title: 'Team lunch', location: 'Canteen' });
  });

  it('keeps the first write of a field, reports the second, and still applies its other fields', async () => {
    const [laptop, phone] = await twoDevices();
    const base = (await laptop.push([create(testEvent('e1', { title: 'Lunch' }))])).results[0]!.version!;
    await laptop.push([update('e1', { title: 'Team lunch' }, base)]);
    const { results } = await phone.push([update('e1', { title: 'Lunch with Dana', description: 'bring slides' }, base)]);
    expect(results[0]).toMatchObject({ status: 'applied', conflicts: [{ eventId: 'e1', field: 'title', kept: 'Team lunch', discarded: 'Lunch with Dana' }] });
    expect((await laptop.events()).get('e1')).toMatchObject({ title: 'Team lunch', description: 'bring slides' });
  });

  it('lets a delete win over an edit made before it was seen, and undoes a delete by re-creating the id', async () => {
    const [laptop, phone] = await twoDevices();
    const base = (await laptop.push([create(testEvent('e1'))])).results[0]!.version!;
    const deleted = await laptop.push([remove('e1', base)]);
    const move = mutation<EventMutation>(
      'moveEvent',
      { eventId: 'e1', start: { dateTime: '2026-03-02T15:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-02T16:00', timeZone: 'Europe/Berlin' } },
      base,
    );
    const late = await phone.push([update('e1', { title: 'Edited offline' }, base), move, remove('e1', base)]);
    expect(late.results).toMatchObject([
      { status: 'rejected', error: { code: 'deleted' } },
      { status: 'rejected', error: { code: 'deleted' } },
      { status: 'applied', version: deleted.results[0]!.version },
    ]);
    expect((await phone.events()).has('e1')).toBe(false);
    await laptop.push([create(testEvent('e1', { title: 'Back again' }))]);
    expect((await phone.events()).get('e1')?.title).toBe('Back again');
  });

  it('deletes the exceptions of a deleted series, each with its own version, before the master', async () => {
    const [laptop, phone] = await twoDevices();
    const master = testEvent('series', { recurrence: { rule: 'FREQ=WEEKLY', exdates: [] } });
    const exception = testEvent('series-x1', { seriesId: 'series', originalStart: '2026-03-09T09:00', start: { dateTime: '2026-03-09T11:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-09T12:00', timeZone: 'Europe/Berlin' } });
    const other = testEvent('other');
    await laptop.push([create(master), create(exception), create(testEvent('series-x2', { ...exception, id: 'series-x2', originalStart: '2026-03-16T09:00' })), create(other)]);
    const { cursor } = await phone.pullAll();
    const { results } = await laptop.push([remove('series')]);
    const { changes } = await phone.pullAll(cursor);
    expect(changes.map((c) => (c.kind === 'event' ? [c.eventId, c.deleted] : c.kind))).toEqual([
      ['series-x1', true],
      ['series-x2', true],
      ['series', true],
    ]);
    expect(new Set(changes.map((c) => c.version)).size).toBe(3);
    expect(results[0]!.version).toBe(changes.at(-1)!.version);
    expect([...(await phone.events()).keys()]).toEqual(['other']);
  });

  it("refuses another user's calendar and events, and keeps going after a refusal", async () => {
    const [alice] = await twoDevices();
    await alice.push([putCalendar('alice-work'), create(testEvent('alice-event', { calendarId: 'alice-work' }))]);
    const bob = await TestDevice.register(server.url, 'Bob');
    const { results } = await bob.push([
      create(testEvent('b1', { calendarId: 'alice-work' })),
      update('alice-event', { title: 'Hijacked' }),
      putCalendar('bob-home'),
      create(testEvent('b2', { calendarId: 'bob-home' })),
      update('b2', { calendarId: 'alice-work' }),
    ]);
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['forbidden', 'not-found', 'applied', 'applied', 'forbidden']);
    expect((await alice.events()).get('alice-event')?.title).toBe('Event alice-event');
    expect([...(await bob.events()).keys()]).toEqual(['b2']);
  });

  it('keeps a read-only calendar and its events as they are', async () => {
    const [laptop] = await twoDevices();
    await laptop.push([putCalendar('holidays', { readOnly: true })]);
    await server.database.query(
      `insert into events (user_id, id, calendar_id, data, version, field_versions) values ($1, 'h1', 'holidays', $2::jsonb, 1, '{}')`,
      [laptop.userId, JSON.stringify(testEvent('h1', { calendarId: 'holidays' }))],
    );
    const { results } = await laptop.push([
      create(testEvent('x', { calendarId: 'holidays' })),
      putCalendar('holidays', { name: 'My holidays' }),
      update('h1', { title: 'Mine now' }),
      remove('h1'),
      create(testEvent('mine')),
      update('mine', { calendarId: 'holidays' }),
      putCalendar('holidays', { readOnly: true }),
    ]);
    expect(results.map((r) => r.error?.code ?? r.status)).toEqual(['read-only', 'read-only', 'read-only', 'read-only', 'applied', 'read-only', 'applied']);
  });

  it('refuses an invalid push as a whole, saying which field is wrong', async () => {
    const [laptop] = await twoDevices();
    const bad = { ...create(testEvent('e1')), args: { event: { ...testEvent('e1'), start: { dateTime: 'noon', timeZone: 'Europe/Berlin' } } } };
    expect(await laptop.request('POST', ROUTES.push, { mutations: [create(testEvent('ok')), bad] })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid-request', message: expect.stringContaining('body.mutations.1.args.event.start') } },
    });
    expect(await laptop.request('POST', ROUTES.push, { mutations: [] })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('body.mutations') } } });
    expect((await laptop.events()).size).toBe(0);
  });

  it('lets a device that polls with its cursor see every version, while two devices push at once', async () => {
    const [laptop, phone] = await twoDevices();
    const watcher = await laptop.pair('Watcher');
    const seen = new Map<string, string>();
    let cursor = 0;
    let pushing = true;
    const poll = (async () => {
      while (pushing) {
        const page = await watcher.pull(cursor, 50);
        for (const change of page.changes) if (change.kind === 'event' && change.event) seen.set(change.eventId, change.event.title);
        cursor = page.cursor;
      }
    })();
    // Every push creates a new event, so a version the watcher skipped is an event it never sees.
    const writer = async (device: TestDevice, prefix: string) => {
      for (let i = 0; i < 30; i++) await device.push([create(testEvent(`${prefix}${i}`, { title: `${prefix} ${i}` }))]);
    };
    await Promise.all([writer(laptop, 'a'), writer(phone, 'b')]);
    pushing = false;
    await poll;
    for (const change of (await watcher.pull(cursor, 1000)).changes) if (change.kind === 'event' && change.event) seen.set(change.eventId, change.event.title);
    const truth = new Map([...(await watcher.events())].map(([id, event]) => [id, event.title]));
    expect(truth.size).toBe(60);
    expect(seen).toEqual(truth);
  });
});

describe.each(testDatabaseKinds())('a push cut short by a server failure on %s', (kind) => {
  let database: Database;
  let failOnTransaction = 0;
  let transactions = 0;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const flaky: Database = {
      ...database,
      transaction(work) {
        transactions += 1;
        if (transactions === failOnTransaction) return Promise.reject(new Error('connection lost'));
        return database.transaction(work);
      },
    };
    const app = await buildServer({ database: flaky, closeDatabase: false, logger: createLogger({ level: 'silent' }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => {
      await app.close();
      await database.close();
    };
  });
  afterAll(() => close());

  it('acknowledges the mutations committed before the failure, and the retry completes the rest', async () => {
    const device = await TestDevice.register(url);
    const batch = [putCalendar('personal'), create(testEvent('e1')), create(testEvent('e2')), create(testEvent('e3'))];
    failOnTransaction = transactions + 3;
    const cut = await device.push(batch);
    expect(cut.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const retry = await device.push(batch);
    expect(retry.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied', 'applied']);
    expect([...(await device.events()).keys()].sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('answers 500 when not even the first mutation could commit', async () => {
    const device = await TestDevice.register(url);
    failOnTransaction = transactions + 1;
    expect(await device.request('POST', ROUTES.push, { mutations: [putCalendar('personal')] })).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
  });
});
