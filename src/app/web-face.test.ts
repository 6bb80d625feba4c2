import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../tests/support/temp';
import { createHost, type Host } from './host';
import { startWebFace, type WebFace } from './web-face';

const tempDir = useTempDirs();
const running: { face: WebFace; host: Host }[] = [];
afterEach(async () => {
  for (const { face, host } of running.splice(0)) {
    await face.close();
    host.close();
  }
});

async function start() {
  const staticDir = path.join(tempDir(), 'renderer');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>TempoPilot</title>');
  const host = createHost({ dataDir: tempDir(), timeZone: 'Europe/Berlin' });
  const face = await startWebFace(host, { staticDir });
  running.push({ face, host });
  const url = new URL(face.url);
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  return { face, url, token };
}

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

type Message = { kind: string; id?: number; reply?: unknown; event?: unknown };

/** Buffers every message from the moment of the call, so none is lost between two awaits. */
function inbox(socket: WebSocket): () => Promise<Message> {
  const buffered: Message[] = [];
  const waiting: ((message: Message) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    const next = waiting.shift();
    if (next) next(message);
    else buffered.push(message);
  });
  return () => {
    const message = buffered.shift();
    return message ? Promise.resolve(message) : new Promise((resolve) => waiting.push(resolve));
  };
}

describe('the browser face', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const { url } = await start();
    const page = await fetch(`${url.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${url.origin}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('carries the api contract and host events over the WebSocket', async () => {
    const { url, token } = await start();
    const socket = await connect(`ws://${url.host}/api?token=${token}`, { origin: url.origin });
    const nextMessage = inbox(socket);
    socket.send(JSON.stringify({ id: 1, method: 'events.create', args: { title: 'Dentist', start: '2026-12-03T09:00', end: '2026-12-03T10:00' } }));
    const messages = [await nextMessage(), await nextMessage()];
    expect(messages.find((m) => m.kind === 'event')).toMatchObject({ event: { name: 'calendar.changed', payload: { reason: 'local' } } });
    expect(messages.find((m) => m.kind === 'reply')).toMatchObject({ id: 1, reply: { ok: true, data: { event: { title: 'Dentist' } } } });
    socket.send(JSON.stringify({ id: 2, method: 'agenda.list', args: { from: '2026-12-03', to: 'soon' } }));
    expect(await nextMessage()).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'invalid-args' } } });
    socket.close();
  });

  it('refuses a connection without the launch token or from another origin', async () => {
    const { url, token } = await start();
    await expect(connect(`ws://${url.host}/api?token=wrong`)).rejects.toThrow(/403/);
    await expect(connect(`ws://${url.host}/api?token=${token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});
