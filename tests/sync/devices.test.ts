import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../../src/api/client';
import { createHost, inProcessTransport, type Host } from '../../src/app';
import { startServerProcess, startTestServer, testDatabaseKinds, freePort, type ServerProcess, type TestServer } from '../../sync-server/testing';
import { useTempDirs } from '../support/temp';

/**
 * Devices syncing through a real sync server: each device is a whole host (cache, outbox,
 * client) driven through the api contract, as the UI and the CLI drive it.
 */
const tempDir = useTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Device {
  host: Host;
  api: ApiClient;
}

function device(): Device {
  const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin' });
  cleanups.push(() => host.close());
  return { host, api: createClient(inProcessTransport(host)) };
}

async function pair(url: string): Promise<[Device, Device]> {
  const a = device();
  const b = device();
  await a.api.send('sync.connect', { url, deviceName: 'laptop' });
  const { code } = await a.api.send('devices.pair', {});
  await b.api.send('sync.join', { url, code, deviceName: 'desktop' });
  return [a, b];
}

const week = { from: '2026-11-30', to: '2026-12-07' };
const agenda = async (d: Device) => (await d.api.send('agenda.list', week)).entries.map((e) => ({ title: e.title, start: e.start, location: e.location ?? null }));
const eventOf = (d: Device, id: string) => d.api.send('events.get', { id });

describe.each(testDatabaseKinds())('two devices through the sync server on %s', (kind) => {
  let server: TestServer;

  async function start(): Promise<string> {
    server = await startTestServer(kind);
    cleanups.push(() => server.close());
    return server.url;
  }

  it('converge after editing offline, keeping edits of different fields of one event', async () => {
    const [a, b] = await pair(await start());
    const { event } = await a.api.send('events.create', { title: 'Design sync', start: '2026-12-03T10:00', end: '2026-12-03T10:30' });
    await a.api.send('sync.run', {});
    await b.api.send('sync.run', {});
    expect(await agenda(b)).toEqual(await agenda(a));

    // Offline: A renames and adds a lunch; B moves the room and adds a gym session.
    await a.host.dispatch('assistant.say', { text: 'rename the design sync to design review', now: '2026-11-30T09:00', confirm: true });
    const renamed = await eventOf(a, event.id);
    expect(renamed.title).toBe('Design review');
    await a.api.send('events.create', { title: 'Lunch', start: '2026-12-02T12:00', end: '2026-12-02T13:00' });
    const local = b.host.context.store;
    local.apply('Room', [{ name: 'updateEvent', args: { eventId: event.id, patch: { location: 'Room 4' } } }]);
    await b.api.send('events.create', { title: 'Gym', start: '2026-12-04T18:00', end: '2026-12-04T19:00' });

    await a.api.send('sync.run', {});
    const fromB = await b.api.send('sync.run', {});
    expect(fromB.conflicts).toEqual([]);
    await a.api.send('sync.run', {});

    expect(await agenda(a)).toEqual(await agenda(b));
    expect(await eventOf(b, event.id)).toMatchObject({ title: 'Design review', location: 'Room 4' });
    expect((await agenda(a)).map((e) => e.title).sort()).toEqual(['Design review', 'Gym', 'Lunch']);
  });

  it('keeps the first of two edits of the same field, and tells the device whose edit lost', async () => {
    const [a, b] = await pair(await start());
    const { event } = await a.api.send('events.create', { title: 'Standup', start: '2026-12-01T09:00', end: '2026-12-01T09:15' });
    await a.api.send('sync.run', {});
    await b.api.send('sync.run', {});
    a.host.context.store.apply('Rename', [{ name: 'updateEvent', args: { eventId: event.id, patch: { title: 'Daily standup' } } }]);
    b.host.context.store.apply('Rename', [{ name: 'updateEvent', args: { eventId: event.id, patch: { title: 'Team standup' } } }]);
    await a.api.send('sync.run', {});
    const lost = await b.api.send('sync.run', {});
    expect(lost.conflicts).toEqual([{ eventId: event.id, field: 'title', kept: 'Daily standup', discarded: 'Team standup' }]);
    await a.api.send('sync.run', {});
    expect((await eventOf(a, event.id)).title).toBe('Daily standup');
    expect((await eventOf(b, event.id)).title).toBe('Daily standup');
  });

  it('refuses a revoked device on its next request', async () => {
    const [a, b] = await pair(await start());
    const status = await b.api.send('sync.status', {});
    await a.api.send('devices.revoke', { id: status.deviceId! });
    await expect(b.api.send('sync.run', {})).rejects.toMatchObject({ code: 'denied' });
  });
});

describe('a sync server killed in the middle of a push', () => {
  let server: ServerProcess;

  it('loses no acknowledged mutation, and the retry completes the rest', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    server = await startServerProcess({ dataDir, port });
    cleanups.push(() => void server.kill());
    const [a, b] = await pair(server.url);
    const batch = Array.from({ length: 300 }, (_, i) => ({
      name: 'createEvent' as const,
      args: {
        event: {
          id: `e-${i}`,
          calendarId: 'personal',
          title: `Event ${i}`,
          start: { dateTime: `2026-12-0${1 + (i % 5)}T${String(8 + (i % 10)).padStart(2, '0')}:00:00`, timeZone: 'Europe/Berlin' },
          end: { dateTime: `2026-12-0${1 + (i % 5)}T${String(8 + (i % 10)).padStart(2, '0')}:30:00`, timeZone: 'Europe/Berlin' },
          attendees: [],
          status: 'confirmed' as const,
          transparency: 'opaque' as const,
        },
      },
    }));
    a.host.context.store.apply('Import', batch);
    const interrupted = a.api.sendCatch('sync.run', {});
    await new Promise((resolve) => setTimeout(resolve, 150));
    await server.kill('SIGKILL');
    const failed = await interrupted;
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const pendingAfterKill = (await a.api.send('sync.status', {})).pendingChanges;

    server = await startServerProcess({ dataDir, port });
    const retried = await a.api.send('sync.run', {});
    expect(retried.rejected).toEqual([]);
    expect((await a.api.send('sync.status', {})).pendingChanges).toBe(0);
    expect(pendingAfterKill).toBeGreaterThan(0);

    await b.api.send('sync.run', {});
    const onB = await b.api.send('agenda.list', week);
    expect(onB.entries.filter((e) => e.title.startsWith('Event ')).length).toBe(300);
    expect(await agenda(b)).toEqual(await agenda(a));
  }, 120_000);
});
