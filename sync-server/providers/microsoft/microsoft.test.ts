import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { openTestDatabase } from '../../testing';
import { AuthExpiredError, ItemRefusedError, PreconditionFailedError, ProviderUnavailableError, RateLimitedError, TokenInvalidError, type ProviderCalendar, type ProviderEvent } from '../connector';
import { reconcileCalendar } from '../reconcile';
import { ReconcileFixture } from '../testing/reconcile-fixture';
import type { MicrosoftConnector } from './connector';
import { GraphDouble } from './double';
import { ruleToGraph } from './recurrence';
import { connectToDouble, TEST_NOW } from './testing';

const meeting = (title: string, fields: Partial<ProviderEvent> = {}): ProviderEvent => ({
  title,
  start: { dateTime: '2026-03-03T14:00:00', timeZone: 'America/New_York' },
  end: { dateTime: '2026-03-03T15:00:00', timeZone: 'America/New_York' },
  attendees: [],
  status: 'confirmed',
  transparency: 'opaque',
  ...fields,
});

describe('Microsoft connector against the Graph double', () => {
  let double: GraphDouble;
  let connector: MicrosoftConnector;
  let calendar: ProviderCalendar;
  let db: Database;

  beforeAll(async () => {
    double = await GraphDouble.start();
    db = await openTestDatabase('pglite');
  }, 60_000);
  afterAll(async () => {
    await db.close();
    await double.stop();
  });

  async function freshCalendar(name: string): Promise<void> {
    const created = double.addCalendar(name);
    connector = await connectToDouble(double);
    calendar = { remoteId: created.id, name, readOnly: false };
  }

  it('follows every @odata.nextLink page of a delta', async () => {
    await freshCalendar('Paging');
    double.pageSize = 2;
    for (let index = 0; index < 7; index += 1) await connector.create(calendar, { uid: `paging-${index}`, events: [meeting(`Event ${index}`)] });
    const before = double.requests.filter((request) => request.path.endsWith('/calendarView/delta')).length;
    const full = await connector.pull(calendar, null);
    expect(double.requests.filter((request) => request.path.endsWith('/calendarView/delta')).length - before).toBe(4);
    expect(full.changed.map((item) => item.uid).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((index) => `paging-${index}`));
  });

  it('answers an expired delta token, even between pages, with TokenInvalidError', async () => {
    await freshCalendar('Expiry');
    double.pageSize = 1;
    for (let index = 0; index < 3; index += 1) await connector.create(calendar, { uid: `expiry-${index}`, events: [meeting(`Event ${index}`)] });
    const { token } = await connector.pull(calendar, null);
    double.invalidateDeltaTokens();
    await expect(connector.pull(calendar, token)).rejects.toBeInstanceOf(TokenInvalidError);
    // A 410 on the second page of a pull: the first page's nextLink dies under it.
    double.onRequest = (_method, url) => {
      if (url.searchParams.has('$skiptoken')) double.invalidateDeltaTokens();
    };
    await expect(connector.pull(calendar, null)).rejects.toBeInstanceOf(TokenInvalidError);
    double.onRequest = undefined;
  });

  it('resyncs in full after an expired delta token, through the reconciler, without duplicates', async () => {
    const fixture = await ReconcileFixture.create(db, 'microsoft');
    double.addCalendar('Work', { id: fixture.remote.remoteId });
    connector = await connectToDouble(double);
    double.pageSize = 2;
    for (let index = 0; index < 5; index += 1) await connector.create(fixture.remote, { uid: `resync-${index}`, events: [meeting(`Remote ${index}`)] });
    const sync = async () => reconcileCalendar(db, connector, await fixture.linked());
    expect(await sync()).toMatchObject({ pulled: 5, fullResync: true });
    double.invalidateDeltaTokens();
    await double.directFetch(`/me/calendars/${fixture.remote.remoteId}/events`, { method: 'POST', body: JSON.stringify({ subject: 'Added elsewhere', start: { dateTime: '2026-03-04T10:00:00', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2026-03-04T11:00:00', timeZone: 'Pacific Standard Time' } }) });
    const report = await sync();
    expect(report).toMatchObject({ fullResync: true });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title).sort()).toEqual(['Added elsewhere', 'Remote 0', 'Remote 1', 'Remote 2', 'Remote 3', 'Remote 4']);
    expect(double.eventCount(fixture.remote.remoteId)).toBe(6);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, fullResync: false });
  }, 60_000);

  it('pulls a calendar view delta in the window of its round: a year back, two years ahead', async () => {
    await freshCalendar('Window');
    double.pageSize = 50;
    const at = (date: string) => ({ start: { dateTime: `${date}T09:00:00`, timeZone: 'UTC' }, end: { dateTime: `${date}T10:00:00`, timeZone: 'UTC' } });
    double.insertEvents(calendar.remoteId, [
      { subject: 'Too old', ...at('2025-05-20') },
      { subject: 'Last year', ...at('2025-06-10') },
      { subject: 'Next year', ...at('2027-06-01') },
      { subject: 'Too far', ...at('2028-06-10') },
    ]);
    const full = await connector.pull(calendar, null);
    expect(full.changed.map((item) => item.events[0]!.title).sort()).toEqual(['Last year', 'Next year']);
    expect(full.window).toEqual({ start: '2025-06-01T00:00:00.000Z', end: '2028-05-31T00:00:00.000Z' });
    const first = double.requests.findLast((request) => request.path.endsWith('/calendarView/delta'));
    expect(first?.path).toBe(`/v1.0/me/calendars/${calendar.remoteId}/calendarView/delta`);
  });

  it('reads a series another client edited from its instances: exceptions as overrides, missing occurrences as EXDATEs', async () => {
    await freshCalendar('Series by others');
    const [masterId] = double.insertEvents(calendar.remoteId, [
      {
        subject: 'Standup',
        start: { dateTime: '2026-03-02T09:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-03-02T09:15:00', timeZone: 'Europe/Berlin' },
        recurrence: ruleToGraph('FREQ=WEEKLY;BYDAY=MO;COUNT=6', '2026-03-02', 'Europe/Berlin'),
      },
    ]);
    const full = await connector.pull(calendar, null);
    expect(full.changed).toHaveLength(1);
    expect(full.changed[0]).toMatchObject({ remoteId: masterId, events: [{ title: 'Standup', recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6', exdates: [] } }] });
    double.changeEvent(`${masterId}_occ_2026-03-09`, { subject: 'Standup (late)', start: { dateTime: '2026-03-09T11:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-03-09T11:15:00', timeZone: 'Europe/Berlin' } });
    double.removeEvent(`${masterId}_occ_2026-03-16`);
    const edited = await connector.pull(calendar, full.token);
    expect(edited.changed).toHaveLength(1);
    const [master, override] = edited.changed[0]!.events;
    expect(master?.recurrence?.exdates).toEqual(['2026-03-16T09:00:00']);
    expect(override).toMatchObject({ title: 'Standup (late)', originalStart: '2026-03-09T09:00:00', start: { dateTime: '2026-03-09T11:00:00', timeZone: 'Europe/Berlin' } });
    // The cancelled occurrence came as a removed row no item is named by.
    expect(edited).toMatchObject({ unattributedRemovals: true });
    expect(edited.deleted).not.toContain(masterId);
  });

  it('deletes here a series deleted elsewhere, which the calendar view shows only as its instances removed, looking series up only then', async () => {
    const fixture = await ReconcileFixture.create(db, 'microsoft');
    double.addCalendar('Series deleted', { id: fixture.remote.remoteId });
    connector = await connectToDouble(double);
    const weekly = (subject: string) => ({
      subject,
      start: { dateTime: '2026-03-02T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-03-02T09:15:00', timeZone: 'Europe/Berlin' },
      recurrence: ruleToGraph('FREQ=WEEKLY;BYDAY=MO;COUNT=6', '2026-03-02', 'Europe/Berlin'),
    });
    const [doomed, , single] = double.insertEvents(fixture.remote.remoteId, [weekly('Doomed'), weekly('Kept'), { subject: 'Single', start: { dateTime: '2026-03-03T14:00:00', timeZone: 'UTC' }, end: { dateTime: '2026-03-03T15:00:00', timeZone: 'UTC' } }]);
    const sync = async () => reconcileCalendar(db, connector, await fixture.linked());
    const seriesReads = () => double.requests.filter((request) => request.path.endsWith('/instances')).length;
    expect(await sync()).toMatchObject({ pulled: 3 });
    // A removal that names a known item is that item's: no series is looked up.
    double.removeEvent(single!);
    const before = seriesReads();
    await sync();
    expect(seriesReads()).toBe(before);
    double.removeEvent(doomed!);
    expect(await sync()).toMatchObject({ fullResync: false });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title).sort()).toEqual(['Kept']);
  }, 60_000);

  it('starts a new round (TokenInvalidError) once a round is a month old, and a full resync then duplicates nothing', async () => {
    const fixture = await ReconcileFixture.create(db, 'microsoft');
    double.addCalendar('Aging', { id: fixture.remote.remoteId });
    let now = TEST_NOW;
    connector = await connectToDouble(double, double.issueRefreshToken(), () => now);
    await connector.create(fixture.remote, { uid: 'aging', events: [meeting('Kept once')] });
    const sync = async () => reconcileCalendar(db, connector, await fixture.linked());
    expect(await sync()).toMatchObject({ pulled: 1, fullResync: true });
    const { syncToken } = await fixture.linked();
    now += 29 * 86_400_000;
    await expect(connector.pull(fixture.remote, syncToken)).resolves.toMatchObject({ kind: 'incremental' });
    now += 2 * 86_400_000;
    await expect(connector.pull(fixture.remote, syncToken)).rejects.toBeInstanceOf(TokenInvalidError);
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, fullResync: true });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title)).toEqual(['Kept once']);
    expect(double.eventCount(fixture.remote.remoteId)).toBe(1);
  }, 60_000);

  it('follows an event moved out of the window, and a full pull then leaves it alone', async () => {
    const fixture = await ReconcileFixture.create(db, 'microsoft');
    double.addCalendar('Leaving', { id: fixture.remote.remoteId });
    connector = await connectToDouble(double);
    const created = await connector.create(fixture.remote, { uid: 'leaving', events: [meeting('Moving away')] });
    const sync = async () => reconcileCalendar(db, connector, await fixture.linked());
    await sync();
    const far = { start: { dateTime: '2029-03-03T14:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2029-03-03T15:00:00', timeZone: 'America/New_York' } };
    double.changeEvent(created.remoteId, far);
    expect(await sync()).toMatchObject({ pulled: 1, fullResync: false });
    expect((await fixture.liveEvents())[0]?.[0]?.start).toEqual(far.start);
    double.invalidateDeltaTokens();
    expect(await sync()).toMatchObject({ pulled: 0, pushed: 0, fullResync: true });
    expect((await fixture.liveEvents()).map((events) => events[0]!.title)).toEqual(['Moving away']);
    expect(double.eventCount(fixture.remote.remoteId)).toBe(1);
  }, 60_000);

  it('refuses a write that races another client with PreconditionFailedError (412)', async () => {
    await freshCalendar('Race');
    const created = await connector.create(calendar, { uid: 'race', events: [meeting('Race')] });
    const patched = await double.directFetch(`/me/events/${created.remoteId}`, { method: 'PATCH', headers: { 'If-Match': created.etag }, body: JSON.stringify({ subject: 'Theirs' }) });
    expect(patched.status).toBe(200);
    const stale = await double.directFetch(`/me/events/${created.remoteId}`, { method: 'PATCH', headers: { 'If-Match': created.etag }, body: JSON.stringify({ subject: 'Stale' }) });
    expect(stale.status).toBe(412);
    await expect(connector.update(calendar, created.remoteId, created.etag, { uid: 'race', events: [meeting('Mine')] })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await connector.get(calendar, created.remoteId))?.events[0]?.title).toBe('Theirs');
  });

  it('edits one instance of a series as an exception, never a new event', async () => {
    await freshCalendar('Series');
    const master = meeting('Weekly', { recurrence: { rule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5', exdates: [] } });
    const created = await connector.create(calendar, { uid: 'series', events: [master] });
    const posts = double.requests.filter((request) => request.method === 'POST').length;
    const moved = meeting('Weekly (moved)', { start: { dateTime: '2026-03-11T09:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-03-11T10:00:00', timeZone: 'America/New_York' }, originalStart: '2026-03-10T14:00:00' });
    const updated = await connector.update(calendar, created.remoteId, created.etag, { uid: 'series', events: [master, moved] });
    expect(updated.remoteId).toBe(created.remoteId);
    expect(updated.events).toHaveLength(2);
    expect(double.requests.filter((request) => request.method === 'POST').length).toBe(posts);
    expect(double.requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    expect(double.eventCount(calendar.remoteId)).toBe(1);
  });

  it('reports 429 with its Retry-After in milliseconds, and 5xx as unavailable', async () => {
    await freshCalendar('Throttle');
    await connector.listCalendars();
    double.injectFaults({ status: 429, headers: { 'Retry-After': '7' } });
    const throttled = await connector.pull(calendar, null).catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(RateLimitedError);
    expect((throttled as RateLimitedError).retryAfterMs).toBe(7000);
    double.injectFaults({ status: 503 });
    await expect(connector.pull(calendar, null)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect((await connector.pull(calendar, null)).kind).toBe('full');
  });

  it('reports a write Graph refuses (400, 403) as ItemRefusedError, and a refused read as no item’s fault', async () => {
    await freshCalendar('Refusals');
    await connector.listCalendars();
    // The create's POST itself is refused (the connector first looks the UID up with a GET).
    const refuseNextPost = (status: number) => {
      double.onRequest = (method) => {
        if (method !== 'POST') return;
        double.onRequest = undefined;
        double.injectFaults({ status, body: { error: { code: status === 400 ? 'ErrorInvalidRequest' : 'ErrorAccessDenied', message: 'refused' } } });
      };
    };
    refuseNextPost(400);
    await expect(connector.create(calendar, { uid: 'bad', events: [meeting('Bad')] })).rejects.toBeInstanceOf(ItemRefusedError);
    refuseNextPost(403);
    await expect(connector.create(calendar, { uid: 'denied', events: [meeting('Denied')] })).rejects.toBeInstanceOf(ItemRefusedError);
    double.injectFaults({ status: 400 });
    await expect(connector.pull(calendar, null)).rejects.not.toBeInstanceOf(ItemRefusedError);
  });

  it('refreshes an expired access token, and reports a revoked refresh token as AuthExpiredError', async () => {
    await freshCalendar('Auth');
    await connector.listCalendars();
    double.expireAccessTokens();
    expect((await connector.listCalendars()).length).toBeGreaterThan(0);
    double.revokeRefreshTokens();
    double.expireAccessTokens();
    await expect(connector.listCalendars()).rejects.toBeInstanceOf(AuthExpiredError);
    const neverValid = await connectToDouble(double, 'rt-never-issued');
    await expect(neverValid.listCalendars()).rejects.toBeInstanceOf(AuthExpiredError);
  });

  it('reads Windows zone names (as Exchange returns them) as IANA zones with the same wall time', async () => {
    await freshCalendar('Zones');
    const response = await double.directFetch(`/me/calendars/${calendar.remoteId}/events`, {
      method: 'POST',
      body: JSON.stringify({ subject: 'Pacific', start: { dateTime: '2026-07-01T09:30:00.0000000', timeZone: 'Pacific Standard Time' }, end: { dateTime: '2026-07-01T10:00:00.0000000', timeZone: 'India Standard Time' } }),
    });
    const raw = (await response.json()) as { id: string; originalStartTimeZone: string; start: { timeZone: string } };
    expect(raw.originalStartTimeZone).toBe('Pacific Standard Time');
    expect(raw.start.timeZone).toBe('UTC');
    const item = await connector.get(calendar, raw.id);
    expect(item?.events[0]?.start).toEqual({ dateTime: '2026-07-01T09:30:00', timeZone: 'America/Los_Angeles' });
    expect(item?.events[0]?.end).toEqual({ dateTime: '2026-07-01T10:00:00', timeZone: 'Asia/Kolkata' });
  });
});
