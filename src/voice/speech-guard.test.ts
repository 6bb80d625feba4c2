import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/support';
import { concatSamples, SPEECH_RATE, type MonoAudio } from './audio';
import { DIDNT_CATCH, isNonSpeech, judgeInput, MICROPHONE_PROBLEM } from './speech-guard';
import { EspeakTts } from './tts/espeak-tts';

const rate = SPEECH_RATE;

function noise(seconds: number, dbfs: number, random: () => number): Float32Array {
  // Uniform noise in [-a, a] has RMS a/sqrt(3).
  const amplitude = Math.sqrt(3) * 10 ** (dbfs / 20);
  return Float32Array.from({ length: Math.round(seconds * rate) }, () => (2 * random() - 1) * amplitude);
}

function mix(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((value, i) => value + (b[i] ?? 0));
}

describe('the speech guard, on speech that espeak-ng generated', () => {
  let speech: MonoAudio;
  beforeAll(async () => {
    speech = await new EspeakTts().synthesize('schedule lunch with priya tomorrow at noon');
  });

  it.each([
    ['digital silence', -200],
    ['a quiet room (-60 dBFS noise)', -60],
    ['a noisy room (-40 dBFS noise)', -40],
  ])('trims padding of %s to the speech', (_, noiseDb) => {
    const random = seededRandom(7);
    const lead = 1.0;
    const tail = 0.8;
    const padded = concatSamples([new Float32Array(lead * rate), speech.samples, new Float32Array(tail * rate)]);
    const input = noiseDb > -150 ? mix(padded, noise(padded.length / rate, noiseDb, random)) : padded;
    const verdict = judgeInput({ sampleRate: rate, samples: input });
    expect(verdict.kind).toBe('speech');
    if (verdict.kind !== 'speech') return;
    const start = verdict.vad.span!.start / rate;
    const end = verdict.vad.span!.end / rate;
    const speechEnd = lead + speech.samples.length / rate;
    // Padding of 200 ms is kept on each side; espeak-ng's own clip has a little silence at its edges.
    expect(start).toBeGreaterThanOrEqual(lead - 0.25);
    expect(start).toBeLessThanOrEqual(lead + 0.15);
    expect(end).toBeLessThanOrEqual(speechEnd + 0.25);
    expect(end).toBeGreaterThanOrEqual(speechEnd - 0.4);
    expect(verdict.audio.samples.length).toBe(verdict.vad.span!.end - verdict.vad.span!.start);
  });

  it('hears nothing in noise alone, and says so without asking an engine', () => {
    const verdict = judgeInput({ sampleRate: rate, samples: noise(2, -45, seededRandom(3)) });
    expect(verdict).toMatchObject({ kind: 'no-speech', message: DIDNT_CATCH });
  });

  it('calls a flat input a microphone problem: zeros, or a constant offset', () => {
    expect(judgeInput({ sampleRate: rate, samples: new Float32Array(rate) })).toEqual({ kind: 'microphone-problem', message: MICROPHONE_PROBLEM });
    expect(judgeInput({ sampleRate: rate, samples: new Float32Array(rate).fill(0.2) }).kind).toBe('microphone-problem');
  });

  it('does not call one stray click speech', () => {
    const samples = new Float32Array(rate);
    samples.fill(0.8, 8_000, 8_160);
    expect(judgeInput({ sampleRate: rate, samples }).kind).toBe('no-speech');
  });

  it.each(['', '  ', '[BLANK_AUDIO]', ' (silence) ', '[Music] ♪', '*coughs*', '...'])('treats %j as no speech', (text) => {
    expect(isNonSpeech(text)).toBe(true);
  });

  it.each(['Move my 3pm to Thursday.', 'yes', '5'])('treats %j as speech', (text) => {
    expect(isNonSpeech(text)).toBe(false);
  });
});
