import WebSocket from 'ws';
import type { SyncClient } from './client';
import { PokeSchema, ROUTES, type Poke } from './protocol';

export interface StreamOptions {
  onPoke(poke: Poke): void;
  /** Told when the stream drops and when it is back, for a status indicator. */
  onStatus?(status: 'connected' | 'reconnecting'): void;
  /** First reconnect delay; doubles up to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface Stream {
  close(): void;
}

/**
 * Keeps a WebSocket open to the server's stream and reports each poke, reconnecting with
 * exponential backoff and jitter. The upgrade request carries the same DPoP headers as any call
 * (the proof names GET and the stream's http(s) URL).
 */
export function openStream(client: SyncClient, options: StreamOptions): Stream {
  const httpUrl = client.credentials.serverUrl + ROUTES.stream;
  const wsUrl = httpUrl.replace(/^http/, 'ws');
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let socket: WebSocket | undefined;
  let closed = false;
  let delay = initialDelay;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed) return;
    options.onStatus?.('reconnecting');
    timer = setTimeout(connect, delay * (0.5 + Math.random()));
    delay = Math.min(maxDelay, delay * 2);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    let headers: Record<string, string>;
    try {
      headers = await client.authHeaders('GET', httpUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    const current = new WebSocket(wsUrl, { headers });
    socket = current;
    current.on('open', () => {
      delay = initialDelay;
      options.onStatus?.('connected');
    });
    current.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        return;
      }
      const poke = PokeSchema.safeParse(json);
      if (poke.success) options.onPoke(poke.data);
    });
    current.on('error', () => undefined);
    current.on('close', () => {
      if (socket === current) scheduleReconnect();
    });
  }

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
