import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { openTestDatabase, testDatabaseKinds, testEvent } from '../testing';
import { ProviderUnavailableError } from './connector';
import { reconcileCalendar } from './reconcile';
import { FaultPlan, MemoryConnector, MemoryProvider } from './testing/memory-connector';
import { providerMeeting } from './testing/provider-events';
import { ReconcileFixture } from './testing/reconcile-fixture';

describe.each(testDatabaseKinds())('reconciliation with a provider on %s', (kind) => {
  let db: Database;
  let fixture: ReconcileFixture;
  let provider: MemoryProvider;
  let connector: MemoryConnector;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    fixture = await ReconcileFixture.create(db);
    provider = new MemoryProvider();
    connector = new MemoryConnector(provider, [fixture.remote]);
  });

  const sync = async () => reconcileCalendar(db, connector, await fixture.linked());
  const remoteItems = () => provider.itemsOf(fixture.remote.remoteId);

  it('brings a provider event here and a local event there, under the local id as UID', async () => {
    provider.insert(fixture.remote.remoteId, { uid: 'abc@example.com', events: [providerMeeting('Dentist')] });
    await fixture.createEvent({ ...testEvent('local-1'), title: 'Standup' });
    const report = await sync();
    expect(report).toMatchObject({ pulled: 1, pushed: 1, fullResync: true, deferred: 0 });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title).sort()).toEqual(['Dentist', 'Standup']);
    expect(remoteItems().map((item) => item.uid).sort()).toEqual(['abc@example.com', 'local-1']);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, fullResync: false });
  });

  it('reports a change the provider refuses, syncs the rest, and sends it again only once it changes here', async () => {
    provider.refusing = (content) => (content.events[0]!.title.includes('🚫') ? 'the title is not allowed' : undefined);
    await fixture.createEvent({ ...testEvent('bad'), title: 'Party 🚫' });
    await fixture.createEvent({ ...testEvent('good'), title: 'Standup' });
    const first = await sync();
    expect(first).toMatchObject({ pushed: 1, deferred: 0, refused: [{ eventId: 'bad', message: expect.stringContaining('the title is not allowed') }] });
    expect(remoteItems().map((item) => item.events[0]!.title)).toEqual(['Standup']);

    // Nothing new: the refused item is not offered again, and the calendar is not held back.
    const creates = provider.calls.create;
    expect(await sync()).toMatchObject({ pushed: 0, refused: [] });
    expect(provider.calls.create).toBe(creates);

    await fixture.updateEvent('bad', { title: 'Party' });
    expect(await sync()).toMatchObject({ pushed: 1, refused: [] });
    expect(remoteItems().map((item) => item.events[0]!.title).sort()).toEqual(['Party', 'Standup']);

    // A refused edit of a linked item: a later edit on the provider's side is still taken, once.
    await fixture.updateEvent('good', { title: 'Standup 🚫' });
    expect((await sync()).refused).toEqual([{ eventId: 'good', message: expect.any(String) }]);
    const standup = remoteItems().find((item) => item.uid === 'good')!;
    provider.replace(standup.remoteId, [{ ...standup.events[0]!, location: 'Room 4' }]);
    expect(await sync()).toMatchObject({ pulled: 1, deferred: 0, refused: [] });
    expect((await fixture.liveItems()).find((item) => item.eventId === 'good')!.events[0]).toMatchObject({ title: 'Standup', location: 'Room 4' });
  });

  it('keeps edits of different fields made on both sides, writing the item in place', async () => {
    const remoteId = provider.insert(fixture.remote.remoteId, { uid: 'lunch', events: [providerMeeting('Lunch')] });
    await sync();
    const [item] = await fixture.liveItems();
    await fixture.updateEvent(item!.eventId, { location: 'Canteen' });
    provider.replace(remoteId, [providerMeeting('Team lunch')]);
    const report = await sync();
    expect(report.conflicts).toEqual([]);
    expect(remoteItems()).toHaveLength(1);
    expect(remoteItems()[0]).toMatchObject({ remoteId, events: [{ title: 'Team lunch', location: 'Canteen' }] });
    expect((await fixture.liveEvents())[0]![0]).toMatchObject({ title: 'Team lunch', location: 'Canteen' });
    expect(provider.calls.create).toBe(0);
    expect(provider.calls.delete).toBe(0);
  });

  it('gives a field changed on both sides to the provider and reports the local value', async () => {
    const remoteId = provider.insert(fixture.remote.remoteId, { uid: 'review', events: [providerMeeting('Review')] });
    await sync();
    const [item] = await fixture.liveItems();
    await fixture.updateEvent(item!.eventId, { title: 'Design review' });
    provider.replace(remoteId, [providerMeeting('Budget review')]);
    const report = await sync();
    expect(report.conflicts).toEqual([{ eventId: item!.eventId, field: 'title', kept: 'Budget review', discarded: 'Design review' }]);
    expect((await fixture.liveEvents())[0]![0]!.title).toBe('Budget review');
    expect(remoteItems()[0]!.events[0]!.title).toBe('Budget review');
  });

  it('notices deletions on the provider through a full pull after the token is refused', async () => {
    const keep = provider.insert(fixture.remote.remoteId, { uid: 'keep', events: [providerMeeting('Keep')] });
    const gone = provider.insert(fixture.remote.remoteId, { uid: 'gone', events: [providerMeeting('Gone')] });
    await sync();
    provider.remove(gone);
    provider.invalidateTokens();
    const report = await sync();
    expect(report).toMatchObject({ fullResync: true, pulled: 1 });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title)).toEqual(['Keep']);
    expect(remoteItems().map((item) => item.remoteId)).toEqual([keep]);
  });

  it('creates no duplicate when the answer to a create is lost', async () => {
    await fixture.createEvent({ ...testEvent('local-2'), title: 'Planning' });
    connector.injectFaults(new FaultPlan([undefined, 'lost-response']));
    await expect(sync()).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(remoteItems()).toHaveLength(1);
    connector.injectFaults(new FaultPlan());
    await sync();
    await sync();
    expect(remoteItems()).toHaveLength(1);
    expect(await fixture.liveEvents()).toHaveLength(1);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, deferred: 0 });
  });

  it('keeps an edit made on the provider over a deletion made here', async () => {
    const remoteId = provider.insert(fixture.remote.remoteId, { uid: 'offsite', events: [providerMeeting('Offsite')] });
    await sync();
    const [item] = await fixture.liveItems();
    await fixture.deleteEvent(item!.eventId);
    provider.replace(remoteId, [providerMeeting('Offsite (moved)')]);
    const report = await sync();
    expect(report.conflicts).toMatchObject([{ field: 'deleted' }]);
    expect((await fixture.liveEvents()).map((events) => events[0]!.title)).toEqual(['Offsite (moved)']);
  });

  it('keeps a series as one item: a moved instance is an override and a cancelled one an exdate', async () => {
    const weekly = providerMeeting('Weekly sync', { recurrence: { rule: 'FREQ=WEEKLY;COUNT=4', exdates: ['2026-03-17T14:00:00'] } });
    const moved = providerMeeting('Weekly sync', {
      originalStart: '2026-03-10T14:00:00',
      start: { dateTime: '2026-03-11T09:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-11T10:00', timeZone: 'America/New_York' },
    });
    provider.insert(fixture.remote.remoteId, { uid: 'series', events: [weekly, moved] });
    await sync();
    const [item] = await fixture.liveItems();
    expect(item!.events).toHaveLength(2);
    expect(item!.events[1]).toMatchObject({ seriesId: item!.eventId, originalStart: '2026-03-10T14:00:00' });

    await fixture.updateEvent(item!.events[1]!.id, { title: 'Weekly sync (room change)' });
    await sync();
    expect(remoteItems()).toHaveLength(1);
    expect(remoteItems()[0]!.events.map((event) => event.title)).toEqual(['Weekly sync', 'Weekly sync (room change)']);
    expect(provider.calls.create).toBe(0);
  });

  it('defers an item that a device changes while the pass is deciding about it, and settles it next time', async () => {
    const remoteId = provider.insert(fixture.remote.remoteId, { uid: 'race', events: [providerMeeting('Race')] });
    await sync();
    const [item] = await fixture.liveItems();
    provider.replace(remoteId, [providerMeeting('Race', { location: 'Remote room' })]);
    // The device's edit commits just before the pass writes the item: after the pass read it.
    let raced = false;
    const racing: Database = {
      ...db,
      transaction: async (work) => {
        if (!raced) {
          raced = true;
          await fixture.updateEvent(item!.eventId, { description: 'typed on the laptop meanwhile' });
        }
        return db.transaction(work);
      },
    };
    const report = await reconcileCalendar(racing, connector, await fixture.linked());
    expect(report.deferred).toBe(1);
    await sync();
    expect((await fixture.liveEvents())[0]![0]).toMatchObject({ location: 'Remote room', description: 'typed on the laptop meanwhile' });
    expect(remoteItems()[0]!.events[0]).toMatchObject({ location: 'Remote room', description: 'typed on the laptop meanwhile' });
  });
});
