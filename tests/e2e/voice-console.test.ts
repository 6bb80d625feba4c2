/**
 * The Voice Console end to end, in real Chromium (Debian's, driven by playwright-core) against
 * the real web face: the fake microphone plays a WAV that espeak-ng made, the REAL push-to-talk
 * button is held with the mouse, getUserMedia + the AudioWorklet capture and downsample it, the
 * host receives 16 kHz PCM over the WebSocket, transcribes it, plans, and Confirm applies it.
 *
 * What it proves: the capture and transport path, the host's voice API, the plan/confirm flow and
 * the UI's states. What it does not: recognition. No real whisper weights exist here
 * (FACTS.md), so speech-to-text is the cloud path pointed at the local OpenAI transcription
 * double, which answers with the sentence the WAV was made from. The double does check that what
 * it was sent is the WAV's speech (16 kHz mono, loud, and the same loudness envelope).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../src/app/host';
import { defaultSpeechEngines } from '../../src/app/voice/speech-engines';
import { startWebFace, type WebFace } from '../../src/app/web-face';
import { toSpeechAudio, SPEECH_RATE } from '../../src/voice/audio';
import { MICROPHONE_PROBLEM } from '../../src/voice/speech-guard';
import { readWav, writeWav } from '../../src/voice/wav';
import { startOpenAiDouble, type OpenAiDouble } from '../doubles/openai-transcription';
import { repoRoot } from '../support/shared';
import { useTempDirs } from '../support/temp';

const CHROMIUM = '/usr/bin/chromium';
const SENTENCE = 'schedule lunch with Priya tomorrow at noon';
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'voice-console');
const tempDir = useTempDirs();

function chromiumArgs(wav: string): string[] {
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    // %noloop: play the file once (from getUserMedia on), then silence.
    `--use-file-for-fake-audio-capture=${wav}%noloop`,
  ];
}

/** The sentence as espeak-ng says it (22.05 kHz, 16-bit), with silence around it as a person leaves. */
function speechWav(dir: string): { file: string; seconds: number } {
  const raw = path.join(dir, 'raw.wav');
  execFileSync('espeak-ng', ['-w', raw, SENTENCE]);
  const spoken = readWav(readFileSync(raw));
  const pad = (seconds: number) => new Float32Array(Math.round(seconds * spoken.sampleRate));
  const samples = Float32Array.from([...pad(0.8), ...spoken.channels[0]!, ...pad(0.6)]);
  const file = path.join(dir, 'speech.wav');
  writeFileSync(file, writeWav({ sampleRate: spoken.sampleRate, channels: [samples] }));
  return { file, seconds: samples.length / spoken.sampleRate };
}

/** A 16-bit WAV of exact zeros: what a dead or muted microphone delivers. */
function silentWav(dir: string): string {
  const file = path.join(dir, 'silent.wav');
  writeFileSync(file, writeWav({ sampleRate: 48_000, channels: [new Float32Array(48_000 * 4)] }));
  return file;
}

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
}

/** Loudness per 10 ms frame. */
function envelope(samples: Float32Array): number[] {
  const frame = SPEECH_RATE / 100;
  const frames: number[] = [];
  for (let i = 0; i + frame <= samples.length; i += frame) frames.push(rms(samples.subarray(i, i + frame)));
  return frames;
}

/** The best Pearson correlation of `part` against `whole` over every alignment. */
function bestCorrelation(part: number[], whole: number[]): number {
  let best = -1;
  for (let lag = -part.length + 20; lag < whole.length - 20; lag += 1) {
    const pairs: [number, number][] = [];
    part.forEach((value, i) => {
      const other = whole[i + lag];
      if (other !== undefined) pairs.push([value, other]);
    });
    if (pairs.length < part.length * 0.8) continue;
    const mean = (k: 0 | 1) => pairs.reduce((s, p) => s + p[k], 0) / pairs.length;
    const [ma, mb] = [mean(0), mean(1)];
    let num = 0, da = 0, db = 0;
    for (const [a, b] of pairs) {
      num += (a - ma) * (b - mb);
      da += (a - ma) ** 2;
      db += (b - mb) ** 2;
    }
    best = Math.max(best, num / Math.sqrt(da * db));
  }
  return best;
}

/** The renderer as `npm run build` makes it: Vite follows NODE_ENV, which vitest sets to "test". */
async function buildRenderer(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

async function holdTalkButton(page: Page, whileHeld: () => Promise<void>): Promise<void> {
  const box = (await page.getByRole('button', { name: /hold to talk/i }).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  try {
    await whileHeld();
  } finally {
    await page.mouse.up();
  }
}

/** Waits until the console has captured this much audio (its status counts the seconds sent). */
async function recordedAtLeast(page: Page, seconds: number): Promise<void> {
  const recorded = async () => Number(/Listening… ([\d.]+) s/.exec((await page.getByTestId('voice-status').textContent({ timeout: 1_000 })) ?? '')?.[1] ?? 0);
  await expect.poll(recorded, { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(seconds);
}

describe('the Voice Console in Chromium', () => {
  let staticDir: string;
  let openAi: OpenAiDouble;
  const running: { browser?: Browser; face?: WebFace; host?: Host }[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium); CI installs it`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Built once for both tests, so not in a per-test temp folder.
    staticDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-renderer-'));
    await buildRenderer(staticDir);
    openAi = await startOpenAiDouble();
    openAi.reply = { text: SENTENCE };
  }, 60_000);

  afterAll(async () => {
    for (const { browser, face, host } of running) {
      await browser?.close();
      await face?.close();
      host?.close();
    }
    await openAi?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  /** The real web face over a fresh cache, its speech going to the cloud path (the double). */
  async function open(wav: string): Promise<Page> {
    const dataDir = tempDir();
    const env = { OPENAI_API_KEY: openAi.apiKey, OPENAI_BASE_URL: openAi.baseUrl, TEMPO_ALLOW_CLOUD: '1' };
    const host = createHost({ dataDir, timeZone: 'UTC', speechEngines: () => defaultSpeechEngines(dataDir, env) });
    const face = await startWebFace(host, { staticDir });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs(wav) });
    running.push({ browser, face, host });
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    await page.goto(face.url);
    await expect.poll(() => page.getByTestId('engine-state').textContent({ timeout: 1_000 }), { timeout: 10_000 }).toContain('ready (cloud:whisper-1)');
    return page;
  }

  it('captures the spoken command, shows the transcript and the plan, and Confirm puts it on the agenda', async () => {
    const dir = tempDir();
    const speech = speechWav(dir);
    const page = await open(speech.file);
    await page.screenshot({ path: path.join(SCREENSHOTS, '01-idle.png') });

    await holdTalkButton(page, async () => {
      await recordedAtLeast(page, speech.seconds / 2);
      await page.screenshot({ path: path.join(SCREENSHOTS, '02-recording.png') });
      await recordedAtLeast(page, speech.seconds);
    });

    await expect.poll(() => page.getByTestId('planned-action').textContent({ timeout: 1_000 }), { timeout: 15_000 }).toMatch(/^Add 'Lunch with Priya' \w{3} 12:00–13:00$/);
    expect(await page.getByTestId('transcript').textContent()).toBe(SENTENCE);
    await page.screenshot({ path: path.join(SCREENSHOTS, '03-planned.png') });

    // What reached the host, as the cloud engine uploaded it: 16 kHz mono speech, the WAV's own.
    expect(openAi.requests).toHaveLength(1);
    const uploaded = readWav(openAi.requests[0]!.file);
    expect(uploaded.sampleRate).toBe(16_000);
    expect(uploaded.channels).toHaveLength(1);
    const heard = uploaded.channels[0]!;
    expect(rms(heard)).toBeGreaterThan(0.02);
    const source = toSpeechAudio(readWav(readFileSync(speech.file))).samples;
    expect(bestCorrelation(envelope(heard), envelope(source))).toBeGreaterThan(0.9);

    // Nothing is applied before Confirm.
    expect(await page.getByRole('list', { name: "Tomorrow's events" }).count()).toBe(0);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('applied').textContent({ timeout: 1_000 }), { timeout: 10_000 }).toMatch(/^Added 'Lunch with Priya'/);
    await expect.poll(() => page.getByRole('list', { name: "Tomorrow's events" }).textContent({ timeout: 1_000 }), { timeout: 10_000 }).toContain('12:00–13:00 Lunch with Priya');
    await page.screenshot({ path: path.join(SCREENSHOTS, '04-applied.png') });

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('voice-status').locator('..').textContent({ timeout: 1_000 }), { timeout: 10_000 }).toContain("Undid: Added 'Lunch with Priya'");
    // The agenda reloads on the host's change event, which may land after the Undo answer.
    await expect.poll(() => page.getByRole('list', { name: "Tomorrow's events" }).count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '05-undone.png') });
  }, 90_000);

  it('says the microphone delivers nothing when the input is all zeros', async () => {
    const page = await open(silentWav(tempDir()));
    const uploadsBefore = openAi.requests.length;
    await holdTalkButton(page, async () => {
      await recordedAtLeast(page, 1.6);
      await expect.poll(() => page.getByTestId('dead-input').isVisible(), { timeout: 5_000 }).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, '06-dead-input-live.png') });
    });
    await expect.poll(() => page.getByTestId('microphone-problem').textContent({ timeout: 1_000 }), { timeout: 10_000 }).toBe(MICROPHONE_PROBLEM);
    await page.screenshot({ path: path.join(SCREENSHOTS, '07-microphone-problem.png') });
    // A dead input never reaches an engine.
    expect(openAi.requests.length).toBe(uploadsBefore);
  }, 60_000);
});
