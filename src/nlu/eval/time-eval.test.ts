import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../../tests/support/shared';
import { isCorrect, offsetOf, parseRecords, runTimeEval, type Prediction } from './time-eval';

const DEV = sharedDataFile('duckling-time-en.dev.jsonl');
const hasDev = existsSync(DEV);
if (!hasDev) console.warn(`time eval: ${DEV} is absent, the dev-set accuracy checks are skipped`);

describe('time eval scoring', () => {
  const rec = (over: object) =>
    parseRecords(JSON.stringify({ id: 'x', text: 't', kind: 'value', latent: false, reference_time: '2013-02-12T04:30:00-02:00', ...over }))[0]!;
  const pred = (over: Partial<Prediction>): Prediction => ({ id: 'x', found: true, text: 't', start: null, end: null, grain: null, ...over });

  it('compares instants, not strings', () => {
    const r = rec({ expected: { value: '2013-02-15T00:00:00.000-02:00', grain: 'day' } });
    expect(isCorrect(r, pred({ start: '2013-02-15T02:00:00.000Z' }))).toBe(true);
    expect(isCorrect(r, pred({ start: '2013-02-15T00:00:00.000Z' }))).toBe(false);
    expect(isCorrect(r, pred({ found: false }))).toBe(false);
  });

  it("accepts Duckling's grain-exclusive interval end and the plain end, nothing else", () => {
    const r = rec({
      kind: 'interval',
      expected: { from: { value: '2013-02-12T15:00:00.000-02:00', grain: 'hour' }, to: { value: '2013-02-12T17:00:00.000-02:00', grain: 'hour' } },
    });
    const start = '2013-02-12T15:00:00.000-02:00';
    expect(isCorrect(r, pred({ start, end: '2013-02-12T17:00:00.000-02:00' }))).toBe(true);
    expect(isCorrect(r, pred({ start, end: '2013-02-12T16:00:00.000-02:00' }))).toBe(true);
    expect(isCorrect(r, pred({ start, end: '2013-02-12T18:00:00.000-02:00' }))).toBe(false);
    expect(isCorrect(r, pred({ start, end: null }))).toBe(false);
  });

  it('scores negatives and open intervals', () => {
    expect(isCorrect(rec({ kind: 'negative' }), pred({ found: false }))).toBe(true);
    expect(isCorrect(rec({ kind: 'negative' }), pred({ start: '2013-02-12T00:00:00.000-02:00' }))).toBe(false);
    const before = rec({ kind: 'open_interval_before', expected: { to: { value: '2013-02-12T14:00:00.000-02:00', grain: 'minute' } } });
    expect(isCorrect(before, pred({ kind: 'open_before', end: '2013-02-12T14:00:00.000-02:00' }))).toBe(true);
    expect(offsetOf('2016-12-06T13:21:42+01:00')).toBe('+01:00');
  });
});

describe.skipIf(!hasDev)('time eval on the Duckling dev set', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reaches 0.90 non-latent accuracy and beats chrono-node alone by 15 points', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'time-eval-'));
    const out = path.join(dir, 'pred.jsonl');
    const { report, summary } = await runTimeEval({ file: DEV, out });
    console.log(report);
    expect(summary.ours.nonLatent.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.ours.nonLatent.accuracy - summary.chrono.nonLatent.accuracy).toBeGreaterThanOrEqual(0.15);
    expect(summary.ours.nonLatent.accuracy - summary.chronoAtPrecision.nonLatent.accuracy).toBeGreaterThanOrEqual(0.15);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(summary.records);
    const first = JSON.parse(lines[0]!) as Prediction;
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['id', 'found', 'text', 'start', 'end', 'grain']));
    expect(report).toContain('chrono-node');
  }, 120_000);
});
