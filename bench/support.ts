import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32), so every run measures the same cache. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  targetMs?: number;
  note?: string;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `work` once per input after a warm-up, and reports median and p95 in milliseconds. */
export function measure<T>(name: string, inputs: readonly T[], work: (input: T) => unknown, extra: Partial<Timing> = {}): Timing {
  for (const input of inputs.slice(0, Math.min(10, inputs.length))) work(input);
  const samples = inputs.map((input) => {
    const start = performance.now();
    work(input);
    return performance.now() - start;
  });
  samples.sort((a, b) => a - b);
  return { name, runs: samples.length, medianMs: round(quantile(samples, 0.5)), p95Ms: round(quantile(samples, 0.95)), ...extra };
}

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** The middle value (the upper of the two middle ones for an even count). */
export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One measure repeated over a few rounds, with one extra column of its own (requests, a reference). */
export interface RoundsRow {
  measure: string;
  ms: readonly number[];
  extra: string | number;
}

/** For benchmarks of a few long rounds: median, min and max per measure, and the extra column. */
export function printRoundsTable(title: string, extraHeader: string, rows: readonly RoundsRow[]): void {
  const whole = (value: number) => String(round(value, 0));
  console.log(`\n${title}`);
  console.log('measure'.padEnd(52), 'median ms'.padStart(10), 'min ms'.padStart(9), 'max ms'.padStart(9), extraHeader.padStart(Math.max(9, extraHeader.length)));
  for (const row of rows) {
    console.log(row.measure.padEnd(52), whole(median(row.ms)).padStart(10), whole(Math.min(...row.ms)).padStart(9), whole(Math.max(...row.ms)).padStart(9), String(row.extra).padStart(Math.max(9, extraHeader.length)));
  }
}

export function printTable(title: string, timings: readonly Timing[]): void {
  const rows = timings.map((t) => [
    t.name,
    String(t.runs),
    t.medianMs.toFixed(3),
    t.p95Ms.toFixed(3),
    t.targetMs === undefined ? '' : `< ${t.targetMs}`,
    t.targetMs === undefined ? '' : t.p95Ms < t.targetMs ? 'ok' : 'MISSED',
    t.note ?? '',
  ]);
  const header = ['benchmark', 'runs', 'median ms', 'p95 ms', 'target', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function writeResults(file: string, payload: object): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version };
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, ...payload }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}
