import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../../../tests/doubles/desktop';
import type { ApiClient } from '../../api/client';
import { SyncLoop } from './sync-loop';

function syncClient(connected: boolean, runMs = 0) {
  const calls: string[] = [];
  const client = {
    send: async (name: string) => {
      calls.push(name);
      if (name === 'sync.status') return { connected, pendingChanges: 0, cursor: 0 };
      await new Promise((resolve) => setTimeout(resolve, runMs));
      return { pushed: 0, pulled: 0, rejected: [], conflicts: [] };
    },
  } as unknown as ApiClient;
  return { client, calls };
}

describe('background sync', () => {
  it('runs on its interval while connected, never overlapping, and not while paused', async () => {
    const timers = new ManualTimers();
    const { client, calls } = syncClient(true, 30);
    const loop = new SyncLoop(client, { timers, intervalMs: 1_000 });
    loop.start();
    timers.advance(1_000);
    await Promise.all([loop.runOnce(), loop.runOnce()]);
    expect(calls).toEqual(['sync.status', 'sync.run']);
    loop.pause();
    timers.advance(5_000);
    await loop.runOnce();
    expect(calls).toHaveLength(2);
    loop.resume();
    await loop.runOnce();
    expect(calls).toEqual(['sync.status', 'sync.run', 'sync.status', 'sync.run']);
    await loop.stop();
  });

  it('does nothing but ask while not connected, and pushes soon after a local change', async () => {
    const timers = new ManualTimers();
    const { client, calls } = syncClient(false);
    const loop = new SyncLoop(client, { timers });
    loop.changed();
    loop.changed();
    timers.advance(2_000);
    await loop.runOnce();
    expect(calls).toEqual(['sync.status']);
    await loop.stop();
  });

  it('reports a failed run instead of throwing', async () => {
    const errors: string[] = [];
    const client = { send: async () => Promise.reject(new Error('server unreachable')) } as unknown as ApiClient;
    await new SyncLoop(client, { onError: (m) => errors.push(m) }).runOnce();
    expect(errors).toEqual(['server unreachable']);
  });
});
