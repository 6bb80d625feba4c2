import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { MAX_PULL_LIMIT, ROUTES } from '../src/sync/protocol';
import { mutation, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type TestServer } from './testing';

describe.each(testDatabaseKinds())('pull on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;
  beforeAll(async () => {
    server = await startTestServer(kind);
    device = await TestDevice.register(server.url);
    const events = Array.from({ length: 25 }, (_, i) => mutation<EventMutation>('createEvent', { event: testEvent(`e${String(i).padStart(2, '0')}`) }));
    await device.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() }), ...events]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('pages through the current state by version, each entity once, with the cursor to continue from', async () => {
    const first = await device.pull(0, 10);
    expect(first.changes).toHaveLength(10);
    expect(first.changes[0]).toMatchObject({ kind: 'calendar', calendar: { id: 'personal' } });
    expect(first).toMatchObject({ hasMore: true, cursor: first.changes[9]!.version });
    const versions = first.changes.map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    // An event already paged past changes: it comes again, once, at its new version.
    await device.push([mutation<EventMutation>('updateEvent', { eventId: 'e02', patch: { title: 'Changed' } })]);
    const rest = await device.pullAll(first.cursor, 10);
    const ids = rest.changes.map((c) => (c.kind === 'event' ? c.eventId : c.calendar.id));
    expect(ids).toHaveLength(17);
    expect(new Set(ids).size).toBe(17);
    expect(rest.changes.at(-1)).toMatchObject({ eventId: 'e02', event: { title: 'Changed' } });
    expect(await device.pull(rest.cursor)).toEqual({ changes: [], cursor: rest.cursor, hasMore: false });
  });

  it('sends a deleted event as deleted, without its data', async () => {
    const { version } = await device.push([mutation<EventMutation>('deleteEvent', { eventId: 'e03' })]);
    expect((await device.pull(version - 1)).changes).toEqual([{ kind: 'event', version, eventId: 'e03', deleted: true }]);
  });

  it("sends nothing of another user's", async () => {
    const stranger = await TestDevice.register(server.url);
    expect(await stranger.pull(0)).toEqual({ changes: [], cursor: 0, hasMore: false });
  });

  it('refuses a cursor or limit out of range, naming it', async () => {
    expect(await device.request('GET', `${ROUTES.pull}?cursor=-1`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('query.cursor') } } });
    expect(await device.request('GET', `${ROUTES.pull}?cursor=0&limit=${MAX_PULL_LIMIT + 1}`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('query.limit') } } });
    expect(await device.request('GET', `${ROUTES.pull}?cursor=abc`)).toMatchObject({ status: 400 });
    expect(await device.request('GET', ROUTES.pull)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('query.cursor') } } });
  });
});
