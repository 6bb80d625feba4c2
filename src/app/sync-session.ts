import os from 'node:os';
import { ApiError } from '../api/errors';
import type { SyncProgress, SyncRunResult, SyncStatus } from '../api/contract';
import type { CalendarStore } from '../store';
import { SyncClient, SyncHttpError, SyncUnreachableError, type DeviceCredentials, type FetchLike } from '../sync/client';
import type { SecretBox } from './secrets';
import { EMBEDDED_SERVER_URL, openEmbeddedServer, type EmbeddedServer, type EmbeddedServerLauncher } from './embedded-server';
import { loadCredentials, saveCredentials } from './sync-identity';

/** Turns sync failures into api errors with messages a person can act on. */
export function toApiError(error: unknown): unknown {
  if (error instanceof SyncUnreachableError) return new ApiError('unavailable', error.message);
  if (error instanceof SyncHttpError) {
    // The server answered for the calendar provider behind it (unreachable, not CalDAV): say that alone.
    if (error.code === 'provider-unreachable') return new ApiError('unavailable', error.message);
    if (error.code === 'provider-read-only') return new ApiError('read-only', error.message);
    if (error.status === 401 || error.status === 403) return new ApiError('denied', `the sync server refused this device: ${error.message}`);
    if (error.status === 404) return new ApiError('not-found', error.message);
    if (error.status >= 400 && error.status < 500) return new ApiError('invalid-args', error.message);
    return new ApiError('unavailable', `the sync server failed: ${error.message}`);
  }
  return error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error);
  }
}

/** This device's link to a sync server: its credentials, a client, and push-then-pull runs. */
export class SyncSession {
  private client: SyncClient | undefined;
  private credentials: DeviceCredentials | undefined;
  private embedded: Promise<EmbeddedServer> | undefined;

  constructor(
    private readonly store: CalendarStore,
    private readonly dataDir: string,
    private readonly secrets: SecretBox,
    private readonly fetchImpl: FetchLike = fetch,
    /** Starts the built-in sync server (single-user mode); faces without one leave it out. */
    private readonly launchEmbedded?: EmbeddedServerLauncher,
    /** This face lives long: the built-in server it starts keeps providers in step on its own. */
    private readonly backgroundSync = false,
  ) {
    this.credentials = loadCredentials(dataDir, secrets);
  }

  private embeddedServer(): Promise<EmbeddedServer> {
    const launch = this.launchEmbedded;
    if (!launch) return Promise.reject(new ApiError('unavailable', 'this face of TempoPilot cannot start the built-in sync server; run `tempopilot connect URL` first'));
    this.embedded ??= openEmbeddedServer(this.dataDir, launch, { providerJobs: this.backgroundSync }).catch((error: unknown) => {
      this.embedded = undefined;
      throw new ApiError('unavailable', error instanceof Error ? error.message : String(error));
    });
    return this.embedded;
  }

  /**
   * The client of the server this device syncs with. A device that has none is enrolled on the
   * built-in one first: provider accounts need a server, and single-user mode needs no set-up.
   */
  async ensureConnected(): Promise<SyncClient> {
    if (!this.credentials && this.launchEmbedded) {
      const server = await this.embeddedServer();
      const credentials = { ...(await guarded(() => SyncClient.register(server.url, os.hostname(), this.fetchImpl))), serverUrl: EMBEDDED_SERVER_URL };
      saveCredentials(this.dataDir, this.secrets, credentials);
      this.credentials = credentials;
    }
    return this.connected();
  }

  /** Stops the built-in server if this process started it. */
  async close(): Promise<void> {
    const embedded = this.embedded;
    this.embedded = undefined;
    if (embedded) await (await embedded).close();
  }

  status(): SyncStatus {
    const pendingChanges = this.store.outbox.pendingCount();
    const cursor = this.store.syncCursor();
    if (!this.credentials) return { connected: false, pendingChanges, cursor };
    const { serverUrl, userId, deviceId } = this.credentials;
    return { connected: true, serverUrl, userId, deviceId, pendingChanges, cursor };
  }

  private async connected(): Promise<SyncClient> {
    if (!this.credentials) throw new ApiError('invalid-args', 'this device is not connected to a sync server; run `tempopilot connect URL` first, or add a calendar account');
    if (!this.client) {
      const serverUrl = this.credentials.serverUrl === EMBEDDED_SERVER_URL ? (await this.embeddedServer()).url : this.credentials.serverUrl;
      this.client = await SyncClient.open({ ...this.credentials, serverUrl }, this.fetchImpl);
    }
    return this.client;
  }

  private async adopt(enrol: () => Promise<DeviceCredentials>): Promise<SyncStatus> {
    if (this.credentials) throw new ApiError('invalid-args', `this device is already connected to ${this.credentials.serverUrl}`);
    const credentials = await guarded(enrol);
    saveCredentials(this.dataDir, this.secrets, credentials);
    this.credentials = credentials;
    return this.status();
  }

  connect(url: string, deviceName = os.hostname()): Promise<SyncStatus> {
    return this.adopt(() => SyncClient.register(url, deviceName, this.fetchImpl));
  }

  join(url: string, code: string, deviceName = os.hostname()): Promise<SyncStatus> {
    return this.adopt(() => SyncClient.join(url, code, deviceName, this.fetchImpl));
  }

  /**
   * Pushes the outbox, has the server sync the provider accounts (reporting their progress), then
   * pulls; returns what happened and which events changed here.
   */
  async run(onProgress?: (progress: SyncProgress) => void): Promise<SyncRunResult & { touched: string[] }> {
    const client = await this.connected();
    const { push, providers, pull } = await guarded(async () => {
      const push = await client.push(this.store);
      const { providers } = await client.syncNow(onProgress && (({ type: _type, ...progress }) => onProgress(progress)));
      return { push, providers, pull: await client.pull(this.store) };
    });
    return {
      pushed: push.pushed,
      pulled: pull.pulled,
      providers,
      rejected: push.rejected.map((r) => ({ mutationId: r.mutationId, code: r.error?.code ?? 'rejected', message: r.error?.message ?? 'rejected' })),
      conflicts: push.conflicts,
      touched: [...new Set([...push.rebuilt, ...pull.touched])],
    };
  }

  /** Runs `work` with the client; `enrol` first joins the built-in server when there is no other. */
  async withClient<T>(work: (client: SyncClient) => Promise<T>, enrol = false): Promise<T> {
    const client = enrol ? await this.ensureConnected() : await this.connected();
    return guarded(() => work(client));
  }
}
