import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { ErrorBodySchema, ROUTES } from '../src/sync/protocol';
import { createLogger } from './logging';
import { mutation, readAnswer, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type TestServer } from './testing';

describe.each(testDatabaseKinds())('the HTTP surface on %s', (kind) => {
  let server: TestServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer(kind, { logger: createLogger({ level: 'trace', destination }), bodyLimit: 64 * 1024 });
  });
  afterAll(async () => {
    await server.close();
  });

  const get = async (path: string) => readAnswer(await fetch(server.url + path));

  it('answers health and readiness checks', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok', protocol: 1 } });
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready', database: kind } });
  });

  it('answers an unknown route with 404 and the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v1/pull'],
      ['PATCH', ROUTES.settings],
      ['GET', '/'],
    ] as const) {
      const answer = await readAnswer(await fetch(server.url + path, { method }));
      expect(answer.status).toBe(404);
      expect(ErrorBodySchema.parse(answer.body).error).toMatchObject({ code: 'not-found', message: `no route ${method} ${path}` });
    }
  });

  it('refuses an oversized body with 413, malformed JSON with 400, another media type with 415', async () => {
    const device = await TestDevice.register(server.url);
    const huge = { mutations: [mutation<EventMutation>('createEvent', { event: testEvent('e1', { description: 'x'.repeat(70 * 1024) }) })] };
    expect(await device.request('POST', ROUTES.push, huge)).toMatchObject({ status: 413, body: { error: { code: 'too-large' } } });
    const post = async (body: string, contentType: string) => readAnswer(await fetch(server.url + ROUTES.accounts, { method: 'POST', headers: { 'content-type': contentType }, body }));
    expect(await post('{"deviceName": ', 'application/json')).toMatchObject({ status: 400, body: { error: { code: 'invalid-json' } } });
    expect(await post('<xml/>', 'application/xml')).toMatchObject({ status: 415, body: { error: { code: 'unsupported-media-type' } } });
    expect(await post('{"__proto__": {"x": 1}}', 'application/json')).toMatchObject({ status: 400 });
  });

  it("keeps each user's settings, replaced as a whole", async () => {
    const laptop = await TestDevice.register(server.url);
    const phone = await laptop.pair();
    expect(await laptop.client.settings()).toEqual({ settings: {}, updatedAt: null });
    await laptop.client.putSettings({ theme: 'dark', hotkey: 'Ctrl+Space' });
    const saved = await phone.client.putSettings({ theme: 'light' });
    expect(saved.settings).toEqual({ theme: 'light' });
    expect(await laptop.client.settings()).toEqual(saved);
    expect(await (await TestDevice.register(server.url)).client.settings()).toEqual({ settings: {}, updatedAt: null });
    expect(await laptop.request('PUT', ROUTES.settings, { theme: 'dark' })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('body.settings') } } });
  });

  it('exposes per-route latency histograms under the route pattern, not the raw URL', async () => {
    const device = await TestDevice.register(server.url);
    const phone = await device.pair();
    await device.client.revokeDevice(phone.deviceId);
    await device.pull(0);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{le="0\.05",method="DELETE",route="\/api\/v1\/devices\/:id",status_code="204"\}/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/pull",status_code="200"\}/);
    expect(metrics).not.toContain(phone.deviceId);
    expect(metrics).not.toContain('cursor=');
  });

  it('never logs credentials, keys, codes or what an event says', async () => {
    const device = await TestDevice.register(server.url);
    const secret = { title: 'Biopsy appointment', description: 'oncology, 3rd floor', location: 'Saint Mary hospital', email: 'dana@example.com' };
    const event = testEvent('e1', { title: secret.title, description: secret.description, location: secret.location, attendees: [{ email: secret.email, response: 'accepted', optional: false }] });
    await device.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() }), mutation<EventMutation>('createEvent', { event })]);
    await device.push([mutation<EventMutation>('updateEvent', { eventId: 'e1', patch: { title: `${secret.title} (moved)` } }, 0)]);
    const headers = await device.client.authHeaders('GET', server.url + ROUTES.devices);
    await fetch(server.url + ROUTES.devices, { headers });
    const { code } = await device.client.pairingCode();
    await device.request('POST', ROUTES.push, { mutations: [{ ...mutation('createEvent', { event }), name: 'bogus' }] });

    const logs = logLines.join('\n');
    expect(logs).toContain('incoming request');
    expect(logs).toContain('[redacted]');
    const forbidden = [headers.authorization!.slice(5), headers.dpop!, code, device.client.credentials.keys.publicJwk.x, ...Object.values(secret)];
    for (const value of forbidden) expect(logs).not.toContain(value);
  });
});
