import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CalendarEvent } from '../src/domain/event';
import { addDaysToLocalDate, localToInstant } from '../src/domain/time';
import { CalendarStore, DEFAULT_OVERSAMPLE, EMBEDDING_DIMENSIONS } from '../src/store';
import type { MutationIntent } from '../src/sync/mutations';
import { measure, printTable, round, seededRandom, writeResults, type Timing } from './support';

/**
 * The local cache at the size of a heavy user: 100,000 events over five years (2% of them
 * recurring series, 5% all-day) and 100,000 event embeddings, then agenda and KNN queries.
 */
const EVENT_COUNT = Number(process.env.BENCH_EVENTS ?? 100_000);
const SERIES_SHARE = 0.02;
const ALL_DAY_SHARE = 0.05;
const FIRST_DAY = '2024-01-01';
const DAYS = 5 * 365;
const ZONE = 'Europe/Berlin';
const QUERY_COUNT = 300;
const KNN_QUERIES = 200;
const CLUSTERS = 500;

const random = seededRandom(2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

function makeEvent(index: number): CalendarEvent {
  const day = addDaysToLocalDate(FIRST_DAY, Math.floor(random() * DAYS));
  const base = { id: `event-${index}`, calendarId: 'personal', title: `Event ${index}`, attendees: [], status: 'confirmed' as const, transparency: 'opaque' as const };
  if (random() < ALL_DAY_SHARE) return { ...base, start: { date: day }, end: { date: addDaysToLocalDate(day, 1 + Math.floor(random() * 3)) } };
  const startMinutes = (7 + Math.floor(random() * 12)) * 60 + pick([0, 15, 30, 45]);
  const endMinutes = startMinutes + pick([15, 30, 30, 45, 60, 60, 90, 120]);
  const at = (minutes: number) => `${day}T${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}:00`;
  const event: CalendarEvent = { ...base, start: { dateTime: at(startMinutes), timeZone: ZONE }, end: { dateTime: at(endMinutes), timeZone: ZONE } };
  if (random() < SERIES_SHARE) {
    event.recurrence = {
      rule: pick(['FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY', 'FREQ=DAILY;COUNT=60', 'FREQ=WEEKLY;COUNT=52', 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=120']),
      exdates: [],
    };
  }
  return event;
}

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Embeddings cluster by topic in practice; uniform noise would flatter no index and fit no use. */
function clusteredVectors(count: number): Float32Array[] {
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: EMBEDDING_DIMENSIONS }, gaussian));
  return Array.from({ length: count }, () => {
    const centre = pick(centres);
    return Float32Array.from(centre, (value) => value + 0.6 * gaussian());
  });
}

function recallAt(k: number, found: string[], exact: string[]): number {
  const truth = new Set(exact.slice(0, k));
  return found.slice(0, k).filter((id) => truth.has(id)).length / k;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-bench-'));
  const file = path.join(dir, 'cache.db');
  const store = CalendarStore.open({ file, now: () => Date.parse('2026-11-25T10:00:00Z') });
  try {
    store.putCalendar({ id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false });
    let started = performance.now();
    const events = Array.from({ length: EVENT_COUNT }, (_, i) => makeEvent(i));
    for (let i = 0; i < events.length; i += 1_000) {
      const intents: MutationIntent[] = events.slice(i, i + 1_000).map((event) => ({ name: 'createEvent', args: { event } }));
      store.apply(`seed ${i}`, intents);
    }
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const vectors = clusteredVectors(EVENT_COUNT);
    vectors.forEach((vector, i) => store.putEmbedding(`event-${i}`, vector));
    const embedSeconds = (performance.now() - started) / 1000;
    const series = events.filter((e) => e.recurrence).length;
    console.log(`seeded ${EVENT_COUNT} events (${series} series) in ${seedSeconds.toFixed(1)} s, ${EVENT_COUNT} embeddings in ${embedSeconds.toFixed(1)} s; cache ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);

    const dayStarts = Array.from({ length: QUERY_COUNT }, () => addDaysToLocalDate(FIRST_DAY, Math.floor(random() * (DAYS - 7))));
    const window = (date: string, days: number) => ({ start: localToInstant(`${date}T00:00:00`, ZONE), end: localToInstant(`${addDaysToLocalDate(date, days)}T00:00:00`, ZONE) });
    const meanEntries = (days: number) => Math.round(dayStarts.reduce((sum, date) => sum + store.agenda(window(date, days), ZONE).length, 0) / dayStarts.length);
    const timings: Timing[] = [
      measure('agenda: one day', dayStarts, (date) => store.agenda(window(date, 1), ZONE), { targetMs: 5, note: `${meanEntries(1)} entries per day` }),
      measure('agenda: one week', dayStarts, (date) => store.agenda(window(date, 7), ZONE), { targetMs: 5, note: `${meanEntries(7)} entries per week` }),
    ];

    const queries = Array.from({ length: KNN_QUERIES }, () => {
      const near = pick(vectors);
      return Float32Array.from(near, (value) => value + 0.3 * gaussian());
    });
    const exactIds = queries.map((q) => store.nearestEvents(q, 10, { exact: true }).map((n) => n.eventId));
    const recall: Record<string, { at1: number; at10: number }> = {};
    for (const oversample of [5, 10, 20]) {
      const found = queries.map((q) => store.nearestEvents(q, 10, { oversample }).map((n) => n.eventId));
      const mean = (k: number) => round(found.reduce((sum, ids, i) => sum + recallAt(k, ids, exactIds[i]!), 0) / queries.length, 3);
      recall[`oversample${oversample}`] = { at1: mean(1), at10: mean(10) };
      const label = `knn top-10: bits (${10 * oversample} candidates) + re-rank${oversample === DEFAULT_OVERSAMPLE ? ' [default]' : ''}`;
      timings.push(measure(label, queries, (q) => store.nearestEvents(q, 10, { oversample }), { targetMs: 30, note: `recall@1 ${mean(1)}, @10 ${mean(10)}` }));
    }
    timings.push(measure('knn top-10: exact float32 (reference)', queries.slice(0, 60), (q) => store.nearestEvents(q, 10, { exact: true })));
    printTable(`local cache: ${EVENT_COUNT} events, ${EVENT_COUNT} embeddings (${EMBEDDING_DIMENSIONS}-d)`, timings);
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'store.json');
    writeResults(out, {
      benchmark: 'store',
      params: { events: EVENT_COUNT, series, allDayShare: ALL_DAY_SHARE, years: DAYS / 365, zone: ZONE, embeddings: EVENT_COUNT, clusters: CLUSTERS },
      seed: { eventsSeconds: round(seedSeconds, 2), embeddingsSeconds: round(embedSeconds, 2), cacheBytes: statSync(file).size },
      knnRecall: recall,
      timings,
    });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
