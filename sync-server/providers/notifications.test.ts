import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type ProviderAccount } from '../../src/sync/protocol';
import type { Database } from '../db/database';
import { createLogger } from '../logging';
import { buildServer } from '../server';
import { freePort, openTestDatabase, testDatabaseKinds, TestDevice } from '../testing';
import { channelsOf, keepChannels, NOTIFICATION_PATHS } from './channels';
import { startGoogleAccount, TEST_CLIENT_ID, type GoogleTestAccount } from './google/testing';
import { GraphDouble } from './microsoft/double';
import { connectToDouble } from './microsoft/testing';
import { DEFAULT_CONNECTORS } from './registry';
import { SOON_QUEUE } from './scheduler';
import { SecretVault } from './vault';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GOOGLE_CALENDAR = 'work@example.com';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The server with a public URL (http on loopback, as tests allow), its receivers reached by the
 * doubles over HTTP. Periodic pulls are an hour apart, so anything that arrives within the test
 * arrived through a notification. A Microsoft account added through the route needs msal's token
 * cache from a consent; here the registry serves the Graph connector on the double for the
 * caldav kind instead, so the account is added with a plain request.
 */
describe.each(testDatabaseKinds())('change notifications from the doubles on %s', (kind) => {
  let google: GoogleTestAccount;
  let graph: GraphDouble;
  let officeCalendarId: string;
  let database: Database;
  let app: FastifyInstance;
  let url: string;
  let device: TestDevice;
  const schema = `jobs_${crypto.randomUUID().slice(0, 8)}`;
  const accounts: Record<'google' | 'microsoft', ProviderAccount | undefined> = { google: undefined, microsoft: undefined };

  beforeAll(async () => {
    google = await startGoogleAccount();
    google.double.addCalendar({ id: GOOGLE_CALENDAR, summary: 'Work', timeZone: 'Europe/Berlin' });
    graph = await GraphDouble.start();
    officeCalendarId = graph.addCalendar('Office').id;
    const graphRefreshToken = graph.issueRefreshToken();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    database = await openTestDatabase(kind);
    app = await buildServer({
      database,
      logger: createLogger({ level: 'silent' }),
      vault: new SecretVault(randomBytes(32)),
      publicUrl: url,
      connectors: { google: DEFAULT_CONNECTORS.google!, caldav: () => connectToDouble(graph, graphRefreshToken) },
      providerJobs: { schema, pollingIntervalSeconds: 0.5, polling: { activeMs: HOUR, quietMaxMs: HOUR, notifiedMs: HOUR } },
    });
    await app.listen({ host: '127.0.0.1', port });
    device = await TestDevice.register(url);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.query(`drop schema if exists ${schema} cascade`);
    await database?.close();
    await google?.double.stop();
    await graph?.stop();
  });

  async function addAccount(request: Record<string, unknown>): Promise<ProviderAccount> {
    const answer = await device.request('POST', ROUTES.providers, request);
    expect(answer.status).toBe(201);
    const account = (answer.body as { account: ProviderAccount }).account;
    // The first pass (asked for on adding) opens the channel and syncs.
    await eventually('the first pass', async () => {
      const [row] = await database.query<{ done: boolean }>('select last_synced_at is not null as done from provider_accounts where id = $1', [account.id]);
      return row?.done ? true : undefined;
    });
    return account;
  }

  async function localTitles(): Promise<string[]> {
    const rows = await database.query<{ title: string }>(`select data->>'title' as title from events where user_id = $1 and not deleted order by 1`, [device.userId]);
    return rows.map((row) => row.title);
  }

  async function soonJobs(): Promise<number> {
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from ${schema}.job where name = $1`, [SOON_QUEUE]);
    return row!.n;
  }

  function post(path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    return fetch(url + path, { method: 'POST', headers, ...(body !== undefined && { body }) });
  }

  it('Google: an edit in the double arrives through a watch channel, not a poll', async () => {
    accounts.google = await addAccount({ kind: 'google', clientId: TEST_CLIENT_ID, refreshToken: google.refreshToken, tokenUrl: google.double.tokenUrl, apiRoot: google.double.rootUrl });
    const [channel] = await channelsOf(database, accounts.google.id);
    expect(google.double.openChannels()).toEqual([expect.objectContaining({ id: channel!.channelId, calendarId: GOOGLE_CALENDAR, resourceId: channel!.resourceId })]);

    google.double.insertEvent(GOOGLE_CALENDAR, { summary: 'Board meeting', start: { dateTime: '2026-03-10T10:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-10T11:00:00', timeZone: 'Europe/Berlin' } });
    await eventually('the event on the server', async () => ((await localTitles()).includes('Board meeting') ? true : undefined));
    await google.double.notificationsSettled();
    expect(google.double.notifications.filter((message) => message.channelId === channel!.channelId).slice(0, 2)).toEqual([
      { channelId: channel!.channelId, state: 'sync', status: 204 },
      { channelId: channel!.channelId, state: 'exists', status: 204 },
    ]);
  }, 60_000);

  it('Microsoft: the subscription passes Graph’s validation and an edit arrives through it', async () => {
    accounts.microsoft = await addAccount({ kind: 'caldav', url: 'https://graph.example/', username: 'dana', password: 'unused' });
    const [subscription] = await channelsOf(database, accounts.microsoft.id);
    expect(graph.liveSubscriptions()).toEqual([expect.objectContaining({ id: subscription!.channelId, resource: `me/calendars/${officeCalendarId}/events` })]);

    const created = await graph.directFetch(`/me/calendars/${officeCalendarId}/events`, {
      method: 'POST',
      body: JSON.stringify({ subject: 'Budget review', start: { dateTime: '2026-03-10T09:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-10T10:00:00', timeZone: 'Europe/Berlin' } }),
    });
    expect(created.status).toBe(201);
    await eventually('the event on the server', async () => ((await localTitles()).includes('Budget review') ? true : undefined));
    await graph.notificationsSettled();
    expect(graph.notifications).toContainEqual({ subscriptionId: subscription!.channelId, changeTypes: ['created'], status: 202 });
  }, 60_000);

  it('refuses forged notifications and schedules nothing for them', async () => {
    const [googleChannel] = await channelsOf(database, accounts.google!.id);
    const [subscription] = await channelsOf(database, accounts.microsoft!.id);
    const jobsBefore = await soonJobs();
    const googleHeaders = (channelId: string, token: string) => ({
      'X-Goog-Channel-ID': channelId,
      'X-Goog-Channel-Token': token,
      'X-Goog-Resource-ID': googleChannel!.resourceId!,
      'X-Goog-Resource-State': 'exists',
      'X-Goog-Message-Number': '99',
    });
    expect((await post(NOTIFICATION_PATHS.google, googleHeaders(googleChannel!.channelId, 'not-the-token'))).status).toBe(403);
    expect((await post(NOTIFICATION_PATHS.google, {})).status).toBe(400);
    expect((await post(NOTIFICATION_PATHS.google, googleHeaders(crypto.randomUUID(), 'any'))).status).toBe(404);
    const graphBody = (subscriptionId: string, clientState: string) =>
      JSON.stringify({ value: [{ subscriptionId, clientState, changeType: 'updated', resource: 'Users/x/Events/y', subscriptionExpirationDateTime: new Date(Date.now() + DAY).toISOString(), tenantId: 't' }] });
    const json = { 'Content-Type': 'application/json' };
    expect((await post(NOTIFICATION_PATHS.microsoft, json, graphBody(subscription!.channelId, 'not-the-client-state'))).status).toBe(403);
    expect((await post(NOTIFICATION_PATHS.microsoft, json, graphBody(crypto.randomUUID(), 'any'))).status).toBe(404);
    expect((await post(NOTIFICATION_PATHS.microsoft, json, '{"value": "not a list"}')).status).toBe(400);
    expect(await soonJobs()).toBe(jobsBefore);
  });

  it('answers Graph’s validation handshake; the double refuses a URL that does not echo the token', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1';
    const answer = await post(`${NOTIFICATION_PATHS.microsoft}?validationToken=${encodeURIComponent(token)}`, { 'Content-Type': 'text/plain; charset=utf-8' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toBe(token);

    const connector = await connectToDouble(graph);
    const before = graph.liveSubscriptions().length;
    await expect(connector.watch({ remoteId: officeCalendarId, name: 'Office', readOnly: false }, { address: `${url}/api/v1/health`, secret: 's', channelId: 'c' })).rejects.toThrow(/validation/i);
    expect(graph.liveSubscriptions()).toHaveLength(before);
  });

  it('renews channels before they expire: Google by a new channel, Graph in place', async () => {
    const publicUrl = new URL(url);
    const [oldChannel] = await channelsOf(database, accounts.google!.id);
    await keepChannels(database, google.newConnector(), accounts.google!.id, { publicUrl, renewBeforeMs: DAY, now: () => new Date(oldChannel!.expiresAt.getTime() - HOUR) });
    const [newChannel, ...more] = await channelsOf(database, accounts.google!.id);
    expect(more).toEqual([]);
    expect(newChannel!.channelId).not.toBe(oldChannel!.channelId);
    expect(google.double.openChannels().map((channel) => channel.id)).toEqual([newChannel!.channelId]);

    const [subscription] = await channelsOf(database, accounts.microsoft!.id);
    const patchesBefore = graph.requests.filter((request) => request.method === 'PATCH' && request.path.startsWith('/v1.0/subscriptions/')).length;
    await keepChannels(database, await connectToDouble(graph), accounts.microsoft!.id, { publicUrl, renewBeforeMs: DAY, now: () => new Date(subscription!.expiresAt.getTime() - HOUR) });
    const [renewed] = await channelsOf(database, accounts.microsoft!.id);
    expect(renewed!.channelId).toBe(subscription!.channelId);
    expect(graph.requests.filter((request) => request.method === 'PATCH' && request.path === `/v1.0/subscriptions/${subscription!.channelId}`)).toHaveLength(1 + patchesBefore);
    expect(graph.liveSubscriptions()).toEqual([expect.objectContaining({ id: renewed!.channelId, expirationDateTime: renewed!.expiresAt.toISOString() })]);

    // A channel far from its expiry is left alone.
    await keepChannels(database, google.newConnector(), accounts.google!.id, { publicUrl, renewBeforeMs: DAY });
    expect((await channelsOf(database, accounts.google!.id)).map((channel) => channel.channelId)).toEqual([newChannel!.channelId]);
  });

  it('replaces a Graph subscription that expired while the server was down, rather than renewing what Graph deleted', async () => {
    const [expired] = await channelsOf(database, accounts.microsoft!.id);
    await keepChannels(database, await connectToDouble(graph), accounts.microsoft!.id, { publicUrl: new URL(url), renewBeforeMs: DAY, now: () => new Date(expired!.expiresAt.getTime() + HOUR) });
    const [replacement, ...more] = await channelsOf(database, accounts.microsoft!.id);
    expect(more).toEqual([]);
    expect(replacement!.channelId).not.toBe(expired!.channelId);
    expect(graph.liveSubscriptions().map((subscription) => subscription.id)).toEqual([replacement!.channelId]);
  });

  it('opens a new Graph subscription when the one it would renew was dropped by Graph', async () => {
    const [dropped] = await channelsOf(database, accounts.microsoft!.id);
    const connector = await connectToDouble(graph);
    // Graph deletes a subscription on its own (delivery kept failing, consent withdrawn); TempoPilot's row stays.
    await connector.unwatch(dropped!);
    await keepChannels(database, connector, accounts.microsoft!.id, { publicUrl: new URL(url), renewBeforeMs: DAY, now: () => new Date(dropped!.expiresAt.getTime() - HOUR) });
    const [replacement, ...more] = await channelsOf(database, accounts.microsoft!.id);
    expect(more).toEqual([]);
    expect(replacement!.channelId).not.toBe(dropped!.channelId);
    expect(graph.liveSubscriptions().map((subscription) => subscription.id)).toEqual([replacement!.channelId]);
  });

  it('stops the channels when the account is removed', async () => {
    for (const account of [accounts.google!, accounts.microsoft!]) {
      expect((await device.request('DELETE', ROUTES.provider.replace(':id', account.id))).status).toBe(204);
      expect(await channelsOf(database, account.id)).toEqual([]);
    }
    expect(google.double.openChannels()).toEqual([]);
    expect(graph.liveSubscriptions()).toEqual([]);
  });
});
