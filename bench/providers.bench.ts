import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventTime } from '../src/domain/event';
import { addDaysToLocalDate, localToInstant } from '../src/domain/time';
import type { Database } from '../sync-server/db/database';
import type { ProviderConnector } from '../sync-server/providers/connector';
import { startGoogleAccount } from '../sync-server/providers/google/testing';
import { GraphDouble } from '../sync-server/providers/microsoft/double';
import { ruleToGraph } from '../sync-server/providers/microsoft/recurrence';
import { connectToDouble } from '../sync-server/providers/microsoft/testing';
import { reconcileCalendar, type CalendarReport } from '../sync-server/providers/reconcile';
import { ReconcileFixture } from '../sync-server/providers/testing/reconcile-fixture';
import { openTestDatabase } from '../sync-server/testing';
import { median, printRoundsTable, round, seededRandom, writeResults } from './support';

/**
 * `npm run bench:providers`: the reconciler on PGlite (as the built-in server runs it) with the
 * Google connector (googleapis SDK) and the Microsoft connector (msal-node + Graph delta), each
 * against its local double over HTTP on 127.0.0.1. Per provider and round, on a fresh double and
 * database: the first sync of a calendar of 5,000 items, then one incremental pass carrying 10
 * changes, 5 made on the provider by another client and 5 made here. Seeding goes through the
 * doubles' in-process APIs and is not timed; each timed pass is checked (counts, titles and the
 * pass's report) so a fast wrong run cannot pass. The doubles answer in microseconds, so the
 * numbers are TempoPilot's own cost plus HTTP on loopback, not a provider's latency.
 */

const ITEMS = 5_000;
const ROUNDS = 3;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London', 'America/Los_Angeles', 'Australia/Sydney'];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** One item of the seeded calendar, provider-neutral: a single event, or a series with one moved instance. */
interface SeedItem {
  title: string;
  start: EventTime;
  end: EventTime;
  rule?: string;
  /** The second occurrence moved an hour later and renamed: `original` is its local start. */
  exception?: { original: string; title: string; start: string; end: string };
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * 5,000 items over 2026: every 25th a series (weekly on its start's weekday ×12, or monthly on its
 * day ×6) with its second instance moved; every 10th of the rest all-day (one or two days); the
 * rest timed single events of 30–90 minutes in six zones.
 */
function calendarOfItems(): SeedItem[] {
  const random = seededRandom(12);
  return Array.from({ length: ITEMS }, (_, n): SeedItem => {
    const day = addDaysToLocalDate('2026-01-01', Math.floor(random() * 365));
    const zone = ZONES[n % ZONES.length]!;
    const hour = 7 + Math.floor(random() * 11);
    const minutes = 30 * (1 + Math.floor(random() * 3));
    const at = (date: string, h: number, m = 0) => `${date}T${pad(h + Math.floor(m / 60))}:${pad(m % 60)}:00`;
    if (n % 25 === 0) {
      const monthly = n % 50 === 0;
      const start = monthly ? `${day.slice(0, 8)}${pad(Math.min(Number(day.slice(8)), 28))}` : day;
      const weekday = WEEKDAYS[new Date(`${start}T00:00:00Z`).getUTCDay()]!;
      const nextMonth = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), Number(start.slice(8)))).toISOString().slice(0, 10);
      const second = monthly ? nextMonth : addDaysToLocalDate(start, 7);
      return {
        title: `Series ${n}`,
        start: { dateTime: at(start, hour), timeZone: zone },
        end: { dateTime: at(start, hour, minutes), timeZone: zone },
        rule: monthly ? `FREQ=MONTHLY;BYMONTHDAY=${Number(start.slice(8))};COUNT=6` : `FREQ=WEEKLY;BYDAY=${weekday};COUNT=12`,
        exception: { original: at(second, hour), title: `Series ${n} (moved)`, start: at(second, hour + 1), end: at(second, hour + 1, minutes) },
      };
    }
    if (n % 10 === 3) return { title: `Day ${n}`, start: { date: day }, end: { date: addDaysToLocalDate(day, 1 + (n % 2)) } };
    return { title: `Meeting ${n}`, start: { dateTime: at(day, hour), timeZone: zone }, end: { dateTime: at(day, hour, minutes), timeZone: zone } };
  });
}

/** Another client of the provider: what the bench does there without the connector. */
interface ProviderSide {
  connector: ProviderConnector;
  /** Titles of the live items (series masters and single events). */
  titles(): string[];
  /** Ids of live items by title. */
  idOf(title: string): string;
  seed(items: readonly SeedItem[]): void;
  retitle(id: string, title: string): void;
  /** Moves a single event to 1 July 2026, 11:00–12:00 in London. */
  move(id: string): void;
  remove(id: string): void;
  create(title: string): void;
  /** Requests the connector made, for the table. */
  requests(): number;
  stop(): Promise<void>;
}

const MOVED_TO = { start: { dateTime: '2026-07-01T11:00:00', timeZone: 'Europe/London' }, end: { dateTime: '2026-07-01T12:00:00', timeZone: 'Europe/London' } };

async function openGoogle(calendarId: string): Promise<ProviderSide> {
  const { double, connector } = await startGoogleAccount();
  double.addCalendar({ id: calendarId, summary: 'Big', timeZone: 'Europe/Berlin' });
  const live = () => double.events(calendarId).filter((event) => event.status !== 'cancelled' && !event.recurringEventId);
  const time = (value: EventTime) => ('date' in value ? { date: value.date } : { dateTime: value.dateTime, timeZone: value.timeZone });
  return {
    connector,
    titles: () => live().map((event) => event.summary ?? ''),
    idOf: (title) => live().find((event) => event.summary === title)!.id,
    seed: (items) => {
      for (const item of items) {
        const master = double.insertEvent(calendarId, { summary: item.title, start: time(item.start), end: time(item.end), ...(item.rule && { recurrence: [`RRULE:${item.rule}`] }) });
        const { exception } = item;
        if (!exception || !('timeZone' in item.start)) continue;
        const zone = item.start.timeZone;
        const originalUtc = new Date(localToInstant(exception.original, zone)).toISOString().replace(/[-:]/g, '').replace('.000', '');
        double.insertEvent(calendarId, { id: `${master.id}_${originalUtc}`, summary: exception.title, start: { dateTime: exception.start, timeZone: zone }, end: { dateTime: exception.end, timeZone: zone } });
      }
    },
    retitle: (id, title) => void double.patchEvent(calendarId, id, { summary: title }),
    move: (id) => void double.patchEvent(calendarId, id, MOVED_TO),
    remove: (id) => double.deleteEvent(calendarId, id),
    create: (title) => void double.insertEvent(calendarId, { summary: title, start: { dateTime: '2026-06-01T09:00:00', timeZone: 'Asia/Tokyo' }, end: { dateTime: '2026-06-01T10:00:00', timeZone: 'Asia/Tokyo' } }),
    requests: () => double.counts.apiRequests,
    stop: () => double.stop(),
  };
}

async function openMicrosoft(calendarId: string): Promise<ProviderSide> {
  const double = await GraphDouble.start();
  double.addCalendar('Big', { id: calendarId });
  const connector = await connectToDouble(double);
  const time = (value: EventTime) => ('date' in value ? { dateTime: `${value.date}T00:00:00`, timeZone: 'UTC' } : { dateTime: value.dateTime, timeZone: value.timeZone });
  return {
    connector,
    titles: () => double.itemsOf(calendarId).map((item) => item.subject),
    idOf: (title) => double.itemsOf(calendarId).find((item) => item.subject === title)!.id,
    seed: (items) => {
      const ids = double.insertEvents(
        calendarId,
        items.map((item) => ({
          subject: item.title,
          isAllDay: 'date' in item.start,
          start: time(item.start),
          end: time(item.end),
          ...(item.rule && 'timeZone' in item.start && { recurrence: ruleToGraph(item.rule, item.start.dateTime.slice(0, 10), item.start.timeZone) }),
        })),
      );
      items.forEach((item, index) => {
        const { exception } = item;
        if (!exception || !('timeZone' in item.start)) return;
        const zone = item.start.timeZone;
        double.changeEvent(`${ids[index]}_occ_${exception.original.slice(0, 10)}`, { subject: exception.title, start: { dateTime: exception.start, timeZone: zone }, end: { dateTime: exception.end, timeZone: zone } });
      });
    },
    retitle: (id, title) => double.changeEvent(id, { subject: title }),
    move: (id) => double.changeEvent(id, MOVED_TO),
    remove: (id) => double.removeEvent(id),
    create: (title) =>
      void double.insertEvents(calendarId, [{ subject: title, start: { dateTime: '2026-06-01T09:00:00', timeZone: 'Tokyo Standard Time' }, end: { dateTime: '2026-06-01T10:00:00', timeZone: 'Tokyo Standard Time' } }]),
    requests: () => double.requests.length,
    stop: () => double.stop(),
  };
}

const PROVIDERS = { google: openGoogle, microsoft: openMicrosoft } as const;
type ProviderKind = keyof typeof PROVIDERS;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`wrong result: ${what}`);
}

async function localTitles(db: Database, fixture: ReconcileFixture): Promise<string[]> {
  const rows = await db.query<{ title: string }>(`select data->>'title' as title from events where user_id = $1 and calendar_id = $2 and series_id is null and not deleted`, [fixture.caller.userId, fixture.calendarId]);
  return rows.map((row) => row.title);
}

async function overrideCount(db: Database, fixture: ReconcileFixture): Promise<number> {
  const [row] = await db.query<{ count: number }>(`select count(*)::int as count from events where user_id = $1 and calendar_id = $2 and series_id is not null and not deleted`, [fixture.caller.userId, fixture.calendarId]);
  return row?.count ?? 0;
}

/** Both sides hold the same titles, each once, `expected` in all. */
async function checkBothSides(db: Database, fixture: ReconcileFixture, provider: ProviderSide, expected: number, when: string): Promise<void> {
  const here = (await localTitles(db, fixture)).sort();
  const there = provider.titles().sort();
  check(here.length === expected && there.length === expected, `${when}: ${here.length} items here, ${there.length} on the provider, ${expected} expected`);
  check(new Set(here).size === expected, `${when}: a title twice here`);
  check(JSON.stringify(here) === JSON.stringify(there), `${when}: the two sides hold different titles`);
}

interface Round {
  firstMs: number;
  incrementalMs: number;
  firstRequests: number;
  incrementalRequests: number;
  first: CalendarReport;
  incremental: CalendarReport;
}

async function oneRound(kind: ProviderKind, items: readonly SeedItem[]): Promise<Round> {
  const db = await openTestDatabase('pglite');
  const fixture = await ReconcileFixture.create(db, kind);
  const provider = await PROVIDERS[kind](fixture.remote.remoteId);
  try {
    provider.seed(items);
    const series = items.filter((item) => item.exception).length;
    // Untimed, as when the account is added (its calendars are listed first): the SDK's first
    // call and the access token are behind us when the first sync starts.
    await provider.connector.listCalendars();
    const before = provider.requests();
    const first = await timed(async () => reconcileCalendar(db, provider.connector, await fixture.linked()));
    const firstRequests = provider.requests() - before;
    check(first.result.pulled === ITEMS && first.result.deferred === 0 && first.result.unreadable === 0, `first sync report ${JSON.stringify(first.result)}`);
    await checkBothSides(db, fixture, provider, ITEMS, 'after the first sync');
    check((await overrideCount(db, fixture)) === series, `after the first sync: not ${series} moved instances here`);

    // Five changes on the provider: two renames (a single event, a series), a move, a deletion, a new event.
    provider.retitle(provider.idOf('Meeting 1'), 'Meeting 1 (renamed there)');
    provider.retitle(provider.idOf('Series 25'), 'Series 25 (renamed there)');
    provider.move(provider.idOf('Meeting 2'));
    provider.remove(provider.idOf('Meeting 4'));
    provider.create('Created there');
    // Five changes here, as devices push them: a rename, a new location, a move, a deletion, a new event.
    const byTitle = new Map((await fixture.liveItems()).map((item) => [item.events[0]!.title, item.eventId]));
    await fixture.updateEvent(byTitle.get('Meeting 5')!, { title: 'Meeting 5 (renamed here)' });
    await fixture.updateEvent(byTitle.get('Meeting 6')!, { location: 'Room 4' });
    await fixture.push([{ id: crypto.randomUUID(), createdAt: new Date().toISOString(), name: 'moveEvent', args: { eventId: byTitle.get('Meeting 7')!, start: { dateTime: '2026-08-03T15:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-08-03T16:00', timeZone: 'America/New_York' } } }]);
    await fixture.deleteEvent(byTitle.get('Meeting 8')!);
    await fixture.createEvent({
      id: crypto.randomUUID(),
      title: 'Created here',
      start: { dateTime: '2026-09-10T10:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-09-10T11:00', timeZone: 'Europe/Berlin' },
      attendees: [],
      status: 'confirmed',
      transparency: 'opaque',
    });
    const mid = provider.requests();
    const incremental = await timed(async () => reconcileCalendar(db, provider.connector, await fixture.linked()));
    const incrementalRequests = provider.requests() - mid;
    const report = incremental.result;
    check(report.pulled === 5 && report.pushed === 5 && report.deferred === 0 && report.conflicts.length === 0 && !report.fullResync, `incremental report ${JSON.stringify(report)}`);
    await checkBothSides(db, fixture, provider, ITEMS, 'after the incremental sync');
    const titles = new Set(provider.titles());
    for (const title of ['Meeting 1 (renamed there)', 'Series 25 (renamed there)', 'Created there', 'Meeting 5 (renamed here)', 'Created here']) check(titles.has(title), `${title} missing`);
    for (const title of ['Meeting 4', 'Meeting 8']) check(!titles.has(title), `${title} still there`);
    return { firstMs: first.ms, incrementalMs: incremental.ms, firstRequests, incrementalRequests, first: first.result, incremental: report };
  } finally {
    await provider.stop();
    await db.close();
  }
}


const items = calendarOfItems();
const mix = {
  items: ITEMS,
  series: items.filter((item) => item.rule).length,
  allDay: items.filter((item) => 'date' in item.start).length,
  timedSingles: items.filter((item) => !item.rule && 'dateTime' in item.start).length,
  zones: ZONES,
};
const results: Record<ProviderKind, Round[]> = { google: [], microsoft: [] };
for (const kind of Object.keys(PROVIDERS) as ProviderKind[]) {
  for (let round = 0; round < ROUNDS; round += 1) {
    results[kind].push(await oneRound(kind, items));
    process.stderr.write(`${kind}: round ${round + 1} of ${ROUNDS} done\n`);
  }
}

const rows = (Object.keys(results) as ProviderKind[]).flatMap((kind) => [
  { measure: `${kind}: first sync of ${ITEMS} items`, ms: results[kind].map((r) => r.firstMs), requests: results[kind].map((r) => r.firstRequests) },
  { measure: `${kind}: incremental sync, 5 changes there + 5 here`, ms: results[kind].map((r) => r.incrementalMs), requests: results[kind].map((r) => r.incrementalRequests) },
]);
printRoundsTable(
  `Provider sync through the doubles (${ROUNDS} rounds, fresh double and PGlite each; ${mix.timedSingles} timed singles, ${mix.allDay} all-day, ${mix.series} series with a moved instance)`,
  'requests',
  rows.map((row) => ({ measure: row.measure, ms: row.ms, extra: median(row.requests) })),
);
writeResults(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'providers.json'), {
  mix,
  changes: { provider: ['rename a single event', 'rename a series', 'move a single event', 'delete a single event', 'create an event'], here: ['rename', 'new location', 'move', 'delete', 'create'] },
  rounds: results,
  medians: Object.fromEntries(rows.map((row) => [row.measure, { ms: round(median(row.ms), 1), minMs: round(Math.min(...row.ms), 1), maxMs: round(Math.max(...row.ms), 1), requests: median(row.requests) }])),
});
