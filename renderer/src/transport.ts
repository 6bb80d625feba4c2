import type { Transport } from '../../src/api/client';
import type { HostEvent } from '../../src/api/contract';
import type { Reply } from '../../src/api/errors';
import { WIRE_PATH, type WireMessage } from '../../src/api/wire';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser, where the WebSocket bridge serves. */
    tempopilot?: Transport;
  }
}

/**
 * The api contract over the browser face's WebSocket. The launch token arrives in the URL's
 * fragment (never sent to a server log) and goes along when the socket opens.
 */
export function webSocketTransport(location: Location): Transport | undefined {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (!token) return undefined;
  const socket = new WebSocket(`ws://${location.host}${WIRE_PATH}?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('cannot reach the TempoPilot host')), { once: true });
  });
  const waiting = new Map<number, (reply: Reply<unknown>) => void>();
  const listeners = new Set<(event: HostEvent) => void>();
  let nextId = 1;
  socket.addEventListener('message', (message) => {
    const parsed = JSON.parse(String(message.data)) as WireMessage;
    if (parsed.kind === 'reply') {
      waiting.get(parsed.id)?.(parsed.reply as Reply<unknown>);
      waiting.delete(parsed.id);
    } else {
      for (const listener of listeners) listener(parsed.event as HostEvent);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of waiting.values()) resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to the TempoPilot host closed' } });
    waiting.clear();
  });
  return {
    async call(method, args) {
      await opened;
      const id = nextId++;
      const reply = new Promise<Reply<unknown>>((resolve) => waiting.set(id, resolve));
      socket.send(JSON.stringify({ id, method, args }));
      return reply;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Electron's preload when present, else the browser face's WebSocket. */
export function hostTransport(): Transport | undefined {
  return window.tempopilot ?? webSocketTransport(window.location);
}
