import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { openTestDatabase, testEvent } from '../../testing';
import { canonicalContent } from '../conformance';
import type { ProviderEvent } from '../connector';
import { reconcileCalendar } from '../reconcile';
import { ReconcileFixture } from '../testing/reconcile-fixture';
import { startGoogleAccount, type GoogleTestAccount } from './testing';

/** The reconciler on a Google account (the double behind the real SDK), on PGlite. */
describe('reconciliation with Google Calendar (double)', () => {
  let db: Database;
  let fixture: ReconcileFixture;
  let account: GoogleTestAccount;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    fixture = await ReconcileFixture.create(db, 'google');
    account = await startGoogleAccount({ connector: { pageSize: 2 } });
    account.double.addCalendar({ id: fixture.remote.remoteId, summary: fixture.remote.name, timeZone: 'Europe/Zurich' });
  });
  afterEach(async () => {
    await account.double.stop();
  });

  const sync = async () => reconcileCalendar(db, account.connector, await fixture.linked());
  const canonical = (events: ProviderEvent[]) => JSON.stringify(canonicalContent({ uid: '', events }).events);
  /** Both sides as multisets of canonical items. */
  async function sides(): Promise<{ local: string[]; remote: string[] }> {
    const local = (await fixture.liveEvents()).map(canonical).sort();
    const remote = (await account.connector.pull(fixture.remote, null)).changed.map((item) => canonical(item.events)).sort();
    return { local, remote };
  }
  const insertRemote = (summary: string) =>
    account.double.insertEvent(fixture.remote.remoteId, { summary, start: { dateTime: '2026-04-01T09:00:00', timeZone: 'Asia/Kolkata' }, end: { dateTime: '2026-04-01T10:00:00', timeZone: 'Asia/Kolkata' } });

  it('brings a Google series with an exception here and a local event there once, with its zone', async () => {
    const series = account.double.insertEvent(fixture.remote.remoteId, {
      summary: 'Standup',
      start: { dateTime: '2026-03-02T09:00:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-02T09:15:00', timeZone: 'America/New_York' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=5'],
    });
    account.double.insertEvent(fixture.remote.remoteId, {
      id: `${series.id}_20260303T140000Z`,
      summary: 'Standup (late)',
      start: { dateTime: '2026-03-03T10:00:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-03T10:15:00', timeZone: 'America/New_York' },
    });
    insertRemote('Dentist');
    await fixture.createEvent({ ...testEvent('local-1'), title: 'Said to TempoPilot', start: { dateTime: '2026-03-05T18:30', timeZone: 'Asia/Tokyo' }, end: { dateTime: '2026-03-05T19:00', timeZone: 'Asia/Tokyo' } });

    expect(await sync()).toMatchObject({ pulled: 2, pushed: 1, fullResync: true });
    const written = account.double.events(fixture.remote.remoteId).filter((stored) => stored.summary === 'Said to TempoPilot');
    expect(written).toHaveLength(1);
    expect(written[0]?.start?.timeZone).toBe('Asia/Tokyo');
    const standup = (await fixture.liveEvents()).find((events) => events[0]?.title === 'Standup');
    expect(standup?.map((member) => member.originalStart)).toEqual([undefined, '2026-03-03T09:00:00']);
    const { local, remote } = await sides();
    expect(local).toEqual(remote);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, fullResync: false });
  });

  it('resyncs in full after a 410 in the middle of paging, creating no duplicates on either side', async () => {
    for (const title of ['One', 'Two', 'Three']) insertRemote(title);
    await fixture.createEvent({ ...testEvent('local-a'), title: 'Local A' });
    await sync();
    for (const title of ['Four', 'Five', 'Six', 'Seven']) insertRemote(title);
    await fixture.createEvent({ ...testEvent('local-b'), title: 'Local B' });
    let invalidated = false;
    account.double.onRequest = (_method, url) => {
      if (!invalidated && url.searchParams.has('pageToken')) {
        invalidated = true;
        account.double.invalidateSyncTokens();
      }
    };

    const report = await sync();
    expect(invalidated).toBe(true);
    expect(report.fullResync).toBe(true);
    const { local, remote } = await sides();
    expect(local).toHaveLength(9);
    expect(local).toEqual(remote);
    expect(new Set(account.double.events(fixture.remote.remoteId).map((stored) => stored.summary)).size).toBe(9);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0 });
  });

  it('settles an edit made on Google between the pull and the write (412) with both sides equal', async () => {
    const remote = insertRemote('Review');
    await sync();
    const [item] = await fixture.liveItems();
    await fixture.updateEvent(item!.eventId, { location: 'Room 2' });
    account.double.onRequest = (method, url) => {
      if (method === 'PUT' && url.pathname.endsWith(remote.id)) {
        account.double.onRequest = undefined;
        account.double.patchEvent(fixture.remote.remoteId, remote.id, { summary: 'Budget review' });
      }
    };
    // The reconciler meets the 412, refetches and re-applies within the same pass.
    expect(await sync()).toMatchObject({ pulled: 1, pushed: 1, conflicts: [] });
    const { local, remote: remoteSide } = await sides();
    expect(local).toEqual(remoteSide);
    expect((await fixture.liveEvents())[0]?.[0]).toMatchObject({ title: 'Budget review', location: 'Room 2' });
    expect(account.double.events(fixture.remote.remoteId)).toHaveLength(1);
  });
});
