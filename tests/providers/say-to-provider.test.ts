import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../../src/api/client';
import type { AddAccountArgs } from '../../src/domain/accounts';
import type { HostEvent } from '../../src/api/contract';
import { createHost, inProcessTransport, type Host } from '../../src/app';
import { createLogger, startSyncServer } from '../../sync-server';
import { GoogleCalendarDouble } from '../../sync-server/providers/google/double';
import { GraphDouble } from '../../sync-server/providers/microsoft/double';
import { january } from '../support/dates';

/**
 * Issue 12: an event made by `tempopilot say` on a Google and on a Microsoft 365 account arrives
 * in each provider exactly once, on the right calendar, with its wall time and time zone intact.
 * The account is added through the host (consent against the double), the command goes through
 * the host's `assistant.say` as the `say` command sends it, and the provider's side is read as
 * another client would read it.
 */

const ZONE = 'America/New_York';
/** "tomorrow" is January 2 (always within the window Graph's calendar view looks at, and always EST). */
const NOW = `${january(1)}T09:00`;

/** An event as the provider holds it, in the terms the test compares. */
interface Held {
  title: string;
  start: string;
  end: string;
  timeZone: string;
}

/** One provider behind its double: what to add, and what each of its calendars holds. */
interface ProviderUnderTest {
  args: AddAccountArgs;
  /** The calendar new events go to, then one named in commands ("Family"). */
  defaultCalendar: string;
  family: string;
  held(calendar: string): Promise<Held[]>;
  /** How the provider writes a New York wall time ("YYYY-01-02T12:00:00"), and names the zone. */
  wallTime(local: string): string;
  zoneName: string;
  stop(): Promise<void>;
}

async function googleProvider(): Promise<ProviderUnderTest> {
  const double = await GoogleCalendarDouble.start();
  double.addCalendar({ id: 'dana@example.com', summary: 'Dana', timeZone: ZONE });
  double.addCalendar({ id: 'family@group.calendar.google.com', summary: 'Family', timeZone: ZONE });
  return {
    args: { kind: 'google', clientId: 'tempopilot-test.apps.googleusercontent.com', authUrl: double.authUrl, tokenUrl: double.tokenUrl, apiRoot: double.rootUrl },
    defaultCalendar: 'dana@example.com',
    family: 'family@group.calendar.google.com',
    // Google keeps the wall time with its offset and the zone it was written in.
    held: async (calendar) =>
      double
        .events(calendar)
        .filter((event) => event.status !== 'cancelled')
        .map((event) => ({ title: event.summary ?? '', start: event.start?.dateTime ?? '', end: event.end?.dateTime ?? '', timeZone: event.start?.timeZone ?? '' })),
    wallTime: (local) => `${local}-05:00`,
    zoneName: ZONE,
    stop: () => double.stop(),
  };
}

async function microsoftProvider(): Promise<ProviderUnderTest> {
  const double = await GraphDouble.start();
  const calendar = double.addCalendar('Calendar');
  const family = double.addCalendar('Family');
  return {
    args: { kind: 'microsoft', clientId: double.clientId, authority: double.loopbackAuthority, graphBaseUrl: double.graphBaseUrl },
    defaultCalendar: calendar.id,
    family: family.id,
    // Read through Graph's calendar view delta (the month before and the year after now) with
    // the wall time asked for in the event's own zone; Exchange names the zone it was written in
    // (a Windows name) in originalStartTimeZone.
    held: async (calendarId) => {
      const events: Held[] = [];
      const window = `startDateTime=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&endDateTime=${new Date(Date.now() + 730 * 86_400_000).toISOString()}`;
      let next: string | undefined = `/me/calendars/${calendarId}/calendarView/delta?${window}`;
      while (next) {
        const page = (await (await double.directFetch(next, { headers: { Prefer: `outlook.timezone="${ZONE}"` } })).json()) as {
          value: { subject: string; start: { dateTime: string }; end: { dateTime: string }; originalStartTimeZone: string; '@removed'?: unknown }[];
          '@odata.nextLink'?: string;
        };
        events.push(...page.value.filter((event) => !event['@removed']).map((event) => ({ title: event.subject, start: event.start.dateTime, end: event.end.dateTime, timeZone: event.originalStartTimeZone })));
        next = page['@odata.nextLink']?.slice(double.graphBaseUrl.length);
      }
      return events;
    },
    wallTime: (local) => `${local}.0000000`,
    zoneName: 'Eastern Standard Time',
    stop: () => double.stop(),
  };
}

describe.each([
  { name: 'Google Calendar', start: googleProvider },
  { name: 'Microsoft 365', start: microsoftProvider },
])('`tempopilot say` on a $name account', ({ start }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-say-provider-'));
  let provider: ProviderUnderTest;
  let host: Host;
  let api: ApiClient;

  beforeAll(async () => {
    provider = await start();
    host = createHost({
      dataDir,
      timeZone: ZONE,
      embeddedServer: (options) => startSyncServer({ ...options, providerJobs: options.providerJobs ? {} : false, secretKey: randomBytes(32).toString('base64'), logger: createLogger({ level: 'silent' }) }),
    });
    // The person's browser: opens the consent page, which redirects to TempoPilot's loopback.
    host.onEvent((event: HostEvent) => {
      if (event.name === 'accounts.consent') void fetch((event.payload as { url: string }).url).then((response) => response.text());
    });
    api = createClient(inProcessTransport(host));
    const added = await api.send('accounts.add', provider.args);
    expect(added.sync.providers[0]).toMatchObject({ state: 'ok' });
  }, 60_000);
  afterAll(async () => {
    host?.close();
    await host?.context.sync.close();
    await provider?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const say = (text: string) => api.send('assistant.say', { text, now: NOW, timeZone: ZONE });
  const everywhere = async () => [...(await provider.held(provider.defaultCalendar)), ...(await provider.held(provider.family))];
  /** The event as this device holds it, which the provider's copy must equal. */
  const here = async (title: string, day: string): Promise<Held> => {
    const { entries } = await api.send('agenda.list', { from: day, to: `${day}T23:59` });
    const entry = entries.find((candidate) => candidate.title === title);
    if (!entry) throw new Error(`no "${title}" here on ${day}`);
    const event = await api.send('events.get', { id: entry.eventId });
    if (!('dateTime' in event.start) || !('dateTime' in event.end)) throw new Error(`"${title}" is all-day`);
    expect(event.start.timeZone).toBe(ZONE);
    return { title, start: provider.wallTime(event.start.dateTime), end: provider.wallTime(event.end.dateTime), timeZone: provider.zoneName };
  };

  it('"add lunch with Priya tomorrow at noon" arrives once, on the default calendar, at noon in New York', async () => {
    expect(await say('add lunch with Priya tomorrow at noon')).toMatchObject({ outcome: 'applied' });
    const sync = await api.send('sync.run', {});
    expect(sync.providers[0]).toMatchObject({ state: 'ok', pushed: 1 });

    const lunch = await here('Lunch with Priya', january(2));
    expect(lunch.start).toBe(provider.wallTime(`${january(2)}T12:00:00`));
    expect((await provider.held(provider.defaultCalendar)).filter((event) => event.title === 'Lunch with Priya')).toEqual([lunch]);
    expect((await everywhere()).filter((event) => event.title === 'Lunch with Priya')).toHaveLength(1);
  });

  it('"add piano recital on my family calendar ..." arrives once, on that calendar', async () => {
    expect(await say('add piano recital on my family calendar on january 12 at 6pm')).toMatchObject({ outcome: 'applied' });
    expect(await api.send('sync.run', {})).toMatchObject({ providers: [{ state: 'ok', pushed: 1 }] });
    const recital = await here('Piano recital', january(12));
    expect(recital.start).toBe(provider.wallTime(`${january(12)}T18:00:00`));
    expect((await provider.held(provider.family)).filter((event) => event.title === 'Piano recital')).toEqual([recital]);
    expect((await everywhere()).filter((event) => event.title === 'Piano recital')).toHaveLength(1);
  });

  it('sends nothing twice on the next sync, and the events here match the provider', async () => {
    const before = await everywhere();
    expect(await api.send('sync.run', {})).toMatchObject({ providers: [{ state: 'ok', pushed: 0, pulled: 0 }] });
    expect(await everywhere()).toEqual(before);
    const { entries } = await api.send('agenda.list', { from: january(2), to: january(13) });
    expect(entries.map((entry) => entry.title).sort()).toEqual(['Lunch with Priya', 'Piano recital']);
  });
});
