import type { WebSocket } from 'ws';
import type { Poke } from '../src/sync/protocol';

/** The device was revoked: a code in the application range, so a client can tell it from an outage. */
export const CLOSE_DEVICE_REVOKED = 4403;
/** The server is shutting down: reconnect later. */
export const CLOSE_GOING_AWAY = 1001;

interface Subscriber {
  socket: WebSocket;
  deviceId: string;
  alive: boolean;
}

/** A committed version of one user's data, and the device that made it (which needs no poke). */
export interface UserPoke {
  userId: string;
  version: number;
  exceptDeviceId?: string;
}

export interface PokeHubEvents {
  onCount?(connected: number): void;
  onPoke?(sent: number): void;
}

/**
 * The open streams of each user. A committed version pokes the user's other devices, which then
 * pull; the poke carries no data, so a missed one costs only latency. Each socket is pinged every
 * heartbeat and dropped when the previous ping went unanswered.
 */
export class PokeHub {
  private readonly users = new Map<string, Set<Subscriber>>();
  private readonly timer: NodeJS.Timeout;
  private connected = 0;

  constructor(
    heartbeatMs: number,
    private readonly events: PokeHubEvents = {},
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  add(userId: string, deviceId: string, socket: WebSocket): void {
    const subscriber: Subscriber = { socket, deviceId, alive: true };
    let subscribers = this.users.get(userId);
    if (!subscribers) this.users.set(userId, (subscribers = new Set()));
    subscribers.add(subscriber);
    this.count(+1);
    socket.on('pong', () => {
      subscriber.alive = true;
    });
    socket.on('close', () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.users.get(userId) === subscribers) this.users.delete(userId);
      this.count(-1);
    });
  }

  /**
   * Where pokes go before reaching sockets: through PostgreSQL when several server processes
   * share the database, so each delivers to the devices connected to it (poke-relay.ts).
   */
  private relay: ((poke: UserPoke) => void) | undefined;

  relayThrough(relay: (poke: UserPoke) => void): void {
    this.relay = relay;
  }

  /** Tells the user's devices (but `exceptDeviceId`, which knows) that `version` is committed. */
  poke(userId: string, version: number, exceptDeviceId?: string): void {
    const poke: UserPoke = { userId, version, ...(exceptDeviceId !== undefined && { exceptDeviceId }) };
    if (this.relay) this.relay(poke);
    else this.deliver(poke);
  }

  /** Sends a poke to the user's devices connected to this process; answers how many. */
  deliver({ userId, version, exceptDeviceId }: UserPoke): number {
    const message = JSON.stringify({ type: 'poke', version } satisfies Poke);
    let sent = 0;
    for (const subscriber of this.users.get(userId) ?? []) {
      if (subscriber.deviceId === exceptDeviceId || subscriber.socket.readyState !== subscriber.socket.OPEN) continue;
      subscriber.socket.send(message);
      sent += 1;
    }
    this.events.onPoke?.(sent);
    return sent;
  }

  /** A revoked device loses its open streams at once, not at its next request. */
  closeDevice(deviceId: string): void {
    for (const subscribers of this.users.values()) {
      for (const subscriber of subscribers) {
        if (subscriber.deviceId === deviceId) subscriber.socket.close(CLOSE_DEVICE_REVOKED, 'device revoked');
      }
    }
  }

  get size(): number {
    return this.connected;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private count(delta: number): void {
    this.connected += delta;
    this.events.onCount?.(this.connected);
  }

  private heartbeat(): void {
    for (const subscribers of this.users.values()) {
      for (const subscriber of subscribers) {
        if (!subscriber.alive) {
          subscriber.socket.terminate();
          continue;
        }
        subscriber.alive = false;
        subscriber.socket.ping();
      }
    }
  }
}
