import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedModelFile } from '../../../tests/support/shared';
import { useTempDirs } from '../../../tests/support/temp';
import { writeSyntheticWhisperModel } from '../../../tests/doubles/synthetic-whisper-model';
import { toSpeechAudio } from '../audio';
import { readWav } from '../wav';
import { WhisperEngine } from './whisper-engine';

const tempDir = useTempDirs();
const realModel = process.env.TEMPO_WHISPER_MODEL;
if (!realModel) console.info('TEMPO_WHISPER_MODEL is not set: the recognition check on a real model is skipped (no real weights can be downloaded here).');
const engine = new WhisperEngine({ modelPath: sharedModelFile('for-tests-ggml-tiny.en.bin'), label: 'test-tiny' });
afterAll(() => engine.close());

describe('the local whisper engine (smart-whisper)', () => {
  it('loads the test model once and decodes jfk.wav without blocking the event loop', async () => {
    const started = performance.now();
    await engine.warm();
    const loadMs = performance.now() - started;
    await engine.warm();
    expect(engine.modelInfo).toMatchObject({ type: 'tiny', hasWeights: false });

    const audio = toSpeechAudio(readWav(readFileSync(sharedModelFile('jfk.wav'))));
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const transcript = await engine.transcribe(audio);
    clearInterval(timer);
    // The test model has no weights: whisper.cpp decodes it to nothing, which checks the path, not recognition.
    expect(transcript).toMatchObject({ text: '', engine: 'local:test-tiny' });
    expect(transcript.decodeMs).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(transcript.decodeMs / 20 / 4);
    expect(loadMs).toBeLessThan(2_000);
  }, 60_000);

  it.skipIf(!realModel)('recognizes jfk.wav with a real model (needs TEMPO_WHISPER_MODEL)', async () => {
    const real = new WhisperEngine({ modelPath: realModel!, label: 'real' });
    try {
      const transcript = await real.transcribe(toSpeechAudio(readWav(readFileSync(sharedModelFile('jfk.wav')))));
      expect(transcript.text.toLowerCase()).toMatch(/ask not what your country can do for you/);
      expect(transcript.confidence).toBeGreaterThan(0.5);
    } finally {
      await real.close();
    }
  }, 60_000);

  it('decodes a command shorter than one second, which whisper.cpp alone would drop', async () => {
    // Random weights of tiny.en's shapes decode to meaningless text: any text shows the clip was decoded.
    const model = path.join(tempDir(), 'synthetic-tiny.en.bin');
    writeSyntheticWhisperModel(model, { headerFrom: sharedModelFile('for-tests-ggml-tiny.en.bin') });
    const synthetic = new WhisperEngine({ modelPath: model, maxTokens: 4 });
    try {
      const short = { sampleRate: 16_000, samples: Float32Array.from({ length: 12_800 }, (_, i) => 0.3 * Math.sin(i / 7)) };
      const transcript = await synthetic.transcribe(short);
      expect(transcript.text.length).toBeGreaterThan(0);
      expect(transcript.confidence).toBeGreaterThan(0);
    } finally {
      await synthetic.close();
    }
  }, 60_000);

  it('turns a missing, foreign or truncated model into an error instead of crashing the process', async () => {
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.bin');
    writeFileSync(garbage, 'not a model at all');
    const truncated = path.join(dir, 'truncated.bin');
    writeFileSync(truncated, readFileSync(sharedModelFile('for-tests-ggml-tiny.en.bin')).subarray(0, 300_000));
    const silence = { sampleRate: 16_000, samples: new Float32Array(16_000) };
    await expect(new WhisperEngine({ modelPath: path.join(dir, 'absent.bin') }).transcribe(silence)).rejects.toThrow(/no model file at/);
    await expect(new WhisperEngine({ modelPath: garbage }).warm()).rejects.toThrow(/not a whisper.cpp model/);
    await expect(new WhisperEngine({ modelPath: truncated }).warm()).rejects.toThrow(/truncated or damaged/);
  });
});
