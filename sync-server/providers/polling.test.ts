import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountSyncResult } from './account-sync';
import { DEFAULT_POLLING, nextRun, pollDelayMs, type PollingPolicy, type PollingState } from './scheduler';

const MINUTE = 60_000;
const NOW = new Date('2026-03-09T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('adaptive polling (pollDelayMs)', () => {
  it.each<[string, PollingState, number]>([
    ['just after a pass that moved changes', { notificationsLive: false, lastActivityAt: NOW }, 1 * MINUTE],
    ['a minute after activity', { notificationsLive: false, lastActivityAt: ago(1 * MINUTE) }, 1 * MINUTE],
    ['two minutes quiet', { notificationsLive: false, lastActivityAt: ago(2 * MINUTE) }, 2 * MINUTE],
    ['four minutes quiet', { notificationsLive: false, lastActivityAt: ago(4 * MINUTE) }, 4 * MINUTE],
    ['an hour quiet: the ceiling', { notificationsLive: false, lastActivityAt: ago(60 * MINUTE) }, 15 * MINUTE],
    ['never active: the ceiling', { notificationsLive: false }, 15 * MINUTE],
    ['activity stamped in the future (clock skew): the floor', { notificationsLive: false, lastActivityAt: new Date(NOW.getTime() + MINUTE) }, 1 * MINUTE],
    ['notifications live: the safety net, however active', { notificationsLive: true, lastActivityAt: NOW }, 60 * MINUTE],
    ['notifications live, a renewal due in 20 minutes', { notificationsLive: true, renewalDueAt: new Date(NOW.getTime() + 20 * MINUTE) }, 20 * MINUTE],
    ['notifications live, a renewal overdue: not every minute', { notificationsLive: true, renewalDueAt: ago(MINUTE) }, 15 * MINUTE],
  ])('%s', (_name, state, expected) => {
    expect(pollDelayMs(DEFAULT_POLLING, state, NOW)).toBe(expected);
  });

  const policies = fc
    .tuple(fc.integer({ min: 1_000, max: 10 * MINUTE }), fc.integer({ min: 0, max: 60 * MINUTE }), fc.integer({ min: 0, max: 24 * 60 * MINUTE }))
    .map(([activeMs, extra, notifiedExtra]): PollingPolicy => ({ activeMs, quietMaxMs: activeMs + extra, notifiedMs: activeMs + extra + notifiedExtra }));

  it('stays between the floor and the ceiling, and never polls sooner after a longer quiet', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 48 * 60 * MINUTE }), fc.integer({ min: 0, max: 48 * 60 * MINUTE }), (policy, quietA, quietB) => {
        const delay = (quiet: number) => pollDelayMs(policy, { notificationsLive: false, lastActivityAt: ago(quiet) }, NOW);
        const [shorter, longer] = quietA <= quietB ? [quietA, quietB] : [quietB, quietA];
        expect(delay(shorter)).toBeGreaterThanOrEqual(policy.activeMs);
        expect(delay(longer)).toBeLessThanOrEqual(policy.quietMaxMs);
        expect(delay(longer)).toBeGreaterThanOrEqual(delay(shorter));
      }),
    );
  });

  it('with live notifications never polls more often than without, nor later than the safety net', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 48 * 60 * MINUTE }), fc.option(fc.integer({ min: -60 * MINUTE, max: 48 * 60 * MINUTE }), { nil: undefined }), (policy, quiet, renewalIn) => {
        const live = pollDelayMs(policy, { notificationsLive: true, lastActivityAt: ago(quiet), ...(renewalIn !== undefined && { renewalDueAt: new Date(NOW.getTime() + renewalIn) }) }, NOW);
        const polled = pollDelayMs(policy, { notificationsLive: false, lastActivityAt: ago(quiet) }, NOW);
        expect(live).toBeLessThanOrEqual(policy.notifiedMs);
        expect(live).toBeGreaterThanOrEqual(Math.min(policy.quietMaxMs, policy.notifiedMs));
        expect(live).toBeGreaterThanOrEqual(polled);
        if (renewalIn !== undefined && renewalIn >= policy.quietMaxMs) expect(live).toBeLessThanOrEqual(renewalIn);
      }),
    );
  });
});

describe('nextRun', () => {
  const report = { accountId: 'a', pulled: 0, pushed: 0, conflicts: [], fullResync: false, unreadable: 0 };
  const ran: AccountSyncResult = { report: { ...report, state: 'ok' }, localVersion: 0, ran: true };

  it('books the adaptive poll after a pass that went well', () => {
    expect(nextRun({ ...ran, polling: { notificationsLive: false, lastActivityAt: ago(4 * MINUTE) } }, NOW, DEFAULT_POLLING)).toEqual(new Date(NOW.getTime() + 4 * MINUTE));
    expect(nextRun(ran, NOW, DEFAULT_POLLING)).toEqual(new Date(NOW.getTime() + 15 * MINUTE));
  });

  it('keeps what the outcome asks for, retries a busy account soon, and books nothing while sign-in is needed', () => {
    const retryAt = new Date(NOW.getTime() + 7_000);
    expect(nextRun({ ...ran, nextRunAt: retryAt, polling: { notificationsLive: true } }, NOW, DEFAULT_POLLING)).toEqual(retryAt);
    expect(nextRun({ ...ran, ran: false }, NOW, DEFAULT_POLLING)).toEqual(new Date(NOW.getTime() + 30_000));
    expect(nextRun({ ...ran, report: { ...report, state: 'sign-in-again' } }, NOW, DEFAULT_POLLING)).toBeUndefined();
    expect(nextRun({ ...ran, gone: true }, NOW, DEFAULT_POLLING)).toBeUndefined();
  });
});
