import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAVClient } from 'tsdav';
import { connectCalDav } from '../sync-server/providers/caldav/connector';
import type { ProviderEvent } from '../sync-server/providers/connector';
import { fromICalendar, toICalendar } from '../sync-server/providers/ical/ics';
import { seedCalendar, startRadicale } from '../sync-server/providers/radicale';
import { reconcileCalendar, type CalendarReport } from '../sync-server/providers/reconcile';
import { ReconcileFixture } from '../sync-server/providers/testing/reconcile-fixture';
import { openTestDatabase } from '../sync-server/testing';
import { median, printRoundsTable, round, writeResults } from './support';

/**
 * `npm run bench:caldav`: the reconciler with the CalDAV connector against a real Radicale
 * (Debian's), the server's side on PGlite as in single-user mode. A calendar of 2,000 events is
 * synced a first time (full), then incrementally after 10 changes made on Radicale by another
 * client, then after 10 changes made here. vdirsyncer's numbers on the same machine kind are in
 * FACTS.md (4.4 s first sync, 1.75 s after 10 changes).
 */

const EVENTS = 2_000;
const CHANGES = 10;
const ROUNDS = 3;

const event = (n: number): ProviderEvent => {
  const day = new Date(Date.UTC(2026, 0, 5) + (n % 360) * 86_400_000).toISOString().slice(0, 10);
  const hour = 8 + (n % 9);
  return {
    title: `Meeting ${n}`,
    start: { dateTime: `${day}T${String(hour).padStart(2, '0')}:00:00`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${day}T${String(hour).padStart(2, '0')}:45:00`, timeZone: 'Europe/Berlin' },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    ...(n % 10 === 0 && { recurrence: { rule: 'FREQ=WEEKLY;COUNT=10', exdates: [] } }),
  };
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

interface Round {
  seedMs: number;
  fullMs: number;
  warmFullMs: number;
  progressReports: number;
  incrementalMs: number;
  pushMs: number;
  full: CalendarReport;
  incremental: CalendarReport;
  push: CalendarReport;
}

async function oneRound(round: number): Promise<Round> {
  const radicale = await startRadicale();
  const db = await openTestDatabase('pglite');
  try {
    const seed = await timed(() =>
      seedCalendar(radicale, 'big', Array.from({ length: EVENTS }, (_, n) => toICalendar({ uid: `bench-${round}-${n}`, events: [event(n)] })), { displayName: 'Big' }),
    );
    const connector = await connectCalDav({ url: radicale.url, username: radicale.username, password: radicale.password });
    const remote = (await connector.listCalendars()).find((calendar) => calendar.name === 'Big')!;
    const fixture = await ReconcileFixture.create(db);
    await db.query('update provider_calendars set remote = $2::jsonb, remote_id = $3 where account_id = $1', [fixture.accountId, JSON.stringify(remote), remote.remoteId]);

    let progressReports = 0;
    const full = await timed(async () => reconcileCalendar(db, connector, await fixture.linked(), { onProgress: () => (progressReports += 1) }));
    if (full.result.pulled !== EVENTS) throw new Error(`the first sync brought ${full.result.pulled} of ${EVENTS} events`);
    // Radicale reads a freshly written collection slowly the first time: a second account's first
    // sync of the same calendar shows TempoPilot's own cost with the server warm.
    const second = await ReconcileFixture.create(db);
    await db.query('update provider_calendars set remote = $2::jsonb, remote_id = $3 where account_id = $1', [second.accountId, JSON.stringify(remote), remote.remoteId]);
    const warm = await timed(async () => reconcileCalendar(db, connector, await second.linked()));
    if (warm.result.pulled !== EVENTS) throw new Error(`the warm first sync brought ${warm.result.pulled} of ${EVENTS} events`);

    const other = new DAVClient({ serverUrl: radicale.url, credentials: { username: radicale.username, password: radicale.password }, authMethod: 'Basic', defaultAccountType: 'caldav' });
    await other.login();
    const calendar = (await other.fetchCalendars()).find((c) => c.url === remote.remoteId)!;
    const objects = (await other.fetchCalendarObjects({ calendar })).slice(0, CHANGES);
    for (const object of objects) {
      const content = fromICalendar(String(object.data), { defaultTimeZone: 'UTC' });
      await other.updateCalendarObject({ calendarObject: { ...object, data: toICalendar({ uid: content.uid, events: [{ ...content.events[0]!, title: `${content.events[0]!.title} (moved)` }] }) } });
    }
    const incremental = await timed(async () => reconcileCalendar(db, connector, await fixture.linked()));
    if (incremental.result.pulled !== CHANGES) throw new Error(`the incremental sync brought ${incremental.result.pulled} of ${CHANGES} changes`);

    const local = (await fixture.liveItems()).slice(0, CHANGES);
    for (const item of local) await fixture.updateEvent(item.eventId, { location: 'Room 4' });
    const push = await timed(async () => reconcileCalendar(db, connector, await fixture.linked()));
    if (push.result.pushed !== CHANGES) throw new Error(`the push sent ${push.result.pushed} of ${CHANGES} changes`);

    return { seedMs: seed.ms, fullMs: full.ms, warmFullMs: warm.ms, progressReports, incrementalMs: incremental.ms, pushMs: push.ms, full: full.result, incremental: incremental.result, push: push.result };
  } finally {
    await db.close();
    await radicale.stop();
  }
}


const rounds: Round[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  rounds.push(await oneRound(round));
  process.stderr.write(`round ${round + 1} of ${ROUNDS} done\n`);
}

const rows = [
  { measure: `first (full) sync of ${EVENTS} events, Radicale cold`, ms: rounds.map((r) => r.fullMs), vdirsyncer: 4_400 },
  { measure: `first (full) sync of ${EVENTS} events, Radicale warm`, ms: rounds.map((r) => r.warmFullMs), vdirsyncer: 4_400 },
  { measure: `incremental sync after ${CHANGES} changes on Radicale`, ms: rounds.map((r) => r.incrementalMs), vdirsyncer: 1_750 },
  { measure: `sync pushing ${CHANGES} local changes`, ms: rounds.map((r) => r.pushMs), vdirsyncer: 2_100 },
];
printRoundsTable(
  `CalDAV sync against Radicale (${ROUNDS} rounds, fresh server and database each)`,
  'vdirsyncer ms',
  rows.map((row) => ({ measure: row.measure, ms: row.ms, extra: row.vdirsyncer })),
);
console.log(`progress reports during the first sync: ${rounds.map((r) => r.progressReports).join(', ')}; seeding 2,000 events (one PUT): ${rounds.map((r) => round(r.seedMs / 1000, 1)).join(', ')} s`);
writeResults(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'caldav.json'), {
  events: EVENTS,
  changes: CHANGES,
  rounds: rounds.map(({ full, incremental, push, ...timings }) => ({ ...timings, full, incremental, push })),
  medians: Object.fromEntries(rows.map((row) => [row.measure, round(median(row.ms), 1)])),
});
