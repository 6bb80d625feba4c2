import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../../../tests/doubles/model-server';
import { startOpenAiDouble, type OpenAiDouble } from '../../../tests/doubles/openai-transcription';
import { sharedModelFile } from '../../../tests/support/shared';
import { runCapturing as run } from '../../../tests/support/cli';
import { useTempDirs } from '../../../tests/support/temp';
import { concatSamples } from '../../voice/audio';
import { EspeakTts } from '../../voice/tts/espeak-tts';
import { writeWav } from '../../voice/wav';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../main';

const tempDir = useTempDirs();
const testModel = sharedModelFile('for-tests-ggml-tiny.en.bin');
/** whisper.cpp's test model lives in ../shared beside the checkout; without it these tests skip. */
const hasTestModel = existsSync(testModel);


const VARIABLES = ['TEMPO_WHISPER_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'TEMPO_ALLOW_CLOUD', 'TEMPO_MODELS_BASE_URL'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});
for (const name of VARIABLES) delete process.env[name];

let server: ModelServer;
let openai: OpenAiDouble;
let commandWav: string;
let shared: string;
const SPOKEN = 'schedule lunch with priya tomorrow at noon';
beforeAll(async () => {
  server = await startModelServer();
  openai = await startOpenAiDouble('sk-cli-test');
  const speech = await new EspeakTts().synthesize(SPOKEN);
  shared = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-test-'));
  commandWav = path.join(shared, 'command.wav');
  writeFileSync(commandWav, writeWav({ sampleRate: 16_000, channels: [concatSamples([new Float32Array(8_000), speech.samples, new Float32Array(8_000)])] }));
});
afterAll(async () => {
  await server.close();
  await openai.close();
  rmSync(shared, { recursive: true, force: true });
});

describe('tempopilot models', () => {
  it('lists the pinned models and says how to get one', async () => {
    const dir = tempDir();
    const text = await run('--data-dir', dir, 'models', 'list');
    expect(text.code).toBe(EXIT_OK);
    expect(text.stdout).toMatch(/ {2}tiny\.en {4}77\.7 MB {2}missing/);
    expect(text.stdout).toMatch(/No model in use: run `tempopilot models download tiny\.en`/);
    const json = JSON.parse((await run('--data-dir', dir, 'models', 'list', '--json')).stdout);
    expect(json.models.map((m: { name: string }) => m.name)).toEqual(['tiny.en', 'base.en']);
    expect(json.active).toBeNull();
  });

  it.skipIf(!hasTestModel)('keeps a short download as .partial, reports progress, and fails in one line', async () => {
    // The server holds a smaller file under the real name: the pinned size cannot be met.
    server.files.set('ggml-tiny.en.bin', { body: readFileSync(testModel) });
    const dir = tempDir();
    const result = await run('--data-dir', dir, 'models', 'download', 'tiny.en', '--base-url', server.url);
    expect(result.code).toBe(EXIT_FAILURE);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toMatch(/^ggml-tiny\.en\.bin: 0% 0\.0 MB of 77\.7 MB$/);
    expect(lines.at(-1)).toBe('tempopilot: the download stopped early at 586836 of 77704715 bytes; run it again to continue');
    expect(existsSync(path.join(dir, 'models', 'ggml-tiny.en.bin'))).toBe(false);
    expect(statSync(path.join(dir, 'models', 'ggml-tiny.en.bin.partial')).size).toBe(586_836);
    expect((await run('--data-dir', dir, 'models', 'list')).stdout).toMatch(/tiny\.en .* partial \(0\.6 MB of 77\.7 MB\)/);
  });

  it('refuses an unknown model name as a usage error', async () => {
    const result = await run('--data-dir', tempDir(), 'models', 'download', 'large-v9');
    expect(result).toMatchObject({ code: EXIT_USAGE, stderr: 'tempopilot: unknown model "large-v9"; choose one of tiny.en, base.en' });
  });

  it.skipIf(!hasTestModel)('uses a model file by path, verifies its structure, and refuses a file that is not a model', async () => {
    const dir = tempDir();
    expect((await run('--data-dir', dir, 'models', 'use', testModel)).stdout).toBe(`Using ${testModel} for local speech recognition.`);
    const verify = await run('--data-dir', dir, 'models', 'verify');
    expect(verify).toMatchObject({ code: EXIT_OK, stdout: 'ok   for-tests-ggml-tiny.en.bin: a whisper tiny.en model, structure intact, no weights (a test model: it decodes to nothing)' });
    const junk = path.join(dir, 'junk.bin');
    writeFileSync(junk, 'junk');
    const refused = await run('--data-dir', dir, 'models', 'use', junk);
    expect(refused.code).toBe(EXIT_FAILURE);
    expect(refused.stderr).toBe(`tempopilot: ${junk} is not a whisper.cpp model (no ggml header)`);
  });
});

describe('tempopilot listen', () => {
  it('goes from audio to a command through the cloud engine (the double returns the words the WAV was made from: this checks the path, not recognition)', async () => {
    process.env.OPENAI_API_KEY = 'sk-cli-test';
    process.env.OPENAI_BASE_URL = openai.baseUrl;
    openai.reply = { text: SPOKEN };
    const dir = tempDir();
    const text = await run('--data-dir', dir, '--tz', 'Europe/Berlin', 'listen', '--wav', commandWav, '--cloud');
    expect(text.code).toBe(EXIT_OK);
    expect(text.stdout).toMatch(/^heard: "schedule lunch with priya tomorrow at noon" {2}\(cloud:whisper-1, fallback: local-missing \(no local speech model/);
    expect(text.stdout).toMatch(/\nintent: create_event/);
    expect(text.stdout).toMatch(/\nlatency: read [\d.]+ ms · model load [\d.]+ ms \(before key-up\) · key-up→transcript [\d.]+ ms · understand [\d.]+ ms · key-up→command [\d.]+ ms · /);
    expect(text.stdout).toMatch(/\napplied: .*Lunch with priya/i);
    expect(text.stdout).toMatch(/plan\+apply [\d.]+ ms · key-up→done [\d.]+ ms/);
    // Trimmed before upload: the half second of silence on each side is mostly gone.
    const uploaded = openai.requests.at(-1)!.file.length;
    expect(uploaded).toBeLessThan(readFileSync(commandWav).length - 8_000 * 2);

    const json = JSON.parse((await run('--data-dir', tempDir(), '--tz', 'Europe/Berlin', 'listen', '--wav', commandWav, '--cloud', '--json')).stdout);
    expect(json).toMatchObject({ applied: true, result: { kind: 'command', command: { intent: 'create_event', subject: { text: 'lunch with priya' } }, outcome: { transcript: { text: SPOKEN } } } });
    expect(json.result.timings.keyUpToCommandMs).toBeGreaterThan(0);
  });

  it('never calls the cloud without --cloud (or TEMPO_ALLOW_CLOUD=1), and says why there is nothing to use', async () => {
    process.env.OPENAI_API_KEY = 'sk-cli-test';
    process.env.OPENAI_BASE_URL = openai.baseUrl;
    const before = openai.requests.length;
    const result = await run('--data-dir', tempDir(), 'listen', '--wav', commandWav);
    expect(result).toMatchObject({ code: EXIT_FAILURE, stderr: 'tempopilot: no local speech model (run `tempopilot models download tiny.en`), and cloud transcription is not allowed' });
    expect(openai.requests.length).toBe(before);
  });

  it.skipIf(!hasTestModel)('runs the local engine on the test model and answers "I didn\'t catch that" to its empty transcript', async () => {
    process.env.TEMPO_WHISPER_MODEL = testModel;
    const result = await run('--data-dir', tempDir(), 'listen', '--wav', commandWav, '--json');
    expect(result.code).toBe(EXIT_OK);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ result: { kind: 'no-speech', message: "I didn't catch that." }, model: { path: testModel, hasWeights: false } });
    expect(json.note).toMatch(/has no weights/);
  }, 60_000);

  const refusals: [string, () => string, number, RegExp][] = [
    ['a file that is not audio', () => path.resolve('package.json'), EXIT_USAGE, /^tempopilot: not a WAV file \(no RIFF\/WAVE header\)$/],
    ['a truncated WAV', () => {
      const file = path.join(tempDir(), 'cut.wav');
      writeFileSync(file, readFileSync(commandWav).subarray(0, 5_000));
      return file;
    }, EXIT_USAGE, /^tempopilot: truncated WAV: the data chunk declares \d+ bytes but only 4956 are present$/],
    ['a missing file', () => '/no/such/file.wav', EXIT_USAGE, /^tempopilot: --wav: no such file "\/no\/such\/file.wav"$/],
    ['a flat recording (a dead microphone)', () => {
      const file = path.join(tempDir(), 'flat.wav');
      writeFileSync(file, writeWav({ sampleRate: 16_000, channels: [new Float32Array(16_000)] }));
      return file;
    }, EXIT_FAILURE, /^tempopilot: No sound is reaching TempoPilot: the input is flat/],
    ['a missing model', () => commandWav, EXIT_FAILURE, /^tempopilot: no model file at \/no\/model\.bin$/],
  ];
  it.each(refusals)('refuses %s in one line', async (what, file, code, message) => {
    if (what === 'a missing model') process.env.TEMPO_WHISPER_MODEL = '/no/model.bin';
    const result = await run('--data-dir', tempDir(), 'listen', '--wav', file());
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(1);
  });
});
