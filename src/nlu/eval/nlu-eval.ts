import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Command } from '../command';
import { parseCommand } from '../parse';
import { slurpIntent, slurpSlots, type SlurpSlot } from './slurp-labels';

/**
 * Scores the local parser on SLURP-format records: intent accuracy and span-exact slot
 * precision/recall/F1 (a predicted slot counts when its type and exact span match a gold slot).
 */

const SlurpRecordSchema = z.object({
  slurp_id: z.union([z.number(), z.string()]),
  sentence: z.string(),
  intent: z.string(),
  intent_norm: z.string().optional(),
  slots: z.array(z.object({ type: z.string(), start: z.number().int(), end: z.number().int() })).default([]),
});
type SlurpRecord = z.infer<typeof SlurpRecordSchema>;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface IntentFigures {
  gold: number;
  predicted: number;
  correct: number;
  accuracy: number;
}

export interface NluEvalSummary {
  file: string;
  /** "local", or the cloud model that was scored ("openai:gpt-4o-mini"). */
  engine: string;
  records: number;
  /** Records the engine gave no Command for (a cloud call that failed); they count as wrong. */
  failures: number;
  intentAccuracy: number;
  slots: Counts;
  perIntent: Record<string, IntentFigures>;
  perSlotType: Record<string, Counts>;
  /** Time per command in milliseconds: the local parse warm (median of three runs), or the whole cloud request. */
  latencyMs: { p50: number; p95: number; max: number };
}

export interface NluEvalOptions {
  /** SLURP-format JSONL to score. */
  file: string;
  /** Where to write one prediction per line. */
  out: string;
  /** Score only the even- or odd-numbered lines (0-based), to check a rule against unseen data. */
  half?: 'even' | 'odd';
  /** Another understanding to score in place of the local parser (a cloud model behind the router). */
  engine?: EvalEngine;
}

export interface EvalEngine {
  name: string;
  /** A Command for the sentence, or undefined when the engine failed to give one. */
  understand(sentence: string, now: Date): Promise<Command | undefined>;
  /** Requests in flight at once. */
  concurrency: number;
}

interface Prediction {
  command: Command | undefined;
  ms: number;
}

/** SLURP dates have no reference time; a fixed one keeps predictions reproducible. */
const EVAL_NOW = new Date('2026-03-04T09:00:00Z');

export async function runNluEval(opts: NluEvalOptions): Promise<{ report: string; summary: NluEvalSummary }> {
  const records = parseRecords(await readFile(opts.file, 'utf8'), opts.file).filter(
    (_, index) => opts.half === undefined || (index % 2 === 0) === (opts.half === 'even'),
  );
  const predicted = opts.engine ? await understandAll(records, opts.engine) : parseAll(records);

  const predictions: string[] = [];
  const timings: number[] = [];
  const intents = new Map<string, IntentFigures>();
  const slotCounts = new Map<string, { tp: number; fp: number; fn: number }>();
  let correctIntents = 0;

  for (const [index, record] of records.entries()) {
    const { command, ms } = predicted[index]!;
    timings.push(ms);
    const intent = command ? slurpIntent(command.intent) : 'failed';
    const slots = command ? slurpSlots(command) : [];
    predictions.push(JSON.stringify({ slurp_id: record.slurp_id, intent, slots }));

    const gold = goldIntent(record);
    figuresFor(intents, gold).gold += 1;
    figuresFor(intents, intent).predicted += 1;
    if (intent === gold) {
      correctIntents += 1;
      figuresFor(intents, gold).correct += 1;
    }
    scoreSlots(slots, record.slots, slotCounts);
  }
  await writeFile(opts.out, predictions.length ? `${predictions.join('\n')}\n` : '');

  const perSlotType: Record<string, Counts> = {};
  let total = { tp: 0, fp: 0, fn: 0 };
  for (const [type, counts] of [...slotCounts].sort(([a], [b]) => a.localeCompare(b))) {
    perSlotType[type] = withRates(counts);
    total = { tp: total.tp + counts.tp, fp: total.fp + counts.fp, fn: total.fn + counts.fn };
  }
  const perIntent: Record<string, IntentFigures> = {};
  for (const [name, figures] of [...intents].sort(([a], [b]) => a.localeCompare(b))) {
    perIntent[name] = { ...figures, accuracy: ratio(figures.correct, figures.gold) };
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const summary: NluEvalSummary = {
    file: opts.file,
    engine: opts.engine?.name ?? 'local',
    records: records.length,
    failures: predicted.filter((p) => !p.command).length,
    intentAccuracy: ratio(correctIntents, records.length),
    slots: withRates(total),
    perIntent,
    perSlotType,
    latencyMs: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? 0 },
  };
  return { report: formatReport(summary), summary };
}

function parseAll(records: readonly SlurpRecord[]): Prediction[] {
  // One pass first, so the timings measure the warm parser, not module loading and compilation.
  for (const record of records) parseCommand(record.sentence, { now: EVAL_NOW });
  return records.map((record) => ({ command: parseCommand(record.sentence, { now: EVAL_NOW }), ms: medianParseTime(record.sentence) }));
}

/** Each sentence through the engine, a few at a time, each request timed on its own. */
async function understandAll(records: readonly SlurpRecord[], engine: EvalEngine): Promise<Prediction[]> {
  const predictions: Prediction[] = new Array(records.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < records.length; index = next++) {
      const started = performance.now();
      const command = await engine.understand(records[index]!.sentence, EVAL_NOW);
      predictions[index] = { command, ms: performance.now() - started };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, engine.concurrency) }, worker));
  return predictions;
}

/** Median of three timed parses: one command's cost without the machine's passing hiccups. */
function medianParseTime(sentence: string): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    parseCommand(sentence, { now: EVAL_NOW });
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1] ?? 0;
}

function parseRecords(jsonl: string, file: string): SlurpRecord[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = SlurpRecordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: not a SLURP record: ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    });
}

/** Seven records of the full corpus carry a bare "set"/"query"/"remove". */
function goldIntent(record: SlurpRecord): string {
  const label = record.intent_norm ?? record.intent;
  return label.includes('_') ? label : `calendar_${label}`;
}

function figuresFor(map: Map<string, IntentFigures>, name: string): IntentFigures {
  let figures = map.get(name);
  if (!figures) {
    figures = { gold: 0, predicted: 0, correct: 0, accuracy: 0 };
    map.set(name, figures);
  }
  return figures;
}

function scoreSlots(predicted: readonly SlurpSlot[], gold: SlurpRecord['slots'], counts: Map<string, { tp: number; fp: number; fn: number }>): void {
  const countFor = (type: string) => {
    let entry = counts.get(type);
    if (!entry) {
      entry = { tp: 0, fp: 0, fn: 0 };
      counts.set(type, entry);
    }
    return entry;
  };
  const unmatched = gold.map((g) => `${g.type}:${g.start}:${g.end}`);
  for (const slot of predicted) {
    const k = unmatched.indexOf(`${slot.type}:${slot.start}:${slot.end}`);
    if (k >= 0) {
      unmatched.splice(k, 1);
      countFor(slot.type).tp += 1;
    } else {
      countFor(slot.type).fp += 1;
    }
  }
  for (const key of unmatched) countFor(key.slice(0, key.indexOf(':'))).fn += 1;
}

function withRates(counts: { tp: number; fp: number; fn: number }): Counts {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function formatReport(summary: NluEvalSummary): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
  const num = (x: number) => String(x).padStart(5);
  const lines = [
    `NLU eval: ${summary.file} (${summary.records} records, ${summary.engine}${summary.failures > 0 ? `, ${summary.failures} failed` : ''})`,
    '',
    `intent accuracy   ${pct(summary.intentAccuracy)}`,
    `slot precision    ${pct(summary.slots.precision)}`,
    `slot recall       ${pct(summary.slots.recall)}`,
    `slot F1           ${pct(summary.slots.f1)}   (tp ${summary.slots.tp}, fp ${summary.slots.fp}, fn ${summary.slots.fn})`,
    `${summary.engine === 'local' ? 'parse time      ' : 'request time    '}  p50 ${summary.latencyMs.p50.toFixed(3)} ms, p95 ${summary.latencyMs.p95.toFixed(3)} ms, max ${summary.latencyMs.max.toFixed(3)} ms`,
    '',
    'intent              gold  pred  correct  accuracy',
    ...Object.entries(summary.perIntent).map(
      ([name, f]) => `${name.padEnd(18)}${num(f.gold)} ${num(f.predicted)}   ${num(f.correct)}   ${pct(f.accuracy)}`,
    ),
    '',
    'slot type            tp    fp    fn  precision  recall      F1',
    ...Object.entries(summary.perSlotType).map(
      ([type, c]) => `${type.padEnd(18)}${num(c.tp)} ${num(c.fp)} ${num(c.fn)}    ${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
