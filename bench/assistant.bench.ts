import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Assistant, type Turn } from '../src/assistant';
import type { CalendarEvent } from '../src/domain/event';
import { addDaysToLocalDate, localToInstant } from '../src/domain/time';
import { CalendarStore } from '../src/store';
import type { MutationIntent } from '../src/sync/mutations';
import { printTable, round, seededRandom, writeResults, type Timing } from './support';

/**
 * Text in -> plan applied, end to end through the assistant (parse, resolve against the cache,
 * plan, conflict check, apply through the outbox, command log), on a cache of 10,000 events.
 * Every sample is undone afterwards (untimed), so each command meets the same calendar.
 */
const EVENT_COUNT = Number(process.env.BENCH_EVENTS ?? 10_000);
const ZONE = 'Europe/Berlin';
/** Monday 15 June 2026, 08:30. */
const NOW = localToInstant('2026-06-15T08:30:00', ZONE);
const FIRST_DAY = '2022-06-15';
const DAYS = 6 * 365;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const TARGET_MS = 20;

const random = seededRandom(615);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');
const at = (dateTime: string) => ({ dateTime, timeZone: ZONE });

const TITLES = ['Budget review', 'Client call', 'Hiring panel', 'Vendor demo', 'Team lunch', 'Board prep', 'Sales pipeline', 'Ops review', 'Office hours', 'Training', 'Product demo', 'Interview', 'Coffee chat', 'Release review', 'Security review'];
const PEOPLE = ['Alex', 'Sam', 'Priya', 'Jordan', 'Maria', 'Chen', 'Lee', 'Noor', 'Ivan', 'Zoe'];

/** The background: six years of a busy calendar, about five events a day, a few series and all-day entries. */
function backgroundEvent(index: number): CalendarEvent {
  const day = addDaysToLocalDate(FIRST_DAY, Math.floor(random() * DAYS));
  const attendees = Array.from({ length: Math.floor(random() * 3) }, () => ({ name: pick(PEOPLE), response: 'accepted' as const, optional: false }));
  const base = { id: `event-${index}`, calendarId: 'personal', title: pick(TITLES), attendees, status: 'confirmed' as const, transparency: 'opaque' as const };
  if (random() < 0.05) return { ...base, start: { date: day }, end: { date: addDaysToLocalDate(day, 1) }, transparency: 'transparent' };
  const startMinutes = (8 + Math.floor(random() * 10)) * 60 + pick([0, 15, 30, 45]);
  const endMinutes = startMinutes + pick([15, 30, 30, 45, 60, 60, 90]);
  const time = (minutes: number) => `${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
  const event: CalendarEvent = { ...base, start: at(time(startMinutes)), end: at(time(endMinutes)) };
  if (random() < 0.01) event.recurrence = { rule: pick(['FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY']), exdates: [] };
  return event;
}

/** The events the commands name, in the week of NOW. */
const NAMED: CalendarEvent[] = [
  { id: 'standup', calendarId: 'personal', title: 'Standup', start: at('2026-01-05T09:00:00'), end: at('2026-01-05T09:15:00'), attendees: [{ name: 'Dana', response: 'accepted', optional: false }], status: 'confirmed', transparency: 'opaque', recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', exdates: [] } },
  { id: 'one-on-one', calendarId: 'personal', title: '1:1 with Dana', start: at('2026-06-15T15:00:00'), end: at('2026-06-15T15:30:00'), attendees: [{ name: 'Dana', response: 'accepted', optional: false }], status: 'confirmed', transparency: 'opaque' },
  { id: 'planning', calendarId: 'personal', title: 'Quarterly planning', start: at('2026-06-16T13:00:00'), end: at('2026-06-16T14:00:00'), attendees: [{ name: 'Sam', response: 'accepted', optional: false }], status: 'confirmed', transparency: 'opaque' },
];

/** One command per kind of change on single events and single instances, the everyday mix. */
const EVERYDAY = [
  'schedule a meeting with dana tomorrow at eleven am',
  'add vacation from thursday to friday',
  'remind me to call mom ten minutes before the quarterly planning',
  'block an hour of deep work before friday',
  'move the quarterly planning to friday at eleven am',
  'move my three pm with dana to thursday morning',
  'extend the quarterly planning by fifteen minutes',
  'rename the quarterly planning to roadmap planning',
  'invite alex to the quarterly planning',
  'cancel the quarterly planning',
  'push the standup on wednesday to nine thirty',
  'cancel the standup on wednesday',
];
/** Edits of a whole series: the store rewrites every materialised instance (docs/assistant.md). */
const SERIES = ['shorten every standup to ten minutes', 'move every standup to nine thirty am', 'cancel all the standups'];
const QUERIES = ["what's on tomorrow", 'when is the quarterly planning', 'when am i free for an hour on thursday'];

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Measured {
  timing: Timing;
  /** Median and p95 of each command, to see which kind of plan costs what. */
  perCommand: Record<string, { medianMs: number; p95Ms: number }>;
  /** Mean time of each stage, as the turns themselves measured it. */
  meanStageMs: Record<'parse' | 'resolve' | 'plan' | 'apply', number>;
}

const summarize = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)) };
};

/** `measure` from support.ts for asynchronous work: a warm-up pass, then every command ROUNDS times. */
async function measureTurns(name: string, texts: readonly string[], assistant: Assistant, store: CalendarStore, extra: Partial<Timing> = {}): Promise<Measured> {
  const expected = new Set<Turn['outcome']>(['applied', 'answered']);
  const stages = { parse: 0, resolve: 0, plan: 0, apply: 0 };
  const once = async (text: string) => {
    const started = performance.now();
    const turn = await assistant.say(text, { confirm: true });
    const elapsed = performance.now() - started;
    if (!expected.has(turn.outcome)) throw new Error(`"${text}" was ${turn.outcome}: ${turn.reply}`);
    if (turn.outcome === 'applied') store.undo();
    for (const stage of Object.keys(stages) as (keyof typeof stages)[]) stages[stage] += turn.latencyMs[stage];
    return elapsed;
  };
  for (const text of texts) await once(text);
  for (const stage of Object.keys(stages) as (keyof typeof stages)[]) stages[stage] = 0;
  const samples = new Map<string, number[]>(texts.map((text) => [text, []]));
  for (let pass = 0; pass < ROUNDS; pass += 1) for (const text of texts) samples.get(text)!.push(await once(text));
  const all = [...samples.values()].flat();
  const mean = (total: number) => round(total / all.length);
  return {
    timing: { name, runs: all.length, ...summarize(all), ...extra },
    perCommand: Object.fromEntries([...samples].map(([text, values]) => [text, summarize(values)])),
    meanStageMs: { parse: mean(stages.parse), resolve: mean(stages.resolve), plan: mean(stages.plan), apply: mean(stages.apply) },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-bench-'));
  const store = CalendarStore.open({ file: path.join(dir, 'cache.db'), now: () => NOW });
  try {
    store.putCalendar({ id: 'personal', name: 'Personal', timeZone: ZONE, readOnly: false });
    const events = [...NAMED, ...Array.from({ length: EVENT_COUNT - NAMED.length }, (_, i) => backgroundEvent(i))];
    for (let i = 0; i < events.length; i += 1_000) {
      const intents: MutationIntent[] = events.slice(i, i + 1_000).map((event) => ({ name: 'createEvent', args: { event } }));
      store.apply(`seed ${i}`, intents);
    }
    const assistant = new Assistant({ store, zone: ZONE, clock: () => NOW });
    const everyday = await measureTurns('text -> plan applied: everyday mix', EVERYDAY, assistant, store, { targetMs: TARGET_MS, note: `${EVERYDAY.length} commands: creates, reminder, focus, moves, length, rename, invite, cancels, instance edits` });
    const queries = await measureTurns('text -> answer: queries', QUERIES, assistant, store, { targetMs: TARGET_MS, note: 'agenda, event, free time' });
    const series = await measureTurns('text -> plan applied: whole-series edits', SERIES, assistant, store, { targetMs: TARGET_MS, note: 'the store rematerialises the series on write' });
    const runs = { everyday, queries, series };
    printTable(`assistant: ${EVENT_COUNT} events in the cache (${events.filter((e) => e.recurrence).length} series)`, Object.values(runs).map((r) => r.timing));
    for (const [label, run] of Object.entries(runs)) {
      const stage = run.meanStageMs;
      console.log(`\n${label}: mean per stage (ms) parse ${stage.parse}, resolve ${stage.resolve}, plan ${stage.plan}, apply ${stage.apply}`);
      for (const [text, t] of Object.entries(run.perCommand)) console.log(`  ${t.medianMs.toFixed(3).padStart(8)} median  ${t.p95Ms.toFixed(3).padStart(8)} p95  ${text}`);
    }
    writeResults(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'assistant.json'), {
      benchmark: 'assistant',
      params: { events: EVENT_COUNT, years: DAYS / 365, zone: ZONE, rounds: ROUNDS },
      timings: Object.values(runs).map((r) => r.timing),
      details: runs,
    });
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
