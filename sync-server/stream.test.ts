import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { ROUTES } from '../src/sync/protocol';
import { CLOSE_DEVICE_REVOKED } from './stream';
import { mutation, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type TestServer } from './testing';

describe.each(testDatabaseKinds())('the poke stream on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { heartbeatMs: 200 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("pokes the user's other devices with the committed version, and no one else", async () => {
    const laptop = await TestDevice.register(server.url);
    const phone = await laptop.pair();
    const stranger = await TestDevice.register(server.url);
    const [laptopStream, phoneStream, strangerStream] = await Promise.all([laptop.stream(), phone.stream(), stranger.stream()]);
    try {
      const { version } = await laptop.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() }), mutation<EventMutation>('createEvent', { event: testEvent('e1') })]);
      expect(await phoneStream.nextPoke(version)).toEqual({ type: 'poke', version });
      const pulled = await phone.pull(0);
      expect(pulled.cursor).toBe(version);

      // A refused mutation commits nothing: no poke. "Sync now" pokes every device, the caller's too.
      await laptop.push([mutation<EventMutation>('deleteEvent', { eventId: 'unknown' })]);
      const sync = await phone.client.syncNow();
      expect(sync).toEqual({ version, providers: [] });
      await laptopStream.nextPoke(version);
      // Pokes may travel through PostgreSQL (poke-relay.ts): each socket hears in its own time.
      await expect.poll(() => phoneStream.pokes.length).toBe(2);
      expect(phoneStream.pokes).toEqual([
        { type: 'poke', version },
        { type: 'poke', version },
      ]);
      expect(strangerStream.pokes).toEqual([]);
    } finally {
      for (const stream of [laptopStream, phoneStream, strangerStream]) stream.close();
    }
  });

  it('refuses an upgrade without a valid token and proof, with an HTTP 401', async () => {
    const device = await TestDevice.register(server.url);
    const wsUrl = (server.url + ROUTES.stream).replace(/^http/, 'ws');
    const statusOf = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, { headers });
        socket.on('unexpected-response', (_request, response) => {
          resolve(response.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => reject(new Error('the stream opened')));
        socket.on('error', () => undefined);
      });
    expect(await statusOf({})).toBe(401);
    const proofForPush = await device.client.authHeaders('GET', server.url + ROUTES.push);
    expect(await statusOf(proofForPush)).toBe(401);
  });

  it('closes the streams of a revoked device at once', async () => {
    const laptop = await TestDevice.register(server.url);
    const phone = await laptop.pair();
    const phoneStream = await phone.stream();
    await laptop.client.revokeDevice(phone.deviceId);
    expect(await phoneStream.closed).toBe(CLOSE_DEVICE_REVOKED);
    await expect(phone.stream()).rejects.toThrow(/401/);
  });

  it('drops a client that stops answering pings', async () => {
    const device = await TestDevice.register(server.url);
    const stream = await device.stream();
    // ws answers pings by itself; a paused socket answers nothing, like a vanished laptop.
    stream.socket.pong = () => undefined;
    (stream.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    while (server.app.websocketServer.clients.size > 0 && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.app.websocketServer.clients.size).toBe(0);
    stream.socket.terminate();
  });
});
