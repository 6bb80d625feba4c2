import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, SyncProgressLineSchema, type ProviderAccount, type PulledChange } from '../../src/sync/protocol';
import { AuthExpiredError, type ProviderCalendar } from '../providers/connector';
import { DEFAULT_CONNECTORS, type ConnectorRegistry } from '../providers/registry';
import { MemoryConnector, MemoryProvider } from '../providers/testing/memory-connector';
import { SecretVault } from '../providers/vault';
import { createLogger } from '../logging';
import { mutation, startTestServer, testDatabaseKinds, TestDevice, testEvent, type TestServer } from '../testing';
import type { EventMutation } from '../../src/sync/mutations';

const WORK: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/work/', name: 'Work', readOnly: false };
const HOLIDAYS: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/holidays/', name: 'Holidays', readOnly: true };
const ADD = { kind: 'caldav', url: 'https://dav.example.com/', username: 'dana', password: 'correct horse' };

describe.each(testDatabaseKinds())('provider accounts through the sync server on %s', (kind) => {
  let server: TestServer;
  let provider: MemoryProvider;
  let refuse = false;
  const logLines: string[] = [];
  const connectors: ConnectorRegistry = {
    caldav: async () => {
      if (refuse) throw new AuthExpiredError('401 Unauthorized');
      return new MemoryConnector(provider, [HOLIDAYS, WORK]);
    },
    microsoft: DEFAULT_CONNECTORS.microsoft!,
  };

  beforeAll(async () => {
    const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void logLines.push(line) } });
    server = await startTestServer(kind, { vault: new SecretVault(randomBytes(32)), connectors, logger });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  async function addAccount(device: TestDevice) {
    const answer = await device.request('POST', ROUTES.providers, ADD);
    expect(answer.status).toBe(201);
    return answer.body as { account: ProviderAccount; defaultCalendarId?: string };
  }

  it('adds an account: its calendars reach the devices, the first writable one becomes the default', async () => {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    const { account, defaultCalendarId } = await addAccount(laptop);
    expect(account).toMatchObject({ kind: 'caldav', label: 'dana on dav.example.com', state: 'ok' });
    expect(account.calendars.map((c) => [c.name, c.readOnly])).toEqual([
      ['Holidays', true],
      ['Work', false],
    ]);
    expect(defaultCalendarId).toBe(account.calendars.find((c) => c.name === 'Work')!.id);
    const settings = await laptop.request('GET', ROUTES.settings);
    expect(settings.body).toMatchObject({ settings: { defaultCalendarId } });
    const pulled = (await laptop.pullAll()).changes.filter((c): c is Extract<PulledChange, { kind: 'calendar' }> => c.kind === 'calendar');
    expect(pulled.map((c) => c.calendar.name).sort()).toEqual(['Holidays', 'Work']);

    const [row] = await server.database.query<{ sealed: string }>('select sealed_secret::text as sealed from provider_accounts where id = $1', [account.id]);
    expect(row!.sealed).not.toContain(ADD.password);
  });

  it('refuses wrong credentials with a clear message and stores nothing', async () => {
    provider = new MemoryProvider();
    refuse = true;
    const laptop = await TestDevice.register(server.url);
    const answer = await laptop.request('POST', ROUTES.providers, { ...ADD, password: 'wrong' });
    refuse = false;
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'provider-auth', message: expect.stringContaining('user name or password') } });
    expect((await laptop.request('GET', ROUTES.providers)).body).toEqual({ accounts: [] });
    expect((await laptop.pullAll()).changes).toEqual([]);
  });

  it('refuses a Microsoft account whose sign-in authority is not https as a bad request, storing nothing', async () => {
    const laptop = await TestDevice.register(server.url);
    const answer = await laptop.request('POST', ROUTES.providers, { kind: 'microsoft', clientId: 'tempopilot-test', authority: 'http://login.example.com/common', tokenCache: '{}' });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid-request', message: expect.stringContaining('must be https') } } });
    expect((await laptop.request('GET', ROUTES.providers)).body).toEqual({ accounts: [] });
  });

  it('syncs now with progress lines, both ways, and pokes the devices', async () => {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    const { account, defaultCalendarId } = await addAccount(laptop);
    provider.insert(WORK.remoteId, { uid: 'from-the-server', events: [{ ...testEvent('x'), title: 'Quarterly planning' }].map(({ id: _id, calendarId: _c, ...e }) => e) });
    await laptop.push([mutation<EventMutation>('createEvent', { event: testEvent('typed-here', { calendarId: defaultCalendarId!, title: 'Dentist' }) })]);

    const url = server.url + ROUTES.syncNow;
    const response = await fetch(url, { method: 'POST', headers: { ...(await laptop.client.authHeaders('POST', url)), accept: 'application/x-ndjson' } });
    const lines = (await response.text()).trim().split('\n').map((line) => SyncProgressLineSchema.parse(JSON.parse(line)));
    expect(lines.filter((line) => line.type === 'progress').length).toBeGreaterThan(0);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', result: { providers: [{ accountId: account.id, state: 'ok', pulled: 1, pushed: 1 }] } });

    expect([...(await laptop.events()).values()].map((e) => e.title).sort()).toEqual(['Dentist', 'Quarterly planning']);
    expect(provider.itemsOf(WORK.remoteId).map((item) => item.events[0]!.title).sort()).toEqual(['Dentist', 'Quarterly planning']);
    const listed = (await laptop.request('GET', ROUTES.providers)).body as { accounts: ProviderAccount[] };
    expect(listed.accounts[0]).toMatchObject({ state: 'ok', lastReport: { pulled: 1, pushed: 1 } });
    expect(listed.accounts[0]!.lastSyncedAt).toBeDefined();
  });

  it('refuses a device write to a read-only provider calendar', async () => {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    const { account } = await addAccount(laptop);
    const holidays = account.calendars.find((c) => c.readOnly)!;
    const { results } = await laptop.push([mutation<EventMutation>('createEvent', { event: testEvent('nope', { calendarId: holidays.id }) })]);
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'read-only' } });
  });

  it('marks an account whose credentials stop working as needing sign-in, without failing the sync', async () => {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    await addAccount(laptop);
    refuse = true;
    const answer = await laptop.request('POST', ROUTES.syncNow);
    refuse = false;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ providers: [{ state: 'sign-in-again', error: { code: 'auth-expired' } }] });
    expect((await laptop.request('GET', ROUTES.providers)).body).toMatchObject({ accounts: [{ state: 'sign-in-again' }] });
  });

  it('removes an account: its calendars and events leave every device, the provider keeps them', async () => {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    const { account } = await addAccount(laptop);
    provider.insert(WORK.remoteId, { uid: 'stays', events: [{ ...testEvent('y'), title: 'Stays on the server' }].map(({ id: _id, calendarId: _c, ...e }) => e) });
    await laptop.request('POST', ROUTES.syncNow);
    const { cursor } = await laptop.pullAll();

    expect((await laptop.request('DELETE', `${ROUTES.providers}/${account.id}`)).status).toBe(204);
    const after = (await laptop.pullAll(cursor)).changes;
    expect(after.filter((c) => c.kind === 'event').every((c) => c.kind === 'event' && c.deleted)).toBe(true);
    expect(after.filter((c) => c.kind === 'calendar').map((c) => c.kind === 'calendar' && c.deleted)).toEqual([true, true]);
    expect(await laptop.events()).toEqual(new Map());
    expect(provider.itemsOf(WORK.remoteId)).toHaveLength(1);
    expect((await laptop.request('GET', ROUTES.providers)).body).toEqual({ accounts: [] });
    expect((await laptop.request('DELETE', `${ROUTES.providers}/${account.id}`)).status).toBe(404);
    expect((await laptop.request('GET', ROUTES.settings)).body).toMatchObject({ settings: {} });
  });

  it('never writes a password into the server log, at any level', () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.join('')).not.toContain(ADD.password);
  });
});

describe('a sync server without a secret key', () => {
  it('refuses provider accounts with a message saying what to do', async () => {
    const server = await startTestServer('pglite');
    try {
      const laptop = await TestDevice.register(server.url);
      const answer = await laptop.request('POST', ROUTES.providers, ADD);
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'no-secret-key' } } });
      expect(await laptop.request('GET', ROUTES.providers)).toMatchObject({ status: 200, body: { accounts: [] } });
    } finally {
      await server.close();
    }
  }, 60_000);
});
