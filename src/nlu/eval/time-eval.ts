/**
 * Time-expression evaluation on Duckling-format records (see ../shared/README.md, data/).
 *
 * Each record is resolved against its own reference time in that record's fixed UTC offset;
 * one prediction per line goes to `out`. Scoring: a prediction is correct when something was
 * found and its start equals the expected start; for intervals the end must match too, where
 * both Duckling's grain-exclusive end ("3-4pm" -> 17:00) and the plain end (16:00) count;
 * open intervals compare their one bound; `negative` records are correct when nothing is found.
 * The same scoring runs on chrono-node alone (plain chrono.parse) in the same pass, so the
 * report shows the gain over the base library. Latent records are resolved in permissive mode
 * (latent readings allowed), as Duckling's own corpus tests do for them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Grain } from '../time/grain';
import { resolveTimes, type TimeMatch } from '../time/resolve';

const instantSchema = z.object({ value: z.string(), grain: z.string() });
const recordSchema = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(['value', 'interval', 'open_interval_after', 'open_interval_before', 'negative']),
  latent: z.boolean().default(false),
  reference_time: z.string(),
  expected: z
    .object({
      value: z.string().optional(),
      grain: z.string().optional(),
      from: instantSchema.optional(),
      to: instantSchema.optional(),
    })
    .nullable()
    .optional(),
});

export type TimeEvalRecord = z.infer<typeof recordSchema>;

export interface Prediction {
  readonly id: string;
  readonly found: boolean;
  readonly text: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly grain: string | null;
  readonly kind?: string;
}

export interface Accuracy {
  readonly correct: number;
  readonly total: number;
  readonly accuracy: number;
}

export interface SystemScores {
  readonly overall: Accuracy;
  readonly nonLatent: Accuracy;
  readonly byKind: Readonly<Record<string, Accuracy>>;
}

export interface TimeEvalSummary {
  readonly file: string;
  readonly records: number;
  readonly ours: SystemScores;
  /** chrono-node alone, plain chrono.parse. */
  readonly chrono: SystemScores;
  /** chrono-node alone, results read at their stated precision (see predictChrono). */
  readonly chronoAtPrecision: SystemScores;
  /** Non-latent accuracy of ours on even and odd lines (0-based), an overfitting check. */
  readonly split: { readonly even: Accuracy; readonly odd: Accuracy };
  /** Gain of ours over chrono-node on non-latent records, in accuracy points (0-100). */
  readonly gainPoints: number;
  /** Our resolve time per record, milliseconds (median of three warm runs). */
  readonly timing: { readonly meanMs: number; readonly p50Ms: number; readonly p95Ms: number };
}

const OFFSET_RE = /([+-]\d{2}:?\d{2}|Z)$/;

/** The fixed UTC offset written at the end of an ISO time ("-02:00"). */
export function offsetOf(iso: string): string {
  const m = OFFSET_RE.exec(iso.trim());
  if (!m || !m[1]) throw new RangeError(`no UTC offset in ${iso}`);
  return m[1] === 'Z' ? '+00:00' : m[1];
}

function parseIso(iso: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true });
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = parseIso(a);
  const y = parseIso(b);
  return x.isValid && y.isValid && x.toMillis() === y.toMillis();
}

const LUXON_UNIT: Readonly<Record<string, string>> = {
  second: 'seconds', minute: 'minutes', hour: 'hours', day: 'days', week: 'weeks', month: 'months', quarter: 'quarters', year: 'years',
};

/** Duckling's exclusive interval end, one unit of its grain back ("17:00 hour" -> 16:00). */
function plainEnd(to: { value: string; grain: string }): string | null {
  const unit = LUXON_UNIT[to.grain];
  if (!unit) return null;
  return parseIso(to.value).minus({ [unit]: 1 }).toISO();
}

export function isCorrect(rec: TimeEvalRecord, pred: Prediction): boolean {
  const e = rec.expected;
  switch (rec.kind) {
    case 'negative':
      return !pred.found;
    case 'value':
      return pred.found && sameInstant(pred.start, e?.value);
    case 'interval':
      if (!pred.found || !e?.from || !e.to || !sameInstant(pred.start, e.from.value)) return false;
      return sameInstant(pred.end, e.to.value) || sameInstant(pred.end, plainEnd(e.to));
    case 'open_interval_after':
      return pred.found && sameInstant(pred.start, e?.from?.value);
    case 'open_interval_before': {
      const bound = pred.kind === 'open_before' ? pred.end : (pred.end ?? pred.start);
      return pred.found && sameInstant(bound, e?.to?.value);
    }
  }
}

/** The match standing for the whole text: the one covering most characters (first on ties). */
function pickLongest<T>(items: readonly T[], length: (t: T) => number): T | undefined {
  let best: T | undefined;
  let bestLen = -1;
  for (const it of items) {
    const l = length(it);
    if (l > bestLen) {
      best = it;
      bestLen = l;
    }
  }
  return best;
}

export function predictOurs(rec: TimeEvalRecord): Prediction {
  const zone = offsetOf(rec.reference_time);
  const matches = resolveTimes(rec.text, { now: rec.reference_time, zone }, { latent: rec.latent });
  const m: TimeMatch | undefined = pickLongest(matches, (x) => x.span.end - x.span.start);
  if (!m) return { id: rec.id, found: false, text: '', start: null, end: null, grain: null };
  return { id: rec.id, found: true, text: m.text, start: m.start, end: m.end, grain: m.grain, kind: m.kind };
}

/**
 * chrono-node alone: plain chrono.parse with the record's reference instant and offset.
 * `atPrecision` reads each result at the precision chrono was certain of (implied fields
 * zeroed: "march 3" is March 3rd 00:00, not chrono's implied noon), a fairer second baseline.
 */
export function predictChrono(rec: TimeEvalRecord, atPrecision = false): Prediction {
  const zone = offsetOf(rec.reference_time);
  const minutes = offsetMinutes(zone);
  const results = chrono.parse(rec.text, { instant: new Date(rec.reference_time), timezone: minutes });
  const r = pickLongest(results, (x) => x.text.length);
  if (!r) return { id: rec.id, found: false, text: '', start: null, end: null, grain: null };
  const fmt = (c: chrono.ParsedComponents): string | null => {
    const t = DateTime.fromJSDate(c.date()).setZone(`UTC${zone}`);
    const unit = atPrecision ? statedUnit(c) : undefined;
    return (unit ? t.startOf(unit) : t).toISO();
  };
  const end = r.end ? fmt(r.end) : null;
  return { id: rec.id, found: true, text: r.text, start: fmt(r.start), end, grain: null, kind: end ? 'interval' : 'value' };
}

function statedUnit(c: chrono.ParsedComponents): 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year' | undefined {
  if (c.isCertain('second')) return 'second';
  if (c.isCertain('minute')) return 'minute';
  if (c.isCertain('hour')) return 'hour';
  if (c.isCertain('day') || c.isCertain('weekday')) return 'day';
  if (c.isCertain('month')) return 'month';
  if (c.isCertain('year')) return 'year';
  return undefined;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

class Tally {
  correct = 0;
  total = 0;
  add(ok: boolean): void {
    this.total += 1;
    if (ok) this.correct += 1;
  }
  get(): Accuracy {
    return { correct: this.correct, total: this.total, accuracy: this.total === 0 ? 0 : this.correct / this.total };
  }
}

class Scorer {
  private readonly overall = new Tally();
  private readonly nonLatent = new Tally();
  private readonly kinds = new Map<string, Tally>();
  add(rec: TimeEvalRecord, ok: boolean): void {
    this.overall.add(ok);
    if (!rec.latent) this.nonLatent.add(ok);
    let t = this.kinds.get(rec.kind);
    if (!t) this.kinds.set(rec.kind, (t = new Tally()));
    t.add(ok);
  }
  get(): SystemScores {
    const byKind: Record<string, Accuracy> = {};
    for (const [k, t] of [...this.kinds.entries()].sort()) byKind[k] = t.get();
    return { overall: this.overall.get(), nonLatent: this.nonLatent.get(), byKind };
  }
}

export function parseRecords(content: string): TimeEvalRecord[] {
  return content
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const r = recordSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`record ${i + 1}: ${r.error.message}`);
      return r.data;
    });
}

export async function runTimeEval(opts: { file: string; out: string }): Promise<{ report: string; summary: TimeEvalSummary }> {
  const records = parseRecords(await readFile(opts.file, 'utf8'));
  const ours = new Scorer();
  const base = new Scorer();
  const basePrecise = new Scorer();
  const even = new Tally();
  const odd = new Tally();
  const lines: string[] = [];
  records.forEach((rec, i) => {
    const mine = predictOurs(rec);
    const ok = isCorrect(rec, mine);
    ours.add(rec, ok);
    base.add(rec, isCorrect(rec, predictChrono(rec)));
    basePrecise.add(rec, isCorrect(rec, predictChrono(rec, true)));
    if (!rec.latent) (i % 2 === 0 ? even : odd).add(ok);
    lines.push(JSON.stringify(mine));
  });
  await writeFile(opts.out, lines.join('\n') + '\n');

  // Timing on warm passes (the first calls compile regexes, JIT the grammar and fill the
  // calendar caches): the median of three runs per record.
  const times: number[] = [];
  for (const rec of records) {
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      resolveTimes(rec.text, { now: rec.reference_time, zone: offsetOf(rec.reference_time) }, { latent: rec.latent });
      runs.push(performance.now() - t0);
    }
    times.push(runs.sort((a, b) => a - b)[1]!);
  }
  times.sort((a, b) => a - b);
  const q = (f: number): number => times[Math.min(times.length - 1, Math.floor(f * times.length))] ?? 0;
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);

  const o = ours.get();
  const c = base.get();
  const summary: TimeEvalSummary = {
    file: opts.file,
    records: records.length,
    ours: o,
    chrono: c,
    chronoAtPrecision: basePrecise.get(),
    split: { even: even.get(), odd: odd.get() },
    gainPoints: round2(100 * (o.nonLatent.accuracy - c.nonLatent.accuracy)),
    timing: { meanMs: round3(mean), p50Ms: round3(q(0.5)), p95Ms: round3(q(0.95)) },
  };
  return { report: formatReport(summary), summary };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pct(a: Accuracy): string {
  return `${(100 * a.accuracy).toFixed(1).padStart(5)}%  (${a.correct}/${a.total})`;
}

export function formatReport(s: TimeEvalSummary): string {
  const none: Accuracy = { correct: 0, total: 0, accuracy: 0 };
  const rows: [string, Accuracy, Accuracy, Accuracy][] = [
    ['overall', s.ours.overall, s.chrono.overall, s.chronoAtPrecision.overall],
    ['non-latent', s.ours.nonLatent, s.chrono.nonLatent, s.chronoAtPrecision.nonLatent],
    ...Object.keys(s.ours.byKind).map((k): [string, Accuracy, Accuracy, Accuracy] => [
      `kind: ${k}`,
      s.ours.byKind[k]!,
      s.chrono.byKind[k] ?? none,
      s.chronoAtPrecision.byKind[k] ?? none,
    ]),
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const out = [
    `Time-expression eval: ${s.file} (${s.records} records)`,
    '',
    `${'records'.padEnd(w)}  ${'TempoPilot'.padEnd(20)}  ${'chrono-node alone'.padEnd(20)}  chrono-node, stated precision`,
    ...rows.map(([name, a, b, c]) => `${name.padEnd(w)}  ${pct(a).padEnd(20)}  ${pct(b).padEnd(20)}  ${pct(c)}`),
    '',
    `gain over chrono-node (non-latent): ${s.gainPoints.toFixed(1)} points ` +
      `(${(100 * (s.ours.nonLatent.accuracy - s.chronoAtPrecision.nonLatent.accuracy)).toFixed(1)} over chrono read at stated precision)`,
    `non-latent accuracy by line parity: even ${pct(s.split.even)}, odd ${pct(s.split.odd)}`,
    `resolve time per record (warm): mean ${s.timing.meanMs} ms, p50 ${s.timing.p50Ms} ms, p95 ${s.timing.p95Ms} ms`,
  ];
  return out.join('\n');
}

export type { Grain };
