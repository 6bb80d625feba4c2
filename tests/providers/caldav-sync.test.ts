import { DAVClient, type DAVCalendar } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/client';
import type { CalendarEvent } from '../../src/domain/event';
import { fromICalendar, toICalendar } from '../../sync-server/providers/ical/ics';
import type { ProviderEvent } from '../../sync-server/providers/connector';
import { createCalendar, startRadicale, type RadicaleServer } from '../../sync-server/providers/radicale';
import { startProviderHost, type ProviderHost } from '../support/provider-host';

/**
 * Issue 9's proof against a real CalDAV server: the desktop host with its built-in sync server
 * (PGlite), a CalDAV account on Radicale, and a plain tsdav client standing for every other app
 * that edits the same calendar.
 */

const timed = (title: string, day: string, hour: number, zone: string, fields: Partial<ProviderEvent> = {}): ProviderEvent => ({
  title,
  start: { dateTime: `${day}T${String(hour).padStart(2, '0')}:00:00`, timeZone: zone },
  end: { dateTime: `${day}T${String(hour + 1).padStart(2, '0')}:00:00`, timeZone: zone },
  attendees: [],
  status: 'confirmed',
  transparency: 'opaque',
  ...fields,
});

describe('a CalDAV account on Radicale, synced through the built-in sync server', () => {
  let radicale: RadicaleServer;
  let workUrl: string;
  let other: DAVClient;
  let hosted: ProviderHost;
  let api: ApiClient;

  beforeAll(async () => {
    radicale = await startRadicale();
    workUrl = await createCalendar(radicale, 'work', { displayName: 'Work' });
    other = new DAVClient({ serverUrl: radicale.url, credentials: { username: radicale.username, password: radicale.password }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await other.login();
    hosted = startProviderHost({ timeZone: 'Europe/Berlin' });
    api = hosted.api;
  }, 120_000);
  afterAll(async () => {
    await hosted?.close();
    await radicale?.stop();
  });

  const workCalendar = async (): Promise<DAVCalendar> => (await other.fetchCalendars()).find((c) => c.url === workUrl)!;
  /** What Radicale holds, as each item's events, by UID. */
  async function serverItems(): Promise<Map<string, ProviderEvent[]>> {
    const objects = await other.fetchCalendarObjects({ calendar: await workCalendar() });
    return new Map(objects.map((object) => fromICalendar(String(object.data), { defaultTimeZone: 'UTC' })).map((content) => [content.uid, content.events]));
  }
  const titlesOnServer = async () => [...(await serverItems()).values()].map((events) => events[0]!.title).sort();
  async function localEvents(): Promise<CalendarEvent[]> {
    const { entries } = await api.send('agenda.list', { from: '2026-01-01', to: '2027-01-01' });
    const ids = [...new Set(entries.map((entry) => entry.eventId))];
    return Promise.all(ids.map((id) => api.send('events.get', { id })));
  }

  it('adds the account: wrong credentials leave nothing; right ones bring the calendar and make it the default', async () => {
    await expect(api.send('accounts.add', { kind: 'caldav', url: radicale.url, username: radicale.username, password: 'wrong' })).rejects.toMatchObject({
      message: expect.stringContaining('user name or password'),
    });
    expect(await api.send('accounts.list', {})).toEqual([]);

    const added = await api.send('accounts.add', { kind: 'caldav', url: radicale.url, username: radicale.username, password: radicale.password });
    expect(added.account.calendars.map((c) => c.name)).toContain('Work');
    const work = added.account.calendars.find((c) => c.name === 'Work')!;
    expect(added.defaultCalendarId).toBe(work.id);
    expect((await api.send('calendars.list', {})).map((c) => c.name)).toContain('Work');
    expect(await api.send('accounts.list', {})).toMatchObject([{ state: 'ok', label: `${radicale.username} on ${new URL(radicale.url).host}` }]);
  });

  it('brings changes made on the server by another client here: timed in a non-UTC zone, all-day, a series with a moved and a cancelled instance', async () => {
    const calendar = await workCalendar();
    const put = (uid: string, events: ProviderEvent[]) => other.createCalendarObject({ calendar, filename: `${uid}.ics`, iCalString: toICalendar({ uid, events }) });
    await put('kolkata-call', [timed('Call with Mumbai', '2026-12-02', 15, 'Asia/Kolkata')]);
    await put('offsite', [{ title: 'Team offsite', start: { date: '2026-12-10' }, end: { date: '2026-12-12' }, attendees: [], status: 'confirmed', transparency: 'transparent' }]);
    await put('weekly', [
      timed('Weekly sync', '2026-12-01', 10, 'America/New_York', { recurrence: { rule: 'FREQ=WEEKLY;COUNT=4', exdates: ['2026-12-15T10:00:00'] } }),
      timed('Weekly sync (moved)', '2026-12-09', 14, 'America/New_York', { originalStart: '2026-12-08T10:00:00' }),
    ]);

    const result = await api.send('sync.run', {});
    expect(result.providers[0]).toMatchObject({ state: 'ok', pulled: 3 });
    const events = await localEvents();
    const byTitle = new Map(events.map((e) => [e.title, e]));
    expect(byTitle.get('Call with Mumbai')?.start).toEqual({ dateTime: '2026-12-02T15:00:00', timeZone: 'Asia/Kolkata' });
    expect(byTitle.get('Team offsite')).toMatchObject({ start: { date: '2026-12-10' }, end: { date: '2026-12-12' } });
    const series = byTitle.get('Weekly sync')!;
    expect(series.recurrence).toEqual({ rule: 'FREQ=WEEKLY;COUNT=4', exdates: ['2026-12-15T10:00:00'] });
    expect(byTitle.get('Weekly sync (moved)')).toMatchObject({ seriesId: series.id, originalStart: '2026-12-08T10:00:00' });
    const { entries } = await api.send('agenda.list', { from: '2026-11-30', to: '2027-01-01', timeZone: 'America/New_York' });
    expect(entries.filter((entry) => entry.eventId === series.id || entry.eventId === byTitle.get('Weekly sync (moved)')!.id)).toHaveLength(3);
  });

  it('sends what is made here to the server: create, move, rename, delete, and an instance edit as an override of the same resource', async () => {
    const { event } = await api.send('events.create', { title: 'Dentist', start: '2026-12-03T08:30', end: '2026-12-03T09:00' });
    await api.send('sync.run', {});
    expect((await serverItems()).get(event.id)?.[0]).toMatchObject({ title: 'Dentist', start: { dateTime: '2026-12-03T08:30:00', timeZone: 'Europe/Berlin' } });

    const moved = await api.send('assistant.say', { text: 'move the dentist to 10am', now: '2026-12-01T09:00', confirm: true });
    expect(moved.outcome).toBe('applied');
    await api.send('sync.run', {});
    expect((await serverItems()).get(event.id)?.[0]?.start).toEqual({ dateTime: '2026-12-03T10:00:00', timeZone: 'Europe/Berlin' });

    const renamed = await api.send('assistant.say', { text: 'rename the dentist to dentist checkup', now: '2026-12-01T09:00', confirm: true });
    expect(renamed.outcome).toBe('applied');
    await api.send('sync.run', {});
    expect((await serverItems()).get(event.id)?.[0]?.title).toMatch(/dentist checkup/i);

    const series = (await localEvents()).find((e) => e.title === 'Weekly sync')!;
    const instance = await api.send('assistant.say', { text: 'move the weekly sync on december 22 to 4pm', now: '2026-12-01T09:00', timeZone: 'America/New_York', confirm: true });
    expect(instance.outcome).toBe('applied');
    await api.send('sync.run', {});
    const weekly = (await serverItems()).get('weekly')!;
    expect(weekly).toHaveLength(3);
    expect(weekly.find((e) => e.originalStart === '2026-12-22T10:00:00')?.start).toEqual({ dateTime: '2026-12-22T16:00:00', timeZone: 'America/New_York' });
    expect((await serverItems()).size).toBe(4);
    expect(series.id).not.toBe('weekly');

    await api.send('events.delete', { id: event.id });
    await api.send('sync.run', {});
    expect((await serverItems()).has(event.id)).toBe(false);
  });

  it('resolves an edit made on both sides by the documented rule, with nothing lost and no duplicate', async () => {
    const local = (await localEvents()).find((e) => e.title === 'Call with Mumbai')!;
    await api.send('assistant.say', { text: 'move the call with mumbai to 5pm', now: '2026-12-01T09:00', timeZone: 'Asia/Kolkata', confirm: true });
    const calendar = await workCalendar();
    const [object] = (await other.fetchCalendarObjects({ calendar })).filter((o) => String(o.data).includes('kolkata-call'));
    const content = fromICalendar(String(object!.data), { defaultTimeZone: 'UTC' });
    await other.updateCalendarObject({
      calendarObject: { ...object!, data: toICalendar({ uid: content.uid, events: [{ ...content.events[0]!, title: 'Call with the Mumbai team', location: 'Zoom' }] }) },
    });

    const result = await api.send('sync.run', {});
    expect(result.providers[0]!.conflicts).toEqual([]);
    const merged = (await localEvents()).find((e) => e.id === local.id)!;
    expect(merged).toMatchObject({ title: 'Call with the Mumbai team', location: 'Zoom', start: { dateTime: '2026-12-02T17:00:00', timeZone: 'Asia/Kolkata' } });
    const onServer = (await serverItems()).get('kolkata-call')![0]!;
    expect(onServer).toMatchObject({ title: 'Call with the Mumbai team', location: 'Zoom', start: { dateTime: '2026-12-02T17:00:00' } });
    expect((await titlesOnServer()).filter((t) => t.includes('Mumbai'))).toHaveLength(1);

    hosted.host.context.store.apply('rename', [{ name: 'updateEvent', args: { eventId: local.id, patch: { title: 'Mumbai sync' } } }]);
    const [again] = (await other.fetchCalendarObjects({ calendar })).filter((o) => String(o.data).includes('kolkata-call'));
    const current = fromICalendar(String(again!.data), { defaultTimeZone: 'UTC' });
    await other.updateCalendarObject({ calendarObject: { ...again!, data: toICalendar({ uid: current.uid, events: [{ ...current.events[0]!, title: 'Mumbai weekly' }] }) } });
    const clash = await api.send('sync.run', {});
    expect(clash.providers[0]!.conflicts).toEqual([{ eventId: local.id, field: 'title', kept: 'Mumbai weekly', discarded: 'Mumbai sync' }]);
    expect((await localEvents()).find((e) => e.id === local.id)!.title).toBe('Mumbai weekly');
    expect((await titlesOnServer()).filter((t) => t.includes('Mumbai'))).toEqual(['Mumbai weekly']);
  });

  it('removes the account: its calendar leaves this device, the server keeps its events', async () => {
    const [account] = await api.send('accounts.list', {});
    const before = (await serverItems()).size;
    await api.send('accounts.remove', { id: account!.id.slice(0, 8) });
    expect((await api.send('calendars.list', {})).map((c) => c.name)).not.toContain('Work');
    expect(await localEvents()).toEqual([]);
    expect((await serverItems()).size).toBe(before);
  });
});
