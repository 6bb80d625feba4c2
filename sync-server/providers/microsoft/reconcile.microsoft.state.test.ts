import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Database } from '../../db/database';
import { openTestDatabase } from '../../testing';
import { checkReconcileStateMachine, faultHook, type ProviderUnderTest } from '../testing/provider-state-machine';
import type { ReconcileFixture } from '../testing/reconcile-fixture';
import { GraphDouble } from './double';
import { connectToDouble } from './testing';

/**
 * The shared state machine (testing/provider-state-machine.ts) with Microsoft 365 (the Graph
 * double behind msal-node and the connector) as the provider and the faults Graph gives: 429 with
 * Retry-After, 503, a lost answer to a write, a delta token expired mid-paging (410
 * syncStateNotFound, so a full resync), and another client's edit between the connector's read
 * and its If-Match write (412). Delta pages hold 2 events so every listing pages.
 */

async function openMicrosoft(fixture: ReconcileFixture): Promise<ProviderUnderTest> {
  const double = await GraphDouble.start();
  double.pageSize = 2;
  const calendarId = double.addCalendar('Work', { id: fixture.remote.remoteId }).id;
  const connector = await connectToDouble(double);
  const isItem = (id: string) => double.itemsOf(calendarId).some((item) => item.id === id);
  return {
    connector,
    items: () => double.itemsOf(calendarId).map((item) => ({ id: item.id, title: item.subject })),
    create: (title) =>
      void double.insertEvents(calendarId, [{ subject: title, start: { dateTime: '2026-03-03T14:00:00', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-03-03T15:00:00', timeZone: 'W. Europe Standard Time' } }]),
    retitle: (id, title) => double.changeEvent(id, { subject: title }),
    remove: (id) => double.removeEvent(id),
    planFaults: (faults) => {
      double.onRequest = faultHook(faults, (fault, method, url, index) => {
        const eventId = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
        switch (fault) {
          case 'rate-limited':
            double.injectFaults({ status: 429, headers: { 'Retry-After': '1' } });
            return true;
          case 'server-error':
            double.injectFaults({ status: 503 });
            return true;
          case 'lost-response':
            if (method === 'GET') return false;
            double.injectFaults({ status: 200, lostResponse: true });
            return true;
          case 'token-invalid':
            // A delta page carrying a token: the first page of an incremental pull or a later page.
            if (!url.searchParams.has('$deltatoken') && !url.searchParams.has('$skiptoken')) return false;
            double.invalidateDeltaTokens();
            return true;
          case 'concurrent-edit':
            // The writes the connector guards with If-Match: a series master's or a single event's.
            if ((method !== 'PATCH' && method !== 'DELETE') || !isItem(eventId)) return false;
            double.changeEvent(eventId, { location: { displayName: `Elsewhere ${index}` } });
            return true;
        }
      });
    },
    stop: () => double.stop(),
  };
}

describe('reconciliation with Microsoft 365 as a state machine with injected faults (PGlite)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('ends with both sides holding the same items, none twice, none lost', async () => {
    await checkReconcileStateMachine(db, 'microsoft', openMicrosoft, 80);
  }, 120_000);
});
