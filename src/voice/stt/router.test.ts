import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiDouble, type OpenAiDouble } from '../../../tests/doubles/openai-transcription';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { useTempDirs } from '../../../tests/support/temp';
import type { MonoAudio } from '../audio';
import { readWav } from '../wav';
import { OpenAiSttEngine } from './openai-engine';
import { SttRouter } from './router';
import { WhisperEngine } from './whisper-engine';

const tempDir = useTempDirs();
const audio: MonoAudio = { sampleRate: 16_000, samples: Float32Array.from({ length: 16_000 }, (_, i) => 0.3 * Math.sin(i / 5)) };

let double: OpenAiDouble;
beforeAll(async () => {
  double = await startOpenAiDouble('sk-test-secret-key');
});
afterAll(() => double.close());
beforeEach(() => {
  double.reply = { text: 'Move my three PM with Dana to Thursday morning.' };
  double.delayMs = 0;
  double.requests.length = 0;
});

const cloud = () => new OpenAiSttEngine({ apiKey: double.apiKey, baseUrl: double.baseUrl });

describe('cloud transcription through the openai SDK, against a local double of the API', () => {
  it('uploads a 16 kHz WAV as multipart with model and language, and reads the JSON text', async () => {
    const transcript = await cloud().transcribe(audio);
    expect(transcript).toMatchObject({ text: 'Move my three PM with Dana to Thursday morning.', engine: 'cloud:whisper-1' });
    const request = double.requests[0]!;
    expect(request).toMatchObject({ model: 'whisper-1', language: 'en', responseFormat: 'json', fileName: 'command.wav', fileType: 'audio/wav', authorization: 'Bearer sk-test-secret-key' });
    const uploaded = readWav(request.file);
    expect(uploaded.sampleRate).toBe(16_000);
    expect(uploaded.channels[0]!.length).toBe(16_000);
  });

  it.each([
    [401, 'unauthorized', /refused the API key \(401\)/],
    [429, 'rate-limited', /rate-limiting this key \(429\)/],
    [500, 'stt-failed', /failed \(500\)/],
  ] as const)('turns %i into one line of our own, without the key', async (status, code, message) => {
    double.reply = { status };
    const error = (await cloud().transcribe(audio).catch((e: unknown) => e)) as Error & { code: string };
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(error.message).not.toMatch(/sk-|secret/);
  });

  it('refuses a wrong key with 401 and does not echo it', async () => {
    const wrong = new OpenAiSttEngine({ apiKey: 'sk-wrong-key-123', baseUrl: double.baseUrl });
    await expect(wrong.transcribe(audio)).rejects.toThrow(/^the cloud speech service refused the API key \(401\); check it in settings$/);
  });

  it('gives up at its time-out', async () => {
    double.delayMs = 1_000;
    const slow = new OpenAiSttEngine({ apiKey: double.apiKey, baseUrl: double.baseUrl, timeoutMs: 100 });
    await expect(slow.transcribe(audio)).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('the STT router', () => {
  it('uses the local engine alone when it is sure, and never calls the cloud', async () => {
    const local = new ScriptedSttEngine({ text: 'cancel my dentist appointment', confidence: 0.9 });
    const result = await new SttRouter({ local, cloud: cloud(), allowCloud: true }).transcribe(audio);
    expect(result).toMatchObject({ text: 'cancel my dentist appointment', engine: 'local:scripted' });
    expect(result.fallback).toBeUndefined();
    expect(double.requests).toHaveLength(0);
  });

  it('falls back to the cloud when there is no local model', async () => {
    const result = await new SttRouter({ cloud: cloud(), allowCloud: true, localMissingReason: 'no local speech model' }).transcribe(audio);
    expect(result).toMatchObject({ engine: 'cloud:whisper-1', fallback: { reason: 'local-missing', detail: 'no local speech model' } });
  });

  it('falls back to the cloud when the local model fails to load (a damaged file, the real engine)', async () => {
    const broken = path.join(tempDir(), 'broken.bin');
    writeFileSync(broken, 'damaged');
    const router = new SttRouter({ local: new WhisperEngine({ modelPath: broken }), cloud: cloud(), allowCloud: true });
    await router.warm();
    const result = await router.transcribe(audio);
    expect(result).toMatchObject({ engine: 'cloud:whisper-1', fallback: { reason: 'local-failed', detail: expect.stringMatching(/not a whisper.cpp model/) } });
  });

  it('falls back to the cloud when local decoding fails', async () => {
    const result = await new SttRouter({ local: new ScriptedSttEngine({ fail: 'decoder crashed' }), cloud: cloud(), allowCloud: true }).transcribe(audio);
    expect(result.fallback).toEqual({ reason: 'local-failed', detail: 'decoder crashed' });
  });

  it('asks the cloud too when local decoding runs past its budget, and takes the first answer', async () => {
    const slow = new ScriptedSttEngine({ text: 'late local text', confidence: 0.9, delayMs: 600 });
    const result = await new SttRouter({ local: slow, cloud: cloud(), allowCloud: true, localBudgetMs: 50 }).transcribe(audio);
    expect(result).toMatchObject({ engine: 'cloud:whisper-1', fallback: { reason: 'local-too-slow' } });

    double.delayMs = 800;
    const lateButFirst = new ScriptedSttEngine({ text: 'local after all', confidence: 0.9, delayMs: 150 });
    const second = await new SttRouter({ local: lateButFirst, cloud: cloud(), allowCloud: true, localBudgetMs: 50 }).transcribe(audio);
    expect(second).toMatchObject({ text: 'local after all', engine: 'local:scripted' });
  });

  it('checks an unsure local transcript with the cloud, and keeps it (marked) when the cloud fails', async () => {
    const unsure = new ScriptedSttEngine({ text: 'moof my tree pm', confidence: 0.2 });
    const checked = await new SttRouter({ local: unsure, cloud: cloud(), allowCloud: true }).transcribe(audio);
    expect(checked).toMatchObject({ engine: 'cloud:whisper-1', fallback: { reason: 'low-confidence', detail: 'local confidence 0.20' } });
    double.reply = { status: 500 };
    const kept = await new SttRouter({ local: unsure, cloud: cloud(), allowCloud: true }).transcribe(audio);
    expect(kept).toMatchObject({ text: 'moof my tree pm', lowConfidence: true });
  });

  it('never sends audio to the cloud without consent, whatever the local engine does', async () => {
    const failing = new SttRouter({ local: new ScriptedSttEngine({ fail: 'decoder crashed' }), cloud: cloud(), allowCloud: false });
    await expect(failing.transcribe(audio)).rejects.toThrow('decoder crashed');
    const unsure = await new SttRouter({ local: new ScriptedSttEngine({ text: 'maybe', confidence: 0.1, delayMs: 80 }), cloud: cloud(), allowCloud: false, localBudgetMs: 10 }).transcribe(audio);
    expect(unsure.text).toBe('maybe');
    await expect(new SttRouter({ cloud: cloud(), allowCloud: false, localMissingReason: 'no local speech model' }).transcribe(audio)).rejects.toThrow(
      'no local speech model, and cloud transcription is not allowed',
    );
    expect(double.requests).toHaveLength(0);
  });

  it('reports both failures in one line when the fallback fails too', async () => {
    double.reply = { status: 429 };
    await expect(new SttRouter({ local: new ScriptedSttEngine({ fail: 'decoder crashed' }), cloud: cloud(), allowCloud: true }).transcribe(audio)).rejects.toThrow(
      /^decoder crashed; the cloud fallback failed too: the cloud speech service is rate-limiting this key \(429\); try again shortly$/,
    );
  });
});
