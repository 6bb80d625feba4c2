import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElevenLabsDouble, type ElevenLabsDouble } from '../../../tests/doubles/elevenlabs';
import { judgeInput } from '../speech-guard';
import { ElevenLabsTts } from './elevenlabs-tts';
import { EspeakTts } from './espeak-tts';

let double: ElevenLabsDouble;
beforeAll(async () => {
  double = await startElevenLabsDouble('xi-secret-key');
});
afterAll(() => double.close());

describe('spoken replies', () => {
  it('speak locally through espeak-ng, as 16 kHz speech', async () => {
    const audio = await new EspeakTts().synthesize('Moved your dentist appointment to Friday at ten.');
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length / 16_000).toBeGreaterThan(1.5);
    expect(judgeInput(audio).kind).toBe('speech');
  });

  it('say plainly when espeak-ng is not installed', async () => {
    await expect(new EspeakTts({ command: 'espeak-ng-not-here' }).synthesize('hello')).rejects.toThrow('espeak-ng is not installed (Debian: apt-get install espeak-ng)');
  });

  it('speak through ElevenLabs as raw 16 kHz PCM, with the key in xi-api-key', async () => {
    const tts = new ElevenLabsTts({ apiKey: 'xi-secret-key', baseUrl: double.url, voiceId: 'voice/1' });
    const audio = await tts.synthesize('Done.');
    expect(double.requests).toEqual([{ voiceId: 'voice/1', outputFormat: 'pcm_16000', text: 'Done.', modelId: 'eleven_flash_v2_5' }]);
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.samples.length).toBe(5 * 960);
    expect(Math.max(...audio.samples)).toBeCloseTo(8_000 / 32_768, 3);
  });

  it('turn ElevenLabs failures into one line without the key', async () => {
    const wrong = new ElevenLabsTts({ apiKey: 'xi-wrong-key', baseUrl: double.url, voiceId: 'v' });
    const error = (await wrong.synthesize('Done.').catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('ElevenLabs refused the API key (401); check it in settings');
    double.rateLimited = true;
    await expect(new ElevenLabsTts({ apiKey: 'xi-secret-key', baseUrl: double.url, voiceId: 'v' }).synthesize('Done.')).rejects.toThrow(/rate-limiting this key \(429\)/);
    double.rateLimited = false;
    await expect(new ElevenLabsTts({ apiKey: 'xi-secret-key', baseUrl: 'http://127.0.0.1:9', voiceId: 'v' }).synthesize('Done.')).rejects.toThrow('cannot reach ElevenLabs');
  });
});
