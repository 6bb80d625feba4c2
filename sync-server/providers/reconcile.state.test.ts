import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { openTestDatabase } from '../testing';
import { ProviderError, type ProviderEvent } from './connector';
import { reconcileCalendar, type CalendarReport } from './reconcile';
import { FaultPlan, MemoryConnector, MemoryProvider, type Fault } from './testing/memory-connector';
import { canonicalItem, ReconcileFixture } from './testing/reconcile-fixture';

/**
 * The reconciler as a state machine (vdirsyncer's approach): random edits on both sides, passes
 * interrupted by injected faults, then passes without faults. Whatever happened, both sides must
 * end holding the same items, each once.
 */

type Field = 'title' | 'location' | 'time';

type Action =
  | { kind: 'local-create'; recurring: boolean }
  | { kind: 'local-edit'; pick: number; field: Field }
  | { kind: 'local-cancel-instance'; pick: number }
  | { kind: 'local-delete'; pick: number }
  | { kind: 'remote-create' }
  | { kind: 'remote-edit'; pick: number; field: Field }
  | { kind: 'remote-delete'; pick: number }
  | { kind: 'sync'; faults: (Fault | undefined)[] };

const field = fc.constantFrom<Field>('title', 'location', 'time');
const pick = fc.nat({ max: 50 });
const fault = fc.option(fc.constantFrom<Fault>('lost-response', 'concurrent-edit', 'rate-limited', 'server-error', 'token-invalid'), { nil: undefined, freq: 2 });

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('local-create' as const), recurring: fc.boolean() }),
  fc.record({ kind: fc.constant('local-edit' as const), pick, field }),
  fc.record({ kind: fc.constant('local-cancel-instance' as const), pick }),
  fc.record({ kind: fc.constant('local-delete' as const), pick }),
  fc.record({ kind: fc.constant('remote-create' as const) }),
  fc.record({ kind: fc.constant('remote-edit' as const), pick, field }),
  fc.record({ kind: fc.constant('remote-delete' as const), pick }),
  fc.record({ kind: fc.constant('sync' as const), faults: fc.array(fault, { maxLength: 6 }) }),
);

function edited(event: ProviderEvent, changed: Field, stamp: number): ProviderEvent {
  if (changed === 'title') return { ...event, title: `${event.title.split(' #')[0]} #${stamp}` };
  if (changed === 'location') return { ...event, location: `Room ${stamp}` };
  const hour = 8 + (stamp % 9);
  const day = 'dateTime' in event.start ? event.start.dateTime.slice(0, 10) : '2026-03-02';
  return {
    ...event,
    start: { dateTime: `${day}T${String(hour).padStart(2, '0')}:00`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${day}T${String(hour + 1).padStart(2, '0')}:00`, timeZone: 'Europe/Berlin' },
  };
}

class Run {
  private stamp = 0;
  readonly provider = new MemoryProvider();
  readonly connector: MemoryConnector;

  constructor(readonly fixture: ReconcileFixture) {
    this.connector = new MemoryConnector(this.provider, [fixture.remote]);
  }

  private next(): number {
    this.stamp += 1;
    return this.stamp;
  }

  async apply(step: Action): Promise<void> {
    const { fixture, provider } = this;
    const local = await fixture.liveItems();
    const remote = provider.itemsOf(fixture.remote.remoteId);
    switch (step.kind) {
      case 'local-create': {
        const n = this.next();
        await fixture.createEvent({
          id: crypto.randomUUID(),
          title: `Local ${n}`,
          start: { dateTime: '2026-03-02T09:00', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2026-03-02T10:00', timeZone: 'Europe/Berlin' },
          attendees: [],
          status: 'confirmed',
          transparency: 'opaque',
          ...(step.recurring && { recurrence: { rule: 'FREQ=WEEKLY;COUNT=5', exdates: [] } }),
        });
        return;
      }
      case 'local-edit': {
        const item = local[step.pick % Math.max(local.length, 1)];
        if (!item) return;
        const master = item.events[0]!;
        const changed = edited(master, step.field, this.next());
        if (step.field === 'time') await fixture.push([{ id: crypto.randomUUID(), createdAt: new Date().toISOString(), name: 'moveEvent', args: { eventId: master.id, start: changed.start, end: changed.end } }]);
        else await fixture.updateEvent(master.id, step.field === 'title' ? { title: changed.title } : { location: changed.location ?? null });
        return;
      }
      case 'local-cancel-instance': {
        const item = local.filter((i) => i.events[0]!.recurrence)[step.pick % Math.max(local.length, 1)];
        const master = item?.events[0];
        if (!master?.recurrence || !('dateTime' in master.start)) return;
        const week = 1 + (step.pick % 4);
        const day = new Date(Date.parse(`${master.start.dateTime.slice(0, 10)}T00:00:00Z`) + week * 7 * 86_400_000).toISOString().slice(0, 10);
        const exdate = `${day}T${master.start.dateTime.slice(11, 16)}:00`;
        if (master.recurrence.exdates.includes(exdate)) return;
        await fixture.updateEvent(master.id, { recurrence: { ...master.recurrence, exdates: [...master.recurrence.exdates, exdate] } });
        return;
      }
      case 'local-delete': {
        const item = local[step.pick % Math.max(local.length, 1)];
        if (item) await fixture.deleteEvent(item.eventId);
        return;
      }
      case 'remote-create': {
        const n = this.next();
        provider.insert(fixture.remote.remoteId, {
          uid: `remote-${n}@elsewhere`,
          events: [
            {
              title: `Remote ${n}`,
              start: { dateTime: '2026-03-03T14:00', timeZone: 'Europe/Berlin' },
              end: { dateTime: '2026-03-03T15:00', timeZone: 'Europe/Berlin' },
              attendees: [],
              status: 'confirmed',
              transparency: 'opaque',
            },
          ],
        });
        return;
      }
      case 'remote-edit': {
        const item = remote[step.pick % Math.max(remote.length, 1)];
        if (!item) return;
        const stamp = this.next();
        provider.replace(
          item.remoteId,
          item.events.map((event) => (event.originalStart === undefined ? edited(event, step.field, stamp) : event)),
        );
        return;
      }
      case 'remote-delete': {
        const item = remote[step.pick % Math.max(remote.length, 1)];
        if (item) provider.remove(item.remoteId);
        return;
      }
      case 'sync':
        this.connector.injectFaults(new FaultPlan([...step.faults]));
        await this.sync();
    }
  }

  /** One pass; the provider's failures end it, as they end a job, and anything else is a bug. */
  async sync(): Promise<CalendarReport | undefined> {
    try {
      return await reconcileCalendar(this.fixture.db, this.connector, await this.fixture.linked());
    } catch (error) {
      if (error instanceof ProviderError) return undefined;
      throw error;
    }
  }

  /** Passes without faults until one finds nothing to do. */
  async settle(): Promise<number> {
    this.connector.injectFaults(new FaultPlan());
    for (let pass = 1; pass <= 5; pass += 1) {
      const report = await this.sync();
      if (report && report.pulled === 0 && report.pushed === 0 && report.deferred === 0) return pass;
    }
    throw new Error('the two sides did not settle in five passes without faults');
  }
}

describe('reconciliation as a state machine with injected faults (PGlite)', () => {
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
        const run = new Run(await ReconcileFixture.create(db));
        for (const step of actions) await run.apply(step);
        await run.settle();

        const local = (await run.fixture.liveEvents()).map(canonicalItem).sort();
        const remote = run.provider.itemsOf(run.fixture.remote.remoteId).map((item) => canonicalItem(item.events)).sort();
        expect(remote).toEqual(local);
        const titles = local.map((item) => (JSON.parse(item) as ProviderEvent[])[0]!.title.split(' #')[0]);
        expect(new Set(titles).size).toBe(titles.length);
        const uids = run.provider.itemsOf(run.fixture.remote.remoteId).map((item) => item.uid);
        expect(new Set(uids).size).toBe(uids.length);
      }),
      {
        numRuns: 150,
        // Histories worth running every time, beside the random ones.
        examples: [
          [[{ kind: 'remote-create' }, { kind: 'sync', faults: [] }, { kind: 'remote-delete', pick: 0 }, { kind: 'sync', faults: ['token-invalid'] }]],
          [[{ kind: 'local-create', recurring: true }, { kind: 'sync', faults: [undefined, 'lost-response'] }, { kind: 'local-cancel-instance', pick: 0 }, { kind: 'sync', faults: ['server-error'] }]],
        ],
      },
    );
  }, 240_000);
});
