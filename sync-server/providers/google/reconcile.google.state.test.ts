import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Database } from '../../db/database';
import { openTestDatabase } from '../../testing';
import { checkReconcileStateMachine, faultHook, type ProviderUnderTest } from '../testing/provider-state-machine';
import type { ReconcileFixture } from '../testing/reconcile-fixture';
import { startGoogleAccount } from './testing';

/**
 * The shared state machine (testing/provider-state-machine.ts) with Google (the double behind the
 * real SDK) as the provider and the faults Google gives: 429, 503, a lost answer to a write, a sync
 * token invalidated mid-pass (410), and another client's edit between the connector's read and
 * write (412), with 3-event pages so listings page.
 */

async function openGoogle(fixture: ReconcileFixture): Promise<ProviderUnderTest> {
  const { double, connector } = await startGoogleAccount({ connector: { pageSize: 3 } });
  const calendarId = fixture.remote.remoteId;
  double.addCalendar({ id: calendarId, summary: 'Work', timeZone: 'Europe/Zurich' });
  return {
    connector,
    items: () => double.events(calendarId).flatMap((event) => (event.status === 'cancelled' || event.recurringEventId ? [] : [{ id: event.id, title: event.summary ?? '' }])),
    create: (title) =>
      void double.insertEvent(calendarId, { summary: title, start: { dateTime: '2026-03-03T14:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-03T15:00:00', timeZone: 'Europe/Berlin' } }),
    retitle: (id, title) => void double.patchEvent(calendarId, id, { summary: title }),
    remove: (id) => double.deleteEvent(calendarId, id),
    planFaults: (faults) => {
      double.onRequest = faultHook(faults, (fault, method, url, index) => {
        const eventId = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
        switch (fault) {
          case 'rate-limited':
            double.injectFaults({ status: 429, reason: 'rateLimitExceeded', retryAfterSeconds: 1 });
            return true;
          case 'server-error':
            double.injectFaults({ status: 503, reason: 'backendError' });
            return true;
          case 'lost-response':
            if (method === 'GET') return false;
            double.injectFaults({ status: 200, lostResponse: true });
            return true;
          case 'token-invalid':
            // A listing carrying a token: the first page of an incremental pull or a later page.
            if (!url.searchParams.has('syncToken') && !url.searchParams.has('pageToken')) return false;
            double.invalidateSyncTokens();
            return true;
          case 'concurrent-edit': {
            // The writes the connector guards with If-Match: an event (master or exception) being replaced.
            const target = method === 'PUT' ? double.event(calendarId, eventId) : undefined;
            if (!target || target.status === 'cancelled') return false;
            double.patchEvent(calendarId, eventId, { location: `Elsewhere ${index}` });
            return true;
          }
        }
      });
    },
    stop: () => double.stop(),
  };
}

describe('reconciliation with Google as a state machine with injected faults (PGlite)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('ends with both sides holding the same items, none twice, none lost', async () => {
    await checkReconcileStateMachine(db, 'google', openGoogle, 100);
  }, 240_000);
});
