import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import type { MutationResult } from '../src/sync/protocol';
import { createTestSchema, freePort, mutation, startServerProcess, testCalendar, testDatabaseKinds, TestDevice, testEvent, type ServerProcess, type TestDatabaseKind } from './testing';

/** Where a server process keeps its data: a PGlite folder, or a schema on the test PostgreSQL. */
async function storage(kind: TestDatabaseKind): Promise<{ location: { dataDir: string } | { databaseUrl: string }; remove(): Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-sync-'));
    return { location: { dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = await createTestSchema();
  return { location: { databaseUrl: schema.connectionString }, remove: () => schema.drop() };
}

const running: ServerProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.kill()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: Parameters<typeof startServerProcess>[0]): Promise<ServerProcess> {
  const server = await startServerProcess(options);
  running.push(server);
  return server;
}

describe.each(testDatabaseKinds())('sync-server/main.ts as a child process on %s', (kind) => {
  it('loses no acknowledged mutation when killed with SIGKILL in the middle of pushes, and the retry completes the rest', async () => {
    const { location, remove } = await storage(kind);
    cleanups.push(remove);
    const port = await freePort();
    const first = await start({ ...location, port });
    expect(first.url).toBe(`http://127.0.0.1:${port}`);

    const laptop = await TestDevice.register(first.url);
    const phone = await laptop.pair();
    await laptop.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() })]);

    const batches: [TestDevice, EventMutation[]][] = [];
    const eventOf = new Map<string, string>();
    const acknowledged = new Map<string, MutationResult>();
    let inFlight = 0;
    let stopped = false;
    const pusher = async (device: TestDevice, name: string) => {
      for (let i = 0; !stopped; i++) {
        const batch = Array.from({ length: 5 }, (_, j) => {
          const create = mutation<EventMutation>('createEvent', { event: testEvent(`${name}-${i}-${j}`) });
          eventOf.set(create.id, `${name}-${i}-${j}`);
          return create;
        });
        batches.push([device, batch]);
        inFlight += 1;
        try {
          for (const result of (await device.push(batch)).results) acknowledged.set(result.mutationId, result);
        } catch {
          return;
        } finally {
          inFlight -= 1;
        }
      }
    };
    const pushers = [pusher(laptop, 'a'), pusher(laptop, 'b'), pusher(phone, 'c'), pusher(phone, 'd')];
    while (acknowledged.size < 100) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(inFlight).toBeGreaterThan(0);
    await first.kill('SIGKILL');
    stopped = true;
    await Promise.all(pushers);
    running.splice(running.indexOf(first), 1);

    const second = await start({ ...location, port });
    const afterCrash = await laptop.events();
    const lost = [...acknowledged.keys()].filter((mutationId) => !afterCrash.has(eventOf.get(mutationId)!));
    expect(lost).toEqual([]);

    // The clients' retry: every batch again, from the device that sent it.
    for (const [device, batch] of batches) {
      for (const result of (await device.push(batch)).results) {
        const acked = acknowledged.get(result.mutationId);
        if (acked) expect(result).toEqual({ ...acked, status: 'duplicate' });
        else expect(['applied', 'duplicate']).toContain(result.status);
      }
    }
    expect((await phone.events()).size).toBe(batches.length * 5);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('finishes the requests in flight when asked to stop with SIGTERM, then exits 0', async () => {
    const { location, remove } = await storage(kind);
    cleanups.push(remove);
    const server = await start(location);
    const device = await TestDevice.register(server.url);
    await device.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() })]);
    const big = Array.from({ length: 300 }, (_, i) => mutation<EventMutation>('createEvent', { event: testEvent(`e${i}`) }));
    const pushing = device.push(big);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exit = server.stop();
    expect((await pushing).results.map((r) => r.status)).toEqual(big.map(() => 'applied'));
    expect(await exit).toEqual({ code: 0, signal: null });
    running.splice(running.indexOf(server), 1);
  }, 60_000);
});

describe('sync-server/main.ts configuration', () => {
  it('refuses a port that is not a number, saying so', async () => {
    await expect(startServerProcess({ port: 'eighty' as unknown as number })).rejects.toThrow(/PORT must be a port number/);
  });
});
