import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { openTestDatabase } from '../../testing';
import { canonicalContent } from '../conformance';
import { ProviderError, type ProviderEvent } from '../connector';
import { reconcileCalendar, type CalendarReport } from '../reconcile';
import { ReconcileFixture } from '../testing/reconcile-fixture';
import { startGoogleAccount, type GoogleTestAccount } from './testing';

/**
 * The state-machine test of reconcile.state.test.ts, with Google (the double behind the real SDK)
 * as the provider and the faults Google gives: 429, 503, a lost answer to a write, a sync token
 * invalidated mid-pass (410), and another client's edit between the connector's read and write
 * (412). Both sides must end holding the same items, each once.
 */

type Fault = 'rate-limited' | 'server-error' | 'lost-response' | 'token-invalid' | 'concurrent-edit';

type Action =
  | { kind: 'local-create'; recurring: boolean }
  | { kind: 'local-edit'; pick: number; title: boolean }
  | { kind: 'local-cancel-instance'; pick: number }
  | { kind: 'local-delete'; pick: number }
  | { kind: 'remote-create' }
  | { kind: 'remote-edit'; pick: number }
  | { kind: 'remote-delete'; pick: number }
  | { kind: 'sync'; faults: (Fault | undefined)[] };

const pick = fc.nat({ max: 50 });
const fault = fc.option(fc.constantFrom<Fault>('rate-limited', 'server-error', 'lost-response', 'token-invalid', 'concurrent-edit'), { nil: undefined, freq: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('local-create' as const), recurring: fc.boolean() }),
  fc.record({ kind: fc.constant('local-edit' as const), pick, title: fc.boolean() }),
  fc.record({ kind: fc.constant('local-cancel-instance' as const), pick }),
  fc.record({ kind: fc.constant('local-delete' as const), pick }),
  fc.record({ kind: fc.constant('remote-create' as const) }),
  fc.record({ kind: fc.constant('remote-edit' as const), pick }),
  fc.record({ kind: fc.constant('remote-delete' as const), pick }),
  fc.record({ kind: fc.constant('sync' as const), faults: fc.array(fault, { maxLength: 6 }) }),
);

class Run {
  private stamp = 0;

  constructor(
    readonly fixture: ReconcileFixture,
    readonly account: GoogleTestAccount,
  ) {}

  private get calendarId(): string {
    return this.fixture.remote.remoteId;
  }

  private liveRemoteMasters() {
    return this.account.double.events(this.calendarId).filter((event) => event.status !== 'cancelled' && !event.recurringEventId);
  }

  async apply(step: Action): Promise<void> {
    const { fixture, account } = this;
    const local = await fixture.liveItems();
    const remote = this.liveRemoteMasters();
    this.stamp += 1;
    switch (step.kind) {
      case 'local-create':
        await fixture.createEvent({
          id: crypto.randomUUID(),
          title: `Local ${this.stamp}`,
          start: { dateTime: '2026-03-02T09:00', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2026-03-02T10:00', timeZone: 'Europe/Berlin' },
          attendees: [],
          status: 'confirmed',
          transparency: 'opaque',
          ...(step.recurring && { recurrence: { rule: 'FREQ=WEEKLY;COUNT=5', exdates: [] } }),
        });
        return;
      case 'local-edit': {
        const master = local[step.pick % Math.max(local.length, 1)]?.events[0];
        if (master) await fixture.updateEvent(master.id, step.title ? { title: `${master.title.split(' #')[0]} #${this.stamp}` } : { location: `Room ${this.stamp}` });
        return;
      }
      case 'local-cancel-instance': {
        const master = local.filter((item) => item.events[0]!.recurrence)[step.pick % Math.max(local.length, 1)]?.events[0];
        if (!master?.recurrence || !('dateTime' in master.start)) return;
        const day = new Date(Date.parse(`${master.start.dateTime.slice(0, 10)}T00:00:00Z`) + (1 + (step.pick % 4)) * 7 * 86_400_000).toISOString().slice(0, 10);
        const exdate = `${day}T${master.start.dateTime.slice(11, 16)}:00`;
        if (!master.recurrence.exdates.includes(exdate)) await fixture.updateEvent(master.id, { recurrence: { ...master.recurrence, exdates: [...master.recurrence.exdates, exdate] } });
        return;
      }
      case 'local-delete': {
        const item = local[step.pick % Math.max(local.length, 1)];
        if (item) await fixture.deleteEvent(item.eventId);
        return;
      }
      case 'remote-create':
        account.double.insertEvent(this.calendarId, { summary: `Remote ${this.stamp}`, start: { dateTime: '2026-03-03T14:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-03T15:00:00', timeZone: 'Europe/Berlin' } });
        return;
      case 'remote-edit': {
        const target = remote[step.pick % Math.max(remote.length, 1)];
        if (target) account.double.patchEvent(this.calendarId, target.id, { summary: `${(target.summary ?? '').split(' #')[0]} #${this.stamp}` });
        return;
      }
      case 'remote-delete': {
        const target = remote[step.pick % Math.max(remote.length, 1)];
        if (target) account.double.deleteEvent(this.calendarId, target.id);
        return;
      }
      case 'sync':
        this.plan(step.faults);
        await this.sync();
        this.plan([]);
    }
  }

  /** The n-th API request of the pass meets faults[n]. */
  private plan(faults: readonly (Fault | undefined)[]): void {
    const { double } = this.account;
    let index = 0;
    double.onRequest =
      faults.length === 0
        ? undefined
        : (method, url) => {
            const planned = faults[index];
            index += 1;
            if (planned === 'rate-limited') double.injectFaults({ status: 429, reason: 'rateLimitExceeded', retryAfterSeconds: 1 });
            else if (planned === 'server-error') double.injectFaults({ status: 503, reason: 'backendError' });
            else if (planned === 'lost-response' && method !== 'GET') double.injectFaults({ status: 200, lostResponse: true });
            else if (planned === 'token-invalid') double.invalidateSyncTokens();
            else if (planned === 'concurrent-edit' && method === 'PUT') {
              const eventId = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
              const target = double.event(this.calendarId, eventId);
              if (target && target.status !== 'cancelled') double.patchEvent(this.calendarId, eventId, { location: `Elsewhere ${index}` });
            }
          };
  }

  async sync(): Promise<CalendarReport | undefined> {
    try {
      return await reconcileCalendar(this.fixture.db, this.account.connector, await this.fixture.linked());
    } catch (error) {
      if (error instanceof ProviderError) return undefined;
      throw error;
    }
  }

  async settle(): Promise<void> {
    this.plan([]);
    for (let pass = 1; pass <= 5; pass += 1) {
      const report = await this.sync();
      if (report && report.pulled === 0 && report.pushed === 0 && report.deferred === 0) return;
    }
    throw new Error('the two sides did not settle in five passes without faults');
  }
}

const canonical = (events: ProviderEvent[]) => JSON.stringify(canonicalContent({ uid: '', events }).events);

describe('reconciliation with Google as a state machine with injected faults (PGlite)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('ends with both sides holding the same items, none twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 24 }), async (actions) => {
        const fixture = await ReconcileFixture.create(db, 'google');
        const account = await startGoogleAccount({ connector: { pageSize: 3 } });
        account.double.addCalendar({ id: fixture.remote.remoteId, summary: 'Work', timeZone: 'Europe/Zurich' });
        try {
          const run = new Run(fixture, account);
          for (const step of actions) await run.apply(step);
          await run.settle();
          const local = (await fixture.liveEvents()).map(canonical).sort();
          const remoteItems = (await account.connector.pull(fixture.remote, null)).changed;
          expect(remoteItems.map((item) => canonical(item.events)).sort()).toEqual(local);
          const titles = local.map((item) => (JSON.parse(item) as ProviderEvent[])[0]!.title.split(' #')[0]);
          expect(new Set(titles).size).toBe(titles.length);
          expect(new Set(remoteItems.map((item) => item.uid)).size).toBe(remoteItems.length);
        } finally {
          await account.double.stop();
        }
      }),
      {
        numRuns: 100,
        examples: [
          [[{ kind: 'remote-create' }, { kind: 'sync', faults: [] }, { kind: 'remote-delete', pick: 0 }, { kind: 'sync', faults: ['token-invalid'] }]],
          [[{ kind: 'local-create', recurring: true }, { kind: 'sync', faults: [undefined, 'lost-response'] }, { kind: 'local-cancel-instance', pick: 0 }, { kind: 'sync', faults: ['server-error'] }]],
          [[{ kind: 'remote-create' }, { kind: 'sync', faults: [] }, { kind: 'local-edit', pick: 0, title: false }, { kind: 'sync', faults: [undefined, undefined, undefined, 'concurrent-edit', 'concurrent-edit'] }]],
        ],
      },
    );
  }, 240_000);
});
