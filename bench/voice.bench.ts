import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticWhisperModel } from '../tests/doubles/synthetic-whisper-model';
import type { Turn } from '../src/assistant';
import { NOW, seededWeek, ZONE, type SeededWeek } from '../src/assistant/testing/seeded-week';
import type { Command as ParsedCommand } from '../src/nlu/command';
import { parseCommand } from '../src/nlu/parse';
import { concatSamples, SPEECH_RATE, type MonoAudio } from '../src/voice/audio';
import { finishVoiceCommand } from '../src/voice/listen/voice-command';
import { ListenSession } from '../src/voice/listen/listen-session';
import { MODEL_PATH_VARIABLE } from '../src/voice/models/model-manager';
import { SttRouter } from '../src/voice/stt/router';
import type { SttEngine } from '../src/voice/stt/engine';
import { WhisperEngine } from '../src/voice/stt/whisper-engine';
import { EspeakTts } from '../src/voice/tts/espeak-tts';
import { printTable, round, writeResults, type Timing } from './support';

/**
 * The voice path from key-up, per spoken command: key-up -> transcript, -> parsed command and ->
 * plan applied by the assistant (on the seeded week's cache, each change undone afterwards,
 * untimed), p50 and p95, for the local engine, with the decode started at key-up and with the
 * streaming path (chunks arrive in real time while the key is held; a pause starts the decode).
 * Commands are spoken by espeak-ng and resampled to 16 kHz. With TEMPO_WHISPER_MODEL set to a
 * real model, also the word error rate; models without real weights hear nothing meaningful, so
 * for them the stages after the transcript work on the sentence that was spoken.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const sharedModels = path.resolve(here, '../../shared/models');
/** People let go of the key a moment after they stop talking. */
const HELD_AFTER_SPEECH_MS = 600;
const CHUNK_MS = 20;

const COMMANDS = [
  'schedule lunch with priya tomorrow at noon',
  'move my three pm with dana to thursday morning',
  'cancel my dentist appointment',
  'what is on my calendar tomorrow',
  'block two hours of focus time on friday afternoon',
  'remind me to call mom at six',
  'add a team standup every weekday at nine',
  'push the design review to next monday',
  'when is my next meeting with alex',
  'make the budget meeting thirty minutes longer',
  'invite sam to the planning session',
  'find a free hour on wednesday',
  'rename the sync with marketing to launch prep',
  'remove jordan from the offsite',
  'book dinner with my parents on saturday evening',
  'what do i have next week',
  'move the gym session to seven in the morning',
  'undo that',
  'schedule a call with the bank on the fifth at ten',
  'delete the recurring one on one with lee',
];

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function timing(name: string, samples: number[], note: string): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, runs: samples.length, medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), note };
}

const SMALL_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d+)(st|nd|rd|th)\b/g, '$1')
    .replace(/\b(\d+)\b/g, (digits) => SMALL_NUMBERS[Number(digits)] ?? digits)
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Word error rate: word-level edit distance over the reference length. */
function wordErrors(reference: string, hypothesis: string): { errors: number; words: number } {
  const ref = words(reference);
  const hyp = words(hypothesis);
  let row = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= hyp.length; j += 1) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1)));
    row = next;
  }
  return { errors: row[hyp.length]!, words: ref.length };
}

interface Run {
  keyUpToTranscript: number[];
  keyUpToCommand: number[];
  keyUpToApplied: number[];
  applied: number;
  speculative: number;
  errors: number;
  words: number;
  heard: string[];
}

/**
 * A model without real weights decodes for real but hears noise; this engine keeps its decode
 * (and so its time) and hands the stages after it the sentence that was spoken.
 */
function hearingTheScript(engine: SttEngine, script: () => string): SttEngine {
  return {
    name: engine.name,
    warm: () => engine.warm(),
    close: () => engine.close(),
    async transcribe(audio, options) {
      const decoded = await engine.transcribe(audio, options);
      return { ...decoded, text: script() };
    },
  };
}

async function runCommands(engine: WhisperEngine, clips: readonly MonoAudio[], streaming: boolean, week: SeededWeek, meaningful: boolean): Promise<Run> {
  let index = 0;
  const local = meaningful ? engine : hearingTheScript(engine, () => COMMANDS[index]!);
  const router = new SttRouter({ local, allowCloud: false });
  const run: Run = { keyUpToTranscript: [], keyUpToCommand: [], keyUpToApplied: [], applied: 0, speculative: 0, errors: 0, words: 0, heard: [] };
  for (const [clipIndex, clip] of clips.entries()) {
    index = clipIndex;
    const session = new ListenSession(router, { speculate: streaming });
    const chunk = (SPEECH_RATE * CHUNK_MS) / 1000;
    const held = concatSamples([clip.samples, new Float32Array((SPEECH_RATE * HELD_AFTER_SPEECH_MS) / 1000)]);
    const started = performance.now();
    for (let i = 0, n = 0; i < held.length; i += chunk, n += 1) {
      session.push(held.subarray(i, i + chunk));
      if (streaming) {
        // Chunks arrive as the microphone delivers them, not faster.
        const due = started + (n + 1) * CHUNK_MS - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      }
    }
    const assistant = { apply: (_command: ParsedCommand, heard: string) => week.say(heard, { confirm: true }) };
    const result = await finishVoiceCommand<ParsedCommand, Turn>(session, (heard) => parseCommand(heard, { now: new Date(NOW), zone: ZONE }), assistant);
    const listened = result.kind === 'command' ? result.outcome.timings : result.timings;
    run.keyUpToTranscript.push(listened.keyUpToTranscriptMs);
    run.keyUpToCommand.push(result.kind === 'command' ? result.timings.keyUpToCommandMs : listened.keyUpToTranscriptMs);
    if (result.kind === 'command') {
      run.keyUpToApplied.push(result.timings.keyUpToAppliedMs!);
      if (result.applied?.outcome === 'applied') {
        run.applied += 1;
        week.store.undo();
      }
    }
    if (listened.speculative) run.speculative += 1;
    const heard = result.kind === 'command' ? result.outcome.transcript.text : '';
    run.heard.push(heard);
    const wer = wordErrors(COMMANDS[index]!, heard);
    run.errors += wer.errors;
    run.words += wer.words;
  }
  return run;
}

async function main(): Promise<void> {
  const tts = new EspeakTts();
  const clips: MonoAudio[] = [];
  for (const text of COMMANDS) clips.push(await tts.synthesize(text));
  const seconds = clips.map((c) => c.samples.length / SPEECH_RATE);
  console.log(`${clips.length} commands spoken by espeak-ng at 16 kHz, ${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)} s each (mean ${(seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(1)} s); key held ${HELD_AFTER_SPEECH_MS} ms after the speech`);

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-bench-'));
  const realModel = process.env[MODEL_PATH_VARIABLE];
  const engines: { label: string; path: string; note: string; real: boolean }[] = [];
  if (realModel) engines.push({ label: path.basename(realModel), path: realModel, note: 'real model', real: true });
  else console.log(`${MODEL_PATH_VARIABLE} is not set: no real model here, so no accuracy (WER) and no real-model timing. Set it to a ggml-tiny.en.bin to measure both.`);
  const testModel = path.join(sharedModels, 'for-tests-ggml-tiny.en.bin');
  if (existsSync(testModel)) {
    const synthetic = path.join(scratch, 'synthetic-tiny.en.bin');
    writeSyntheticWhisperModel(synthetic, { headerFrom: testModel });
    engines.push({ label: 'synthetic tiny.en', path: synthetic, note: 'random weights, tiny.en shapes: real compute, decoder runs to the 64-token cap; path, not accuracy', real: false });
    engines.push({ label: 'test tiny.en', path: testModel, note: 'whisper.cpp test model (no weights): path, not accuracy or speed', real: false });
  }

  const timings: Timing[] = [];
  const results: Record<string, unknown>[] = [];
  const week = seededWeek(scratch);
  try {
    for (const spec of engines) {
      const engine = new WhisperEngine({ modelPath: spec.path, label: spec.label });
      const loadStarted = performance.now();
      await engine.warm();
      const loadMs = performance.now() - loadStarted;
      for (const streaming of [false, true]) {
        const mode = streaming ? 'streaming' : 'decode at key-up';
        const run = await runCommands(engine, clips, streaming, week, spec.real);
        const note = `${spec.note}${streaming ? `; ${run.speculative}/${clips.length} decoded before key-up` : ''}`;
        timings.push(timing(`${spec.label}, ${mode}: key-up -> transcript`, run.keyUpToTranscript, note));
        timings.push(timing(`${spec.label}, ${mode}: key-up -> command`, run.keyUpToCommand, spec.real ? 'as heard' : 'the spoken sentence parsed'));
        timings.push(timing(`${spec.label}, ${mode}: key-up -> applied`, run.keyUpToApplied, `goal p50 < 600 ms; ${run.applied}/${run.keyUpToApplied.length} applied, the rest answered`));
        results.push({
          engine: spec.label,
          model: spec.path === testModel ? testModel : spec.real ? spec.path : 'synthetic',
          mode,
          modelLoadMs: round(loadMs),
          speculative: run.speculative,
          ...(spec.real && { wordErrorRate: round(run.errors / run.words, 4), transcripts: run.heard }),
        });
        if (spec.real) console.log(`${spec.label}, ${mode}: word error rate ${((100 * run.errors) / run.words).toFixed(1)}% over ${run.words} words`);
      }
      await engine.close();
    }
  } finally {
    week.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  printTable(`voice path from key-up (${clips.length} spoken commands, ${os.availableParallelism()} cores)`, timings);
  writeResults(path.join(here, 'results', 'voice.json'), {
    benchmark: 'voice',
    params: { commands: COMMANDS.length, heldAfterSpeechMs: HELD_AFTER_SPEECH_MS, chunkMs: CHUNK_MS, realModel: realModel ?? null },
    timings,
    runs: results,
  });
}

await main();
