import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Calendar } from '../../src/domain/event';
import { ROUTES, type ProviderAccount } from '../../src/sync/protocol';
import { mutation, startTestServer, testDatabaseKinds, TestDevice, type TestServer } from '../testing';
import type { ProviderCalendar } from './connector';
import type { ConnectorRegistry } from './registry';
import { MemoryConnector, MemoryProvider } from './testing/memory-connector';
import { providerMeeting } from './testing/provider-events';
import { SecretVault } from './vault';

const WORK: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/work/', name: 'Work', timeZone: 'Europe/Berlin', readOnly: false };
const FAMILY: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/family/', name: 'Family', readOnly: false };
const ADD = { kind: 'caldav', url: 'https://dav.example.com/', username: 'dana', password: 'correct horse' };

/** Calendars made, renamed and deleted at the provider after the account was added. */
describe.each(testDatabaseKinds())('calendars that change at the provider, on %s', (kind) => {
  let server: TestServer;
  const provider = new MemoryProvider();
  // What the provider lists now; each pass makes a connector that lists it.
  let listed: ProviderCalendar[] = [WORK];
  const connectors: ConnectorRegistry = { caldav: async () => new MemoryConnector(provider, listed) };

  beforeAll(async () => {
    server = await startTestServer(kind, { vault: new SecretVault(randomBytes(32)), connectors });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  async function calendars(device: TestDevice): Promise<Map<string, Calendar>> {
    const live = new Map<string, Calendar>();
    for (const change of (await device.pullAll()).changes) {
      if (change.kind !== 'calendar') continue;
      if (change.deleted) live.delete(change.calendar.id);
      else live.set(change.calendar.id, change.calendar);
    }
    return live;
  }

  it('links a new calendar with its events, follows a rename, and removes a deleted one with its events', async () => {
    const laptop = await TestDevice.register(server.url);
    provider.insert(WORK.remoteId, { uid: 'planning', events: [providerMeeting('Planning')] });
    expect((await laptop.request('POST', ROUTES.providers, ADD)).status).toBe(201);
    const syncNow = async () => expect((await laptop.request('POST', ROUTES.syncNow)).status).toBe(200);
    await syncNow();
    expect([...(await calendars(laptop)).values()].map((c) => c.name)).toEqual(['Work']);

    listed = [WORK, FAMILY];
    provider.insert(FAMILY.remoteId, { uid: 'recital', events: [providerMeeting('Piano recital')] });
    await syncNow();
    const family = [...(await calendars(laptop)).values()].find((c) => c.name === 'Family');
    expect(family).toMatchObject({ timeZone: 'Europe/Berlin', readOnly: false });
    const events = [...(await laptop.events()).values()];
    expect(events.filter((e) => e.calendarId === family!.id).map((e) => e.title)).toEqual(['Piano recital']);
    const { accounts } = (await laptop.request('GET', ROUTES.providers)).body as { accounts: ProviderAccount[] };
    expect(accounts[0]!.calendars.map((c) => [c.name, c.sync])).toEqual([['Family', true], ['Work', true]]);

    // A new event on the new calendar goes to the provider like any other.
    await laptop.push([mutation('createEvent', { event: { ...events[0]!, id: 'dinner', title: 'Dinner', calendarId: family!.id } })]);
    await syncNow();
    expect(provider.itemsOf(FAMILY.remoteId).map((item) => item.events[0]!.title).sort()).toEqual(['Dinner', 'Piano recital']);

    listed = [{ ...WORK, name: 'Work (Acme)', readOnly: true }];
    await syncNow();
    const after = await calendars(laptop);
    expect([...after.values()].map((c) => [c.name, c.readOnly])).toEqual([['Work (Acme)', true]]);
    expect([...(await laptop.events()).values()].map((e) => e.title)).toEqual(['Planning']);
    expect(((await laptop.request('GET', ROUTES.providers)).body as { accounts: ProviderAccount[] }).accounts[0]!.calendars.map((c) => c.name)).toEqual(['Work (Acme)']);

    // A pass with nothing new at the provider writes nothing.
    const cursor = (await laptop.pullAll()).cursor;
    await syncNow();
    expect((await laptop.pullAll(cursor)).changes).toEqual([]);
  });
});
