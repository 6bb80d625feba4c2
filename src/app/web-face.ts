import { timingSafeEqual, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { WIRE_PATH, type WireMessage } from '../api/wire';
import type { Host } from './host';
import { contentType } from './static-files';


const WireRequestSchema = z.object({ id: z.number().int(), method: z.string(), args: z.unknown() });

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:*; media-src 'self' blob:";

export interface WebFace {
  /** The URL to open, with the launch token that lets the page drive the host. */
  url: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function serveStatic(staticDir: string, request: IncomingMessage, response: ServerResponse): void {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  const file = path.join(staticDir, pathname === '/' ? 'index.html' : pathname);
  if (!file.startsWith(staticDir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, {
    'content-type': contentType(file),
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(readFileSync(file));
}

/**
 * The browser face: serves the built renderer on 127.0.0.1 and carries the api contract over a
 * WebSocket. Only a page that knows this launch's token, served from this origin, may connect,
 * so another local page or site cannot drive the host.
 */
export async function startWebFace(host: Host, options: { staticDir: string; port?: number }): Promise<WebFace> {
  const token = randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  const server = createServer((request, response) => serveStatic(staticDir, request, response));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowedOrigin = request.headers.origin === undefined || request.headers.origin === origin;
    if (url.pathname !== WIRE_PATH || !allowedOrigin || !sameSecret(url.searchParams.get('token') ?? '', token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bridge(host, ws));
  });

  return {
    url: `${origin}/#token=${token}`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bridge(host: Host, ws: WebSocket): void {
  const send = (message: WireMessage) => ws.send(JSON.stringify(message));
  const unsubscribe = host.onEvent((event) => send({ kind: 'event', event }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let parsed;
    try {
      parsed = WireRequestSchema.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      ws.close(1003, 'expected {id, method, args}');
      return;
    }
    const reply = await host.dispatch(parsed.data.method, parsed.data.args);
    if (ws.readyState === ws.OPEN) send({ kind: 'reply', id: parsed.data.id, reply });
  });
}
