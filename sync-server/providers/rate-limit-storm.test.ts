import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddProviderRequest } from '../../src/sync/protocol';
import type { Database } from '../db/database';
import { migrate } from '../db/migrations';
import { openTestDatabase } from '../testing';
import { addAccount, type ProviderDeps } from './accounts';
import { syncAccount } from './account-sync';
import type { ProviderConnector } from './connector';
import { startGoogleAccount, TEST_CLIENT_ID } from './google/testing';
import { GraphDouble } from './microsoft/double';
import { connectToDouble } from './microsoft/testing';
import { SecretVault } from './vault';

/**
 * A 429 storm: the provider answers every request "too many requests, retry after 30 s" for a
 * while. The account must wait as told between attempts (a run asked for early does not reach
 * the provider), make one request per attempt (no hidden retries hammering it), never loop, and
 * when the storm is over sync everything exactly once.
 */
const STORM = 8;
const RETRY_AFTER_S = 30;
const EVENTS = 5;

interface Storm {
  kind: 'google' | 'microsoft';
  request: AddProviderRequest;
  connector(): Promise<ProviderConnector>;
  /** Requests the provider's API has answered so far. */
  requests(): number;
  startStorm(): void;
  stop(): Promise<void>;
}

async function googleStorm(): Promise<Storm> {
  const account = await startGoogleAccount();
  let requests = 0;
  account.double.onRequest = () => void (requests += 1);
  account.double.addCalendar({ id: 'work@example.com', summary: 'Work', timeZone: 'Europe/Berlin' });
  for (let i = 0; i < EVENTS; i++) {
    account.double.insertEvent('work@example.com', { summary: `Meeting ${i}`, start: { dateTime: `2026-06-0${i + 1}T10:00:00+02:00`, timeZone: 'Europe/Berlin' }, end: { dateTime: `2026-06-0${i + 1}T11:00:00+02:00`, timeZone: 'Europe/Berlin' } });
  }
  return {
    kind: 'google',
    request: { kind: 'google', clientId: TEST_CLIENT_ID, refreshToken: account.refreshToken },
    connector: async () => account.newConnector(),
    requests: () => requests,
    startStorm: () => account.double.injectFaults(...Array.from({ length: STORM }, () => ({ status: 429, reason: 'rateLimitExceeded', retryAfterSeconds: RETRY_AFTER_S }))),
    stop: () => account.double.stop(),
  };
}

async function microsoftStorm(): Promise<Storm> {
  const double = await GraphDouble.start();
  let requests = 0;
  double.onRequest = () => void (requests += 1);
  const calendarId = double.addCalendar('Office').id;
  double.insertEvents(
    calendarId,
    Array.from({ length: EVENTS }, (_, i) => ({ subject: `Meeting ${i}`, start: { dateTime: `2026-06-0${i + 1}T10:00:00`, timeZone: 'Europe/Berlin' }, end: { dateTime: `2026-06-0${i + 1}T11:00:00`, timeZone: 'Europe/Berlin' } })),
  );
  const refreshToken = double.issueRefreshToken();
  return {
    kind: 'microsoft',
    request: { kind: 'microsoft', clientId: double.clientId, tokenCache: 'served by the test registry' },
    connector: () => connectToDouble(double, refreshToken),
    requests: () => requests,
    startStorm: () => double.injectFaults(...Array.from({ length: STORM }, () => ({ status: 429, headers: { 'Retry-After': String(RETRY_AFTER_S) } }))),
    stop: () => double.stop(),
  };
}

describe.each([
  ['Google', googleStorm],
  ['Microsoft 365', microsoftStorm],
])('a 429 storm from %s', (_name, start) => {
  let db: Database;
  let storm: Storm;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await migrate(db);
    storm = await start();
  }, 60_000);
  afterAll(async () => {
    await storm?.stop();
    await db?.close();
  });

  it('waits as told, one request per attempt, then syncs everything once', async () => {
    const deps: ProviderDeps = { db, vault: new SecretVault(randomBytes(32)), connectors: { [storm.kind]: () => storm.connector() } };
    const userId = crypto.randomUUID();
    const deviceId = crypto.randomUUID();
    await db.query('insert into users (id) values ($1)', [userId]);
    await db.query(`insert into devices (id, user_id, name, public_key, key_thumbprint) values ($1, $2, 'Laptop', '{}'::jsonb, $3)`, [deviceId, userId, `t-${deviceId}`]);
    const { account } = await addAccount(deps, userId, deviceId, storm.request);

    storm.startStorm();
    let now = new Date('2026-06-01T09:00:00Z');
    const attempts: { at: number; requests: number; state: string }[] = [];
    for (let round = 0; round < 3 * STORM; round++) {
      const before = storm.requests();
      const result = await syncAccount(deps, account.id, { now: () => now, random: () => 0.5 });
      expect(result.ran).toBe(true);
      attempts.push({ at: now.getTime(), requests: storm.requests() - before, state: result.report.state });
      if (result.report.state === 'ok') break;
      expect(result.report).toMatchObject({ state: 'rate-limited', error: { code: 'rate-limited' } });
      expect(result.nextRunAt!.getTime() - now.getTime()).toBe(RETRY_AFTER_S * 1000);

      // Asked again a second early (a person pressing "sync now"): nothing reaches the provider.
      const early = storm.requests();
      expect(await syncAccount(deps, account.id, { now: () => new Date(result.nextRunAt!.getTime() - 1000) })).toMatchObject({ ran: false, report: { state: 'rate-limited' } });
      expect(storm.requests()).toBe(early);
      now = result.nextRunAt!;
    }

    expect(attempts.map((a) => a.state)).toEqual([...Array.from({ length: STORM }, () => 'rate-limited'), 'ok']);
    expect(attempts.slice(0, STORM).every((a) => a.requests === 1)).toBe(true);
    const [row] = await db.query<{ state: string; failures: number }>('select state, failures from provider_accounts where id = $1', [account.id]);
    expect(row).toEqual({ state: 'ok', failures: 0 });
    const titles = await db.query<{ title: string }>(`select data->>'title' as title from events where user_id = $1 and not deleted order by 1`, [userId]);
    expect(titles.map((t) => t.title)).toEqual(Array.from({ length: EVENTS }, (_, i) => `Meeting ${i}`));
  });
});
