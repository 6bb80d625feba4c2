import os from 'node:os';
import { ApiError } from '../api/errors';
import type { SyncRunResult, SyncStatus } from '../api/contract';
import type { CalendarStore } from '../store';
import { SyncClient, SyncHttpError, SyncUnreachableError, type DeviceCredentials, type FetchLike } from '../sync/client';
import type { SecretBox } from './secrets';
import { loadCredentials, saveCredentials } from './sync-identity';

/** Turns sync failures into api errors with messages a person can act on. */
export function toApiError(error: unknown): unknown {
  if (error instanceof SyncUnreachableError) return new ApiError('unavailable', error.message);
  if (error instanceof SyncHttpError) {
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

  constructor(
    private readonly store: CalendarStore,
    private readonly dataDir: string,
    private readonly secrets: SecretBox,
    private readonly fetchImpl: FetchLike = fetch,
  ) {
    this.credentials = loadCredentials(dataDir, secrets);
  }

  status(): SyncStatus {
    const pendingChanges = this.store.outbox.pendingCount();
    const cursor = this.store.syncCursor();
    if (!this.credentials) return { connected: false, pendingChanges, cursor };
    const { serverUrl, userId, deviceId } = this.credentials;
    return { connected: true, serverUrl, userId, deviceId, pendingChanges, cursor };
  }

  private async connected(): Promise<SyncClient> {
    if (!this.credentials) throw new ApiError('invalid-args', 'this device is not connected to a sync server; run `tempopilot connect URL` first');
    this.client ??= await SyncClient.open(this.credentials, this.fetchImpl);
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

  /** Pushes the outbox, then pulls; returns what happened and which events changed here. */
  async run(): Promise<SyncRunResult & { touched: string[] }> {
    const client = await this.connected();
    const { push, pull } = await guarded(() => client.sync(this.store));
    return {
      pushed: push.pushed,
      pulled: pull.pulled,
      rejected: push.rejected.map((r) => ({ mutationId: r.mutationId, code: r.error?.code ?? 'rejected', message: r.error?.message ?? 'rejected' })),
      conflicts: push.conflicts,
      touched: [...new Set([...push.rebuilt, ...pull.touched])],
    };
  }

  async withClient<T>(work: (client: SyncClient) => Promise<T>): Promise<T> {
    const client = await this.connected();
    return guarded(() => work(client));
  }
}
