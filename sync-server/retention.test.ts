import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { DEFAULT_RETENTION, pruneHistory } from './retention';
import { mutation, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type TestServer } from './testing';

const DAY_MS = 86_400_000;

describe.each(testDatabaseKinds())('pruning old history on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { retention: false });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const count = async (table: string) => (await server.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  it('deletes what is past its age in batches, keeps the rest, and syncing and replays still work', async () => {
    const laptop = await TestDevice.register(server.url);
    const old = [mutation<Mutation>('putCalendar', { calendar: testCalendar() }), ...Array.from({ length: 7 }, (_, i) => mutation<EventMutation>('createEvent', { event: testEvent(`old-${i}`) }))];
    await laptop.push(old);
    await laptop.client.pairingCode();
    // What happened so far happened 100 days ago (and the pairing code expired then).
    const past = new Date(Date.now() - 100 * DAY_MS).toISOString();
    await server.database.query('update change_log set committed_at = $1', [past]);
    await server.database.query('update applied_mutations set applied_at = $1', [past]);
    await server.database.query('update audit_log set at = $1', [past]);
    await server.database.query('update pairing_codes set expires_at = $1', [past]);
    const recent = mutation<EventMutation>('createEvent', { event: testEvent('recent') });
    await laptop.push([recent]);

    const before = { audit: await count('audit_log') };
    const pruned = await pruneHistory(server.database, new Date(), DEFAULT_RETENTION, 3);
    expect(pruned).toEqual({ change_log: 8, applied_mutations: 8, audit_log: 0, pairing_codes: 1 });
    expect(await count('change_log')).toBe(1);
    expect(await count('applied_mutations')).toBe(1);
    expect(await count('audit_log')).toBe(before.audit);
    expect(await count('pairing_codes')).toBe(0);

    // A recent mutation replayed is still recognised.
    expect((await laptop.push([recent])).results[0]!.status).toBe('duplicate');

    // The audit log keeps a year: a year and a day later, only what is newer stays.
    expect((await pruneHistory(server.database, new Date(Date.now() + 266 * DAY_MS), DEFAULT_RETENTION, 3)).audit_log).toBe(before.audit - (await count('audit_log')));
    expect(await count('audit_log')).toBeGreaterThan(0);

    // Pulls read current rows, not the log: a new device still gets every event.
    const phone = await laptop.pair();
    const pulled = await phone.pullAll(0);
    expect(pulled.changes.filter((c) => c.kind === 'event').map((c) => c.kind === 'event' && c.eventId).sort()).toEqual([...old.slice(1).map((m) => (m as EventMutation & { name: 'createEvent' }).args.event.id), 'recent'].sort());
  });
});
