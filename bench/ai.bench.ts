import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AiCallRecord } from '../src/ai/audit';
import { Redactor } from '../src/ai/privacy/redactor';
import type { LlmProvider, StreamPiece, StructuredReply } from '../src/ai/provider';
import { LlmRouter } from '../src/ai/router';
import { namesIn } from '../src/assistant/cloud-understanding';
import { parseCommand } from '../src/nlu/parse';
import { printTable, round, writeResults, type Timing } from './support';

/**
 * The router's own cost: privacy filter, prompt, JSON parsing, schema validation, span anchoring,
 * placeholder restoring, breaker and audit bookkeeping, with a provider that answers at once in
 * process. The network and the model are what remains of a real call.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const NOW = new Date('2026-03-04T09:00:00Z');
const ZONE = 'Europe/Berlin';

const sentences = readFileSync(path.resolve(here, '../../shared/data/slurp-calendar.dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { sentence: string }).sentence)
  // Personal data in every other input, so the filter has work to do.
  .map((sentence, k) => (k % 2 === 0 ? `${sentence} and cc dana@example.com or call +1 415-555-0134` : sentence));
const inputs = sentences.map((text) => {
  const local = parseCommand(text, { now: NOW, zone: ZONE });
  return { text, names: namesIn(local), answer: JSON.stringify({ ...local, confidence: 0.9 }) };
});

/** A provider that answers at once: the parser's reading of the original text, as a model would send it. */
let pending = '';
const instant: LlmProvider = {
  name: 'openai',
  model: 'gpt-4o-mini',
  structured: async (): Promise<StructuredReply> => ({ json: pending, usage: { inputTokens: 1_200, outputTokens: 200 }, model: 'gpt-4o-mini' }),
  async *streamText(): AsyncIterable<StreamPiece> {
    for (const piece of ['Your design ', 'sync with [PER', 'SON_1] is on ', 'Thursday at 10:00.']) yield { kind: 'text', text: piece };
    yield { kind: 'usage', usage: { inputTokens: 300, outputTokens: 20 } };
  },
};
const audit: AiCallRecord[] = [];
const router = new LlmRouter({ providers: [instant], cloud: 'full', audit: { record: (call) => audit.push(call) } });

/** Like `measure` in support.ts, for async work: one warm-up pass over every input, then `passes` timed ones. */
async function measureAsync<T>(name: string, items: readonly T[], work: (item: T) => Promise<unknown>, extra: Partial<Timing> = {}, passes = 3): Promise<Timing> {
  for (const item of items) await work(item);
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    for (const item of items) {
      const started = performance.now();
      await work(item);
      samples.push(performance.now() - started);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { name, runs: samples.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), ...extra };
}

const timings = [
  await measureAsync('understand: filter + validate + anchor + audit', inputs, (input) => {
    pending = input.answer;
    return router.understand({ text: input.text, now: NOW, zone: ZONE, names: input.names });
  }, { targetMs: 2 }),
  await measureAsync('chat: filter + streamed restore + audit', inputs, async (input) => {
    for await (const piece of router.chat({ question: input.text, facts: ['Thu 10:00 Design sync with Dana'], names: ['Dana', ...input.names] })) void piece;
  }, { targetMs: 2 }),
  await measureAsync('privacy filter alone (redact + restore)', inputs, async (input) => {
    const redactor = new Redactor(input.names);
    redactor.restore(redactor.redact(input.text).text);
  }),
];
printTable(`cloud router overhead, provider answering in process (${inputs.length} SLURP commands)`, timings);
writeResults(path.join(here, 'results', 'ai.json'), { benchmark: 'ai', params: { zone: ZONE, now: NOW.toISOString(), calls: audit.length }, timings });
