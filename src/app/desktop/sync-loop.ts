import type { ApiClient } from '../../api/client';
import { systemTimers, type Timers } from './timers';

export interface SyncLoopOptions {
  intervalMs?: number;
  timers?: Timers;
  onError?: (message: string) => void;
}

/**
 * Background sync for the desktop: a sync.run every interval while this device is connected,
 * and soon after a local change. "Pause sync" in the tray stops it until resumed; a run already
 * under way finishes, and runs never overlap.
 */
export class SyncLoop {
  private interval: unknown;
  private soon: unknown;
  private running: Promise<void> | undefined;
  private isPaused = false;
  private readonly timers: Timers;

  constructor(
    private readonly client: ApiClient,
    private readonly options: SyncLoopOptions = {},
  ) {
    this.timers = options.timers ?? systemTimers;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  start(): void {
    this.interval ??= this.timers.setInterval(() => void this.runOnce(), this.options.intervalMs ?? 60_000);
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    void this.runOnce();
  }

  /** A local change: push it within a couple of seconds rather than at the next interval. */
  changed(): void {
    if (this.soon !== undefined) return;
    this.soon = this.timers.setTimeout(() => {
      this.soon = undefined;
      void this.runOnce();
    }, 2_000);
  }

  runOnce(): Promise<void> {
    if (this.isPaused) return Promise.resolve();
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const status = await this.client.send('sync.status', {});
      if (status.connected) await this.client.send('sync.run', {});
    } catch (error) {
      this.options.onError?.((error as Error).message);
    }
  }

  async stop(): Promise<void> {
    if (this.interval !== undefined) this.timers.clearInterval(this.interval);
    if (this.soon !== undefined) this.timers.clearTimeout(this.soon);
    this.interval = undefined;
    this.soon = undefined;
    await this.running;
  }
}
