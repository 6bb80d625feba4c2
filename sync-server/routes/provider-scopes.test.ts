import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type PulledChange, type ProviderAccount, type ProviderCalendarInfo, type SyncNowResponse } from '../../src/sync/protocol';
import type { EventMutation } from '../../src/sync/mutations';
import type { PullOptions, PullResult, ProviderCalendar } from '../providers/connector';
import type { ConnectorRegistry } from '../providers/registry';
import { MemoryConnector, MemoryProvider } from '../providers/testing/memory-connector';
import { providerMeeting } from '../providers/testing/provider-events';
import { SecretVault } from '../providers/vault';
import { mutation, startTestServer, testDatabaseKinds, TestDevice, testEvent, type TestServer } from '../testing';

const WORK: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/work/', name: 'Work', readOnly: false };
const HOLIDAYS: ProviderCalendar = { remoteId: 'https://dav.example.com/cal/holidays/', name: 'Holidays', readOnly: true };
const ADD = { kind: 'caldav', url: 'https://dav.example.com/', username: 'dana', password: 'correct horse' };

/** Records which calendars were pulled, to show that a calendar switched off costs no call. */
class CountingConnector extends MemoryConnector {
  readonly pulled: string[] = [];
  override async pull(calendar: ProviderCalendar, token: string | null, options?: PullOptions): Promise<PullResult> {
    this.pulled.push(calendar.remoteId);
    return super.pull(calendar, token, options);
  }
}

describe.each(testDatabaseKinds())('per-calendar scopes through the sync server on %s', (kind) => {
  let server: TestServer;
  let provider: MemoryProvider;
  let connector: CountingConnector;
  const connectors: ConnectorRegistry = {
    caldav: async () => {
      connector = new CountingConnector(provider, [HOLIDAYS, WORK]);
      return connector;
    },
  };

  beforeAll(async () => {
    server = await startTestServer(kind, { vault: new SecretVault(randomBytes(32)), connectors });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  async function setUp() {
    provider = new MemoryProvider();
    const laptop = await TestDevice.register(server.url);
    const answer = await laptop.request('POST', ROUTES.providers, ADD);
    expect(answer.status).toBe(201);
    const { account } = answer.body as { account: ProviderAccount };
    const calendar = (name: string) => account.calendars.find((c) => c.name === name)!;
    return { laptop, account, work: calendar('Work'), holidays: calendar('Holidays') };
  }

  const scopeRoute = (accountId: string, calendarId: string) => ROUTES.providerCalendar.replace(':id', accountId).replace(':calendarId', calendarId);

  async function syncNow(device: TestDevice): Promise<SyncNowResponse> {
    const answer = await device.request('POST', ROUTES.syncNow);
    expect(answer.status).toBe(200);
    return answer.body as SyncNowResponse;
  }

  async function setScope(device: TestDevice, accountId: string, calendarId: string, scope: { sync?: boolean; write?: boolean }): Promise<ProviderCalendarInfo> {
    const answer = await device.request('PATCH', scopeRoute(accountId, calendarId), scope);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body as { account: ProviderAccount }).account.calendars.find((c) => c.id === calendarId)!;
  }

  const titles = async (device: TestDevice, calendarId: string) =>
    [...(await device.events()).values()]
      .filter((e) => e.calendarId === calendarId)
      .map((e) => e.title)
      .sort();

  it('lists each calendar with its choices: everything syncs, writable where the provider allows', async () => {
    const { laptop } = await setUp();
    const { accounts } = (await laptop.request('GET', ROUTES.providers)).body as { accounts: ProviderAccount[] };
    expect(accounts[0]!.calendars).toEqual([
      { id: expect.any(String), name: 'Holidays', readOnly: true, sync: true, write: false, providerReadOnly: true },
      { id: expect.any(String), name: 'Work', readOnly: false, sync: true, write: true, providerReadOnly: false },
    ]);
  });

  it('refuses a device write to a calendar the user made read-only; nothing reaches the provider', async () => {
    const { laptop, account, work } = await setUp();
    expect((await laptop.request('GET', ROUTES.settings)).body).toMatchObject({ settings: { defaultCalendarId: work.id } });
    expect(await setScope(laptop, account.id, work.id, { write: false })).toMatchObject({ readOnly: true, write: false, sync: true, providerReadOnly: false });
    const calendars = (await laptop.pullAll()).changes.filter((c): c is Extract<PulledChange, { kind: 'calendar' }> => c.kind === 'calendar');
    const pulledWork = calendars.find((c) => c.calendar.id === work.id);
    expect(pulledWork).toMatchObject({ calendar: { readOnly: true } });
    expect(pulledWork!.deleted).not.toBe(true);
    // The choice of default outlives a reversible change: devices pass over a read-only default.
    expect((await laptop.request('GET', ROUTES.settings)).body).toMatchObject({ settings: { defaultCalendarId: work.id } });

    const { results } = await laptop.push([mutation<EventMutation>('createEvent', { event: testEvent('refused', { calendarId: work.id }) })]);
    expect(results[0]).toMatchObject({ status: 'rejected', error: { code: 'read-only' } });
    await syncNow(laptop);
    expect(provider.calls).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(provider.itemsOf(WORK.remoteId)).toEqual([]);

    expect(await setScope(laptop, account.id, work.id, { write: true })).toMatchObject({ readOnly: false, write: true });
    const again = await laptop.push([mutation<EventMutation>('createEvent', { event: testEvent('allowed', { calendarId: work.id, title: 'Allowed' }) })]);
    expect(again.results[0]).toMatchObject({ status: 'applied' });
    await syncNow(laptop);
    expect(provider.itemsOf(WORK.remoteId).map((item) => item.events[0]!.title)).toEqual(['Allowed']);
  });

  it('never writes to a read-only calendar, even a change that was pending when it became so: the provider’s copy comes back', async () => {
    const { laptop, account, work } = await setUp();
    const editedId = provider.insert(WORK.remoteId, { uid: 'edited', events: [providerMeeting('Planning')] });
    provider.insert(WORK.remoteId, { uid: 'deleted', events: [providerMeeting('Review')] });
    await syncNow(laptop);
    const byTitle = new Map([...(await laptop.events()).values()].map((e) => [e.title, e]));
    await laptop.push([
      mutation<EventMutation>('createEvent', { event: testEvent('pending-new', { calendarId: work.id, title: 'Pending' }) }),
      mutation<EventMutation>('updateEvent', { eventId: byTitle.get('Planning')!.id, patch: { title: 'Planning (moved)' } }),
      mutation<EventMutation>('deleteEvent', { eventId: byTitle.get('Review')!.id }),
    ]);
    await setScope(laptop, account.id, work.id, { write: false });
    const before = { ...provider.calls };
    const etag = provider.remoteItem(editedId)!.etag;

    const { providers } = await syncNow(laptop);
    expect(provider.calls).toMatchObject({ create: before.create, update: before.update, delete: before.delete });
    expect(provider.remoteItem(editedId)!.etag).toBe(etag);
    expect(provider.itemsOf(WORK.remoteId).map((item) => item.events[0]!.title).sort()).toEqual(['Planning', 'Review']);
    expect(await titles(laptop, work.id)).toEqual(['Planning', 'Review']);
    expect(providers[0]!.conflicts.filter((c) => c.field === 'read-only')).toHaveLength(3);
    // Settled: the next pass has nothing to do.
    expect((await syncNow(laptop)).providers[0]).toMatchObject({ pulled: 0, pushed: 0, conflicts: [] });
  });

  it('switching sync off removes the calendar from the devices and makes no call for it; on again brings each event back once', async () => {
    const { laptop, account, work, holidays } = await setUp();
    const keptId = provider.insert(WORK.remoteId, { uid: 'kept', events: [providerMeeting('Kept')] });
    provider.insert(WORK.remoteId, { uid: 'gone', events: [providerMeeting('Gone later')] });
    provider.insert(HOLIDAYS.remoteId, { uid: 'newyear', events: [providerMeeting('New Year')] });
    await syncNow(laptop);
    const known = new Map([...(await laptop.events()).values()].map((e) => [e.title, e.id]));
    const { cursor } = await laptop.pullAll();

    expect(await setScope(laptop, account.id, work.id, { sync: false })).toMatchObject({ sync: false, write: true });
    const after = (await laptop.pullAll(cursor)).changes;
    expect(after.filter((c) => c.kind === 'event').map((c) => c.kind === 'event' && c.deleted)).toEqual([true, true]);
    expect(after.filter((c) => c.kind === 'calendar')).toMatchObject([{ calendar: { id: work.id }, deleted: true }]);
    expect(await titles(laptop, work.id)).toEqual([]);
    expect(await titles(laptop, holidays.id)).toEqual(['New Year']);
    const refused = await laptop.push([mutation<EventMutation>('createEvent', { event: testEvent('into-the-void', { calendarId: work.id }) })]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });

    // Changes on the provider meanwhile are not fetched while it is off.
    provider.replace(keptId, [providerMeeting('Kept, renamed')]);
    provider.remove(provider.itemsOf(WORK.remoteId).find((item) => item.uid === 'gone')!.remoteId);
    provider.insert(WORK.remoteId, { uid: 'added', events: [providerMeeting('Added while off')] });
    const callsBefore = { ...provider.calls };
    await syncNow(laptop);
    expect(connector.pulled).toEqual([HOLIDAYS.remoteId]);
    expect(provider.calls).toEqual({ ...callsBefore, pull: callsBefore.pull + 1 });
    expect(await titles(laptop, work.id)).toEqual([]);

    expect(await setScope(laptop, account.id, work.id, { sync: true })).toMatchObject({ sync: true, readOnly: false });
    const { providers } = await syncNow(laptop);
    expect(providers[0]).toMatchObject({ fullResync: true, pushed: 0 });
    const back = [...(await laptop.events()).values()].filter((e) => e.calendarId === work.id);
    expect(back.map((e) => e.title).sort()).toEqual(['Added while off', 'Kept, renamed']);
    expect(back.find((e) => e.title === 'Kept, renamed')!.id).toBe(known.get('Kept'));
    expect(provider.itemsOf(WORK.remoteId)).toHaveLength(2);
    expect((await syncNow(laptop)).providers[0]).toMatchObject({ pulled: 0, pushed: 0 });
    expect([...(await laptop.events()).values()].filter((e) => e.calendarId === work.id)).toHaveLength(2);
  });

  it('answers bad requests with clear 4xx errors and changes nothing', async () => {
    const { laptop, account, work, holidays } = await setUp();
    const patch = (accountId: string, calendarId: string, body: unknown) => laptop.request('PATCH', scopeRoute(accountId, calendarId), body);

    expect(await patch(account.id, holidays.id, { write: true })).toMatchObject({ status: 400, body: { error: { code: 'provider-read-only', message: expect.stringContaining('Holidays') } } });
    expect(await patch(account.id, work.id, {})).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
    expect(await patch(account.id, work.id, { sync: 'no' })).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
    expect(await patch(account.id, work.id, { sync: false, colour: 'red' })).toMatchObject({ status: 400 });
    expect(await patch('not-an-id', work.id, { sync: false })).toMatchObject({ status: 400 });
    expect(await patch(crypto.randomUUID(), work.id, { sync: false })).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(await patch(account.id, 'no-such-calendar', { sync: false })).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    const stranger = await TestDevice.register(server.url);
    expect(await stranger.request('PATCH', scopeRoute(account.id, work.id), { sync: false })).toMatchObject({ status: 404 });

    const { accounts } = (await laptop.request('GET', ROUTES.providers)).body as { accounts: ProviderAccount[] };
    expect(accounts[0]!.calendars.map((c) => [c.name, c.sync, c.write])).toEqual([
      ['Holidays', true, false],
      ['Work', true, true],
    ]);
  });
});
