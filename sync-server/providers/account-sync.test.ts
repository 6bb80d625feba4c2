import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { migrate } from '../db/migrations';
import { openTestDatabase, testDatabaseKinds } from '../testing';
import { addAccount, type ProviderDeps } from './accounts';
import { syncAccount } from './account-sync';
import type { ProviderCalendar, ProviderEvent } from './connector';
import { LATER_QUEUE } from './scheduler';
import { ProviderService } from './service';
import { PokeHub } from '../stream';
import { FaultPlan, MemoryConnector, MemoryProvider } from './testing/memory-connector';
import { SecretVault } from './vault';

const WORK: ProviderCalendar = { remoteId: 'work', name: 'Work', readOnly: false };
const event = (title: string): ProviderEvent => ({
  title,
  start: { date: '2026-12-24' },
  end: { date: '2026-12-25' },
  attendees: [],
  status: 'confirmed',
  transparency: 'transparent',
});

describe.each(testDatabaseKinds())('provider account runs on %s', (kind) => {
  let db: Database;
  let provider: MemoryProvider;
  let connector: MemoryConnector;
  let deps: ProviderDeps;
  let userId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    provider = new MemoryProvider();
    connector = new MemoryConnector(provider, [WORK]);
    deps = { db, vault: new SecretVault(randomBytes(32)), connectors: { caldav: async () => connector } };
    userId = crypto.randomUUID();
    const deviceId = crypto.randomUUID();
    await db.query('insert into users (id) values ($1)', [userId]);
    await db.query(`insert into devices (id, user_id, name, public_key, key_thumbprint) values ($1, $2, 'Laptop', '{}'::jsonb, $3)`, [deviceId, userId, `t-${deviceId}`]);
    ({ account: { id: accountId } } = await addAccount(deps, userId, deviceId, { kind: 'caldav', url: 'https://dav.example.com/', username: 'dana', password: 'pw' }));
  });

  const state = async () => (await db.query<{ state: string; failures: number; retry_at: Date | null }>('select state, failures, retry_at from provider_accounts where id = $1', [accountId]))[0]!;

  it('honours retry-after: no call to the provider before the time it named', async () => {
    connector.injectFaults(new FaultPlan(['rate-limited']));
    const now = new Date('2026-11-25T12:00:00Z');
    const first = await syncAccount(deps, accountId, { now: () => now });
    expect(first.report).toMatchObject({ state: 'rate-limited', error: { code: 'rate-limited' } });
    expect(first.nextRunAt).toEqual(new Date(now.getTime() + 1_000));

    const calls = provider.calls.pull;
    const early = await syncAccount(deps, accountId, { now: () => new Date(now.getTime() + 500) });
    expect(early).toMatchObject({ ran: false, report: { state: 'rate-limited' } });
    expect(provider.calls.pull).toBe(calls);

    const later = await syncAccount(deps, accountId, { now: () => new Date(now.getTime() + 1_500) });
    expect(later).toMatchObject({ ran: true, report: { state: 'ok' } });
    expect((await state()).failures).toBe(0);
  });

  it('backs off with jitter after failures, longer each time', async () => {
    connector.injectFaults(new FaultPlan(['server-error', 'server-error']));
    const now = new Date('2026-11-25T12:00:00Z');
    const first = await syncAccount(deps, accountId, { now: () => now, random: () => 0.5 });
    const second = await syncAccount(deps, accountId, { now: () => now, random: () => 0.5 });
    expect(first.report.state).toBe('failing');
    expect(first.nextRunAt!.getTime() - now.getTime()).toBe(22_500);
    expect(second.nextRunAt!.getTime() - now.getTime()).toBe(45_000);
    expect(await state()).toMatchObject({ state: 'failing', failures: 2 });
  });

  it('runs one sync per account at a time', async () => {
    provider.insert('work', { uid: 'a', events: [event('Holiday')] });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pull = connector.pull.bind(connector);
    connector.pull = async (...args) => {
      await gate;
      return pull(...args);
    };
    const first = syncAccount(deps, accountId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await syncAccount(deps, accountId);
    release();
    expect(second).toMatchObject({ ran: false, report: { state: 'syncing' } });
    expect(await first).toMatchObject({ ran: true, report: { state: 'ok', pulled: 1 } });
    expect((await syncAccount(deps, accountId)).ran).toBe(true);
  });

  it('makes a sync the person asked for wait for a job holding the account, then run after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pull = connector.pull.bind(connector);
    connector.pull = async (...args) => {
      await gate;
      return pull(...args);
    };
    const job = syncAccount(deps, accountId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    provider.insert('work', { uid: 'late', events: [event('Arrived during the job')] });
    const asked = new ProviderService(deps, new PokeHub(60_000)).syncNow(userId);
    setTimeout(release, 300);
    expect((await job).ran).toBe(true);
    const [report] = await asked;
    expect(report).toMatchObject({ state: 'ok' });
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from events where user_id = $1 and data->>'title' = 'Arrived during the job'`, [userId]);
    expect(row!.n).toBe(1);
  });

  it('takes a crashed worker’s account back once its lease has lapsed', async () => {
    await db.query(`update provider_accounts set lease_owner = $2, lease_until = $3 where id = $1`, [accountId, crypto.randomUUID(), new Date(Date.now() - 1_000)]);
    expect((await syncAccount(deps, accountId)).ran).toBe(true);
  });

  it('syncs from a job soon after it is asked to, and books the next periodic run (pg-boss)', async () => {
    provider.insert('work', { uid: 'b', events: [event('Office closed')] });
    const schema = `jobs_${crypto.randomUUID().slice(0, 8)}`;
    const service = new ProviderService(deps, new PokeHub(60_000), { jobs: { schema, pollingIntervalSeconds: 0.5, polling: { activeMs: 3_600_000, quietMaxMs: 3_600_000 } } });
    await service.start();
    try {
      await service.devicePushed(userId);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const [row] = await db.query<{ n: number }>(`select count(*)::int as n from events where user_id = $1 and not deleted`, [userId]);
        if (row!.n === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const [row] = await db.query<{ title: string }>(`select data->>'title' as title from events where user_id = $1`, [userId]);
      expect(row?.title).toBe('Office closed');
      expect((await state()).state).toBe('ok');
      const booked = async () =>
        (
          await db.query<{ n: number }>(
            `select count(*)::int as n from ${schema}.job where name = $1 and state = 'created' and singleton_key = $2 and start_after > now() + interval '50 minutes'`,
            [LATER_QUEUE, accountId],
          )
        )[0]!.n;
      while (Date.now() < deadline && (await booked()) === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await booked()).toBe(1);
    } finally {
      await service.stop();
      await db.query(`drop schema ${schema} cascade`);
    }
  }, 30_000);
});
