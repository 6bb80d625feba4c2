import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing';
import { canonicalContent } from '../conformance';
import { AuthExpiredError, ProviderUnavailableError, RateLimitedError, TokenInvalidError, type ItemContent, type ProviderCalendar, type ProviderEvent } from '../connector';
import { toICalendar } from '../ical/ics';
import { basicAuthorization, createCalendar, seedCalendar, startRadicale, type RadicaleServer } from '../radicale';
import { connectCalDav, type CalDavConnector } from './connector';

const event = (title: string, day = '2026-05-04'): ProviderEvent => ({
  title,
  start: { dateTime: `${day}T09:00:00`, timeZone: 'Europe/Berlin' },
  end: { dateTime: `${day}T10:00:00`, timeZone: 'Europe/Berlin' },
  attendees: [],
  status: 'confirmed',
  transparency: 'opaque',
});

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Proxy {
  url: string;
  /** What the next requests get instead of the server's answer, or a header to drop from it. */
  mode: { answer?: { status: number; headers?: Record<string, string> }; dropHeaderOnPut?: string };
  close(): Promise<void>;
}

/** A pass-through HTTP proxy in front of Radicale that can misbehave the way other servers do. */
async function startProxy(target: string): Promise<Proxy> {
  const mode: Proxy['mode'] = {};
  const server: Server = createServer(async (request, response) => {
    if (mode.answer) {
      response.writeHead(mode.answer.status, mode.answer.headers);
      response.end();
      return;
    }
    const body = await readBody(request);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection') as Array<[string, string]>);
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(body.length > 0 ? { body } : {}),
    });
    const answerHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding') return;
      if (request.method === 'PUT' && name === mode.dropHeaderOnPut) return;
      answerHeaders[name] = value;
    });
    response.writeHead(upstream.status, answerHeaders);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, mode, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('CalDAV connector on Radicale', () => {
  let server: RadicaleServer;
  let connector: CalDavConnector;
  let calendar: ProviderCalendar;
  let otherClient: DAVClient;

  beforeAll(async () => {
    server = await startRadicale();
    await createCalendar(server, 'home', { displayName: 'Home', color: '#3366ffff' });
    connector = await connectCalDav({ url: server.url, username: server.username, password: server.password });
    const found = (await connector.listCalendars()).find((candidate) => candidate.name === 'Home');
    if (!found) throw new Error('calendar Home not listed');
    calendar = found;
    otherClient = new DAVClient({ serverUrl: server.url, credentials: { username: server.username, password: server.password }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await otherClient.login();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('lists calendars with name, color and write access', async () => {
    expect(calendar).toMatchObject({ remoteId: `${server.homeUrl}home/`, name: 'Home', color: '#3366ffff', readOnly: false });
  });

  it('sees what another client writes directly on the server', async () => {
    const { token } = await connector.pull(calendar, null);
    const [davCalendar] = (await otherClient.fetchCalendars()).filter((candidate) => candidate.url === calendar.remoteId);
    if (!davCalendar) throw new Error('the other client cannot see the calendar');
    const outlookStyle = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Other client//EN',
      'BEGIN:VEVENT',
      'UID:other-client-1',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=W. Europe Standard Time:20260504T090000',
      'DTEND;TZID=W. Europe Standard Time:20260504T100000',
      'SUMMARY:Written elsewhere',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'ACTION:DISPLAY',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const created = await otherClient.createCalendarObject({ calendar: davCalendar, filename: 'written-elsewhere.ics', iCalString: outlookStyle });
    expect(created.status).toBe(201);
    const mine = await connector.create(calendar, { uid: 'mine-1', events: [event('Mine')] });

    const first = await connector.pull(calendar, token);
    const elsewhere = first.changed.find((item) => item.uid === 'other-client-1');
    expect(elsewhere?.remoteId).toBe(`${calendar.remoteId}written-elsewhere.ics`);
    expect(elsewhere?.events).toEqual([{ ...event('Written elsewhere'), start: { dateTime: '2026-05-04T09:00:00', timeZone: 'Europe/Berlin' } }]);

    const objectUrl = `${calendar.remoteId}mine-1.ics`;
    await otherClient.updateCalendarObject({ calendarObject: { url: objectUrl, etag: mine.etag, data: toICalendar({ uid: 'mine-1', events: [event('Renamed elsewhere')] }) } });
    await otherClient.deleteCalendarObject({ calendarObject: { url: `${calendar.remoteId}written-elsewhere.ics`, etag: elsewhere?.etag ?? '' } });
    const second = await connector.pull(calendar, first.token);
    expect(second.changed.map((item) => [item.uid, item.events[0]?.title])).toEqual([['mine-1', 'Renamed elsewhere']]);
    expect(second.deleted).toEqual([`${calendar.remoteId}written-elsewhere.ics`]);
  });

  it('reports an unreadable resource apart, and keeps pulling the rest', async () => {
    const { token } = await connector.pull(calendar, null);
    const todo = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', 'BEGIN:VTODO', 'UID:todo-1', 'DTSTAMP:20260101T000000Z', 'SUMMARY:Buy milk', 'END:VTODO', 'END:VCALENDAR', ''].join('\r\n');
    const put = await fetch(`${calendar.remoteId}todo-1.ics`, { method: 'PUT', headers: { authorization: basicAuthorization(server.username, server.password), 'content-type': 'text/calendar' }, body: todo });
    expect(put.status).toBe(201);
    await connector.create(calendar, { uid: 'readable-1', events: [event('Readable')] });
    const changes = await connector.pull(calendar, token);
    expect(changes.changed.map((item) => item.uid)).toEqual(['readable-1']);
    expect(changes.unreadable).toEqual([{ remoteId: `${calendar.remoteId}todo-1.ics`, etag: expect.any(String), reason: expect.stringMatching(/no VEVENT/) }]);
  });

  it('turns a sync token the server no longer honours into TokenInvalidError', async () => {
    const stale = JSON.stringify({ mode: 'sync', token: 'http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000' });
    await expect(connector.pull(calendar, stale)).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('refuses a wrong password with AuthExpiredError, saying so', async () => {
    const attempt = connectCalDav({ url: server.url, username: server.username, password: 'wrong' });
    await expect(attempt).rejects.toBeInstanceOf(AuthExpiredError);
    await expect(attempt).rejects.toThrow(/refused the username or password/);
    await expect(attempt).rejects.not.toThrow(/wrong/);
  });

  it('reports an unreachable server as ProviderUnavailableError', async () => {
    const port = await freePort();
    const attempt = connectCalDav({ url: `http://127.0.0.1:${port}/`, username: 'u', password: 'p' }, { timeoutMs: 2_000 });
    await expect(attempt).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/ECONNREFUSED/);
  });

  describe('behind a proxy that misbehaves', () => {
    let proxy: Proxy;
    let proxied: CalDavConnector;
    let proxiedCalendar: ProviderCalendar;

    beforeAll(async () => {
      proxy = await startProxy(server.url);
      proxied = await connectCalDav({ url: proxy.url, username: server.username, password: server.password });
      proxiedCalendar = { ...calendar, remoteId: new URL(new URL(calendar.remoteId).pathname, proxy.url).href };
    });
    afterAll(async () => {
      await proxy?.close();
    });

    it('reads the item back when a create answers without an ETag', async () => {
      proxy.mode.dropHeaderOnPut = 'etag';
      try {
        const content: ItemContent = { uid: 'no-etag-1', events: [event('No etag')] };
        const created = await proxied.create(proxiedCalendar, content);
        const direct = await fetch(`${calendar.remoteId}no-etag-1.ics`, { headers: { authorization: basicAuthorization(server.username, server.password) } });
        expect(created.etag).toBe(direct.headers.get('etag'));
        expect(canonicalContent(created)).toEqual(canonicalContent(content));
        const updated = await proxied.update(proxiedCalendar, created.remoteId, created.etag, { ...content, events: [event('No etag, renamed')] });
        expect(updated.etag).not.toBe(created.etag);
        expect(updated.events[0]?.title).toBe('No etag, renamed');
      } finally {
        delete proxy.mode.dropHeaderOnPut;
      }
    });

    it('maps 429 and 503 with Retry-After to RateLimitedError, other 5xx to ProviderUnavailableError', async () => {
      try {
        proxy.mode.answer = { status: 429, headers: { 'retry-after': '7' } };
        await expect(proxied.pull(proxiedCalendar, null)).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 7_000 });
        proxy.mode.answer = { status: 503, headers: { 'retry-after': '2' } };
        await expect(proxied.listCalendars()).rejects.toBeInstanceOf(RateLimitedError);
        proxy.mode.answer = { status: 502 };
        await expect(proxied.get(proxiedCalendar, `${proxiedCalendar.remoteId}x.ics`)).rejects.toBeInstanceOf(ProviderUnavailableError);
        proxy.mode.answer = { status: 401 };
        await expect(proxied.create(proxiedCalendar, { uid: 'never', events: [event('Never')] })).rejects.toBeInstanceOf(AuthExpiredError);
      } finally {
        delete proxy.mode.answer;
      }
    });
  });
});

describe('CalDAV full pull of 2,000 events from Radicale', () => {
  let server: RadicaleServer;

  beforeAll(async () => {
    server = await startRadicale();
    const items = Array.from({ length: 2_000 }, (_, index) => toICalendar({ uid: `bulk-${index}`, events: [event(`Event ${index}`, `2026-${String((index % 12) + 1).padStart(2, '0')}-10`)] }));
    await seedCalendar(server, 'bulk', items, { displayName: 'bulk' });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  for (const syncCollection of ['auto', 'never'] as const) {
    it(`shows progress in batches and then pulls 10 changes incrementally (${syncCollection === 'auto' ? 'sync-collection' : 'ctag + etag'})`, async () => {
      const connector = await connectCalDav({ url: server.url, username: server.username, password: server.password }, { syncCollection });
      const calendar = (await connector.listCalendars()).find((candidate) => candidate.name === 'bulk') as ProviderCalendar;
      const progress: Array<{ done: number; total?: number }> = [];
      const fullStarted = performance.now();
      const full = await connector.pull(calendar, null, { onProgress: (step) => progress.push(step) });
      const fullMs = performance.now() - fullStarted;
      expect(full.changed).toHaveLength(2_000);
      expect(new Set(full.changed.map((item) => item.uid)).size).toBe(2_000);
      expect(progress.length).toBeGreaterThanOrEqual(11);
      expect(progress.at(-1)).toEqual({ done: 2_000, total: 2_000 });

      const title = `Changed (${syncCollection})`;
      for (const item of full.changed.slice(0, 10)) {
        await connector.update(calendar, item.remoteId, item.etag, { uid: item.uid, events: [{ ...(item.events[0] as ProviderEvent), title }] });
      }
      const incrementalStarted = performance.now();
      const changes = await connector.pull(calendar, full.token);
      const incrementalMs = performance.now() - incrementalStarted;
      expect(changes.changed.map((item) => item.events[0]?.title)).toEqual(Array(10).fill(title));
      expect(changes.deleted).toEqual([]);
      console.info(`caldav ${syncCollection}: full pull of 2,000 in ${fullMs.toFixed(0)} ms, incremental with 10 changes in ${incrementalMs.toFixed(0)} ms`);
    }, 120_000);
  }
});
