import fc from 'fast-check';
import { expect } from 'vitest';
import type { Database } from '../../db/database';
import { canonicalContent } from '../conformance';
import { ProviderError, type ProviderConnector, type ProviderEvent } from '../connector';
import { reconcileCalendar, type CalendarReport } from '../reconcile';
import { ReconcileFixture } from './reconcile-fixture';

/**
 * The reconciler as a state machine against a provider's double behind its real SDK: random edits
 * on both sides, passes interrupted by the faults the provider gives, then passes without faults.
 * Whatever happened, both sides must end holding the same items (nothing twice), and every item
 * nobody deleted must still be there (nothing lost). The memory-provider version of the same idea
 * is reconcile.state.test.ts; this one is shared by the Google and Microsoft tests.
 */

export type ProviderFault = 'rate-limited' | 'server-error' | 'lost-response' | 'token-invalid' | 'concurrent-edit';

export type ProviderAction =
  | { kind: 'local-create'; recurring: boolean }
  | { kind: 'local-edit'; pick: number; title: boolean }
  | { kind: 'local-cancel-instance'; pick: number }
  | { kind: 'local-delete'; pick: number }
  | { kind: 'remote-create' }
  | { kind: 'remote-edit'; pick: number }
  | { kind: 'remote-delete'; pick: number }
  | { kind: 'sync'; faults: (ProviderFault | undefined)[] };

/** A provider's double as the state machine drives it: another client's edits and the faults. */
export interface ProviderUnderTest {
  connector: ProviderConnector;
  /** Live series masters and single events, as another client of the provider lists them. */
  items(): { id: string; title: string }[];
  /** Another client creates a single event on the linked calendar. */
  create(title: string): void;
  retitle(id: string, title: string): void;
  remove(id: string): void;
  /** The n-th API request of the next pass meets faults[n]; an empty plan clears it. */
  planFaults(faults: readonly (ProviderFault | undefined)[]): void;
  stop(): Promise<void>;
}

/**
 * A double's request hook carrying out a fault plan, read in order as the pass's requests come: an
 * empty entry lets one request through; a fault waits for the first request it fits (a lost
 * answer needs a write, a concurrent edit a guarded write, an expired token a listing that carries
 * one). `inject` returns whether the fault fits, having carried it out; `index` is the request's
 * number in the pass. Undefined for an empty plan, so the double runs without a hook.
 */
export function faultHook(
  faults: readonly (ProviderFault | undefined)[],
  inject: (fault: ProviderFault, method: string, url: URL, index: number) => boolean,
): ((method: string, url: URL) => void) | undefined {
  if (faults.length === 0) return undefined;
  let next = 0;
  let index = 0;
  return (method, url) => {
    index += 1;
    if (next >= faults.length) return;
    const planned = faults[next];
    if (planned === undefined || inject(planned, method, url, index)) next += 1;
  };
}

const pick = fc.nat({ max: 50 });
// The faults that need a fitting request (a write, a guarded write, a listing with a token) come
// more often: a 429 or 503 fits any request and ends the pass at once.
const fault = fc.option(
  fc.oneof(
    fc.constant<ProviderFault>('rate-limited'),
    fc.constant<ProviderFault>('server-error'),
    { arbitrary: fc.constant<ProviderFault>('lost-response'), weight: 2 },
    { arbitrary: fc.constant<ProviderFault>('token-invalid'), weight: 2 },
    { arbitrary: fc.constant<ProviderFault>('concurrent-edit'), weight: 3 },
  ),
  { nil: undefined, freq: 2 },
);
const action: fc.Arbitrary<ProviderAction> = fc.oneof(
  fc.record({ kind: fc.constant('local-create' as const), recurring: fc.boolean() }),
  { arbitrary: fc.record({ kind: fc.constant('local-edit' as const), pick, title: fc.boolean() }), weight: 2 },
  fc.record({ kind: fc.constant('local-cancel-instance' as const), pick }),
  fc.record({ kind: fc.constant('local-delete' as const), pick }),
  fc.record({ kind: fc.constant('remote-create' as const) }),
  fc.record({ kind: fc.constant('remote-edit' as const), pick }),
  fc.record({ kind: fc.constant('remote-delete' as const), pick }),
  // Passes are weighted up so that faults meet edits made between them, not only the first ones.
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), faults: fc.array(fault, { maxLength: 6, size: 'max' }) }), weight: 4 },
);

/**
 * Histories always run: a token refused on the second page of an incremental pull; deletion seen
 * only through a refused token; a lost create answer on a series; 412 on a pushed edit.
 */
const ALWAYS_RUN: ProviderAction[][] = [
  [
    ...[0, 1, 2, 3, 4, 5].map((): ProviderAction => ({ kind: 'remote-create' })),
    { kind: 'sync', faults: [] },
    ...[0, 1, 2, 3, 4, 5].map((n): ProviderAction => ({ kind: 'remote-edit', pick: n })),
    { kind: 'sync', faults: [undefined, 'token-invalid'] },
  ],
  [{ kind: 'remote-create' }, { kind: 'sync', faults: [] }, { kind: 'remote-delete', pick: 0 }, { kind: 'sync', faults: ['token-invalid'] }],
  [{ kind: 'local-create', recurring: true }, { kind: 'sync', faults: [undefined, 'lost-response'] }, { kind: 'local-cancel-instance', pick: 0 }, { kind: 'sync', faults: ['server-error'] }],
  [{ kind: 'remote-create' }, { kind: 'sync', faults: [] }, { kind: 'local-edit', pick: 0, title: false }, { kind: 'sync', faults: [undefined, undefined, undefined, 'concurrent-edit', 'concurrent-edit'] }],
];

/** Titles carry ` #<stamp>` after an edit; what comes before names the item for its whole life. */
const baseTitle = (title: string) => title.split(' #')[0]!;

class Run {
  private stamp = 0;
  /** Base titles of every item created, and of every item some action deleted. */
  readonly created = new Set<string>();
  readonly deleted = new Set<string>();

  constructor(
    readonly fixture: ReconcileFixture,
    readonly provider: ProviderUnderTest,
  ) {}

  async apply(step: ProviderAction): Promise<void> {
    const { fixture, provider } = this;
    const local = await fixture.liveItems();
    const remote = provider.items();
    this.stamp += 1;
    switch (step.kind) {
      case 'local-create':
        this.created.add(`Local ${this.stamp}`);
        await fixture.createEvent({
          id: crypto.randomUUID(),
          title: `Local ${this.stamp}`,
          start: { dateTime: '2026-03-02T09:00', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2026-03-02T10:00', timeZone: 'Europe/Berlin' },
          attendees: [],
          status: 'confirmed',
          transparency: 'opaque',
          // No BYDAY, as the parser writes "weekly": Graph stores the day and reads back
          // FREQ=WEEKLY;BYDAY=MO, which the reconciler must take as the new common state.
          ...(step.recurring && { recurrence: { rule: 'FREQ=WEEKLY;COUNT=5', exdates: [] } }),
        });
        return;
      case 'local-edit': {
        const master = local[step.pick % Math.max(local.length, 1)]?.events[0];
        if (master) await fixture.updateEvent(master.id, step.title ? { title: `${baseTitle(master.title)} #${this.stamp}` } : { location: `Room ${this.stamp}` });
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
        if (!item) return;
        this.deleted.add(baseTitle(item.events[0]!.title));
        await fixture.deleteEvent(item.eventId);
        return;
      }
      case 'remote-create':
        this.created.add(`Remote ${this.stamp}`);
        provider.create(`Remote ${this.stamp}`);
        return;
      case 'remote-edit': {
        const target = remote[step.pick % Math.max(remote.length, 1)];
        if (target) provider.retitle(target.id, `${baseTitle(target.title)} #${this.stamp}`);
        return;
      }
      case 'remote-delete': {
        const target = remote[step.pick % Math.max(remote.length, 1)];
        if (!target) return;
        this.deleted.add(baseTitle(target.title));
        provider.remove(target.id);
        return;
      }
      case 'sync':
        provider.planFaults(step.faults);
        await this.sync();
        provider.planFaults([]);
    }
  }

  async sync(): Promise<CalendarReport | undefined> {
    try {
      return await reconcileCalendar(this.fixture.db, this.provider.connector, await this.fixture.linked());
    } catch (error) {
      if (error instanceof ProviderError) return undefined;
      throw error;
    }
  }

  async settle(): Promise<void> {
    this.provider.planFaults([]);
    for (let pass = 1; pass <= 5; pass += 1) {
      const report = await this.sync();
      if (report && report.pulled === 0 && report.pushed === 0 && report.deferred === 0) return;
    }
    throw new Error('the two sides did not settle in five passes without faults');
  }
}

const canonical = (events: ProviderEvent[]) => JSON.stringify(canonicalContent({ uid: '', events }).events);

/**
 * Runs the state machine: `open` puts a provider's double behind its connector for the fixture's
 * linked calendar (`fixture.remote.remoteId`), a fresh one per history.
 */
export async function checkReconcileStateMachine(db: Database, kind: string, open: (fixture: ReconcileFixture) => Promise<ProviderUnderTest>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 24, size: 'medium' }), async (actions) => {
      const fixture = await ReconcileFixture.create(db, kind);
      const provider = await open(fixture);
      try {
        const run = new Run(fixture, provider);
        for (const step of actions) await run.apply(step);
        await run.settle();
        const local = (await fixture.liveEvents()).map(canonical).sort();
        const remoteItems = (await provider.connector.pull(fixture.remote, null)).changed;
        expect(remoteItems.map((item) => canonical(item.events)).sort()).toEqual(local);
        const titles = local.map((item) => baseTitle((JSON.parse(item) as ProviderEvent[])[0]!.title));
        expect(new Set(titles).size).toBe(titles.length);
        expect(new Set(remoteItems.map((item) => item.uid)).size).toBe(remoteItems.length);
        const neverDeleted = [...run.created].filter((title) => !run.deleted.has(title));
        expect(titles).toEqual(expect.arrayContaining(neverDeleted));
      } finally {
        await provider.stop();
      }
    }),
    { numRuns, examples: ALWAYS_RUN.map((history) => [history]) },
  );
}
