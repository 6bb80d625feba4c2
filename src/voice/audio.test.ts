import { describe, expect, it } from 'vitest';
import { downmix, resample, toSpeechAudio } from './audio';

function tone(seconds: number, frequency: number, rate: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

/** Error power against the ideal tone at the new rate, in dB relative to the tone, away from the edges. */
function errorDb(actual: Float32Array, frequency: number, rate: number, amplitude = 0.5): number {
  const margin = Math.round(rate * 0.05);
  let error = 0;
  let signal = 0;
  for (let i = margin; i < actual.length - margin; i += 1) {
    const ideal = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
    error += (actual[i]! - ideal) ** 2;
    signal += ideal ** 2;
  }
  return 10 * Math.log10(error / signal);
}

function levelDb(samples: Float32Array): number {
  const margin = Math.round(samples.length * 0.1);
  let sum = 0;
  for (let i = margin; i < samples.length - margin; i += 1) sum += samples[i]! ** 2;
  return 10 * Math.log10(sum / (samples.length - 2 * margin));
}

describe('resampling to 16 kHz', () => {
  it.each([48_000, 44_100, 22_050, 8_000])('keeps a 1 kHz tone from %i Hz within -60 dB of the ideal', (rate) => {
    const out = resample(tone(0.5, 1_000, rate), rate, 16_000);
    expect(out.length).toBe(8_000);
    expect(errorDb(out, 1_000, 16_000)).toBeLessThan(-60);
  });

  it('keeps speech-band tones up to 6 kHz', () => {
    expect(errorDb(resample(tone(0.5, 6_000, 48_000), 48_000, 16_000), 6_000, 16_000)).toBeLessThan(-40);
  });

  it('removes what lies above the new Nyquist frequency instead of folding it back', () => {
    // A 12 kHz tone would alias to 4 kHz, in the middle of the speech band.
    const input = tone(0.5, 12_000, 48_000);
    expect(levelDb(resample(input, 48_000, 16_000)) - levelDb(input)).toBeLessThan(-60);
  });

  it('keeps a constant level constant', () => {
    const out = resample(new Float32Array(4_410).fill(0.25), 44_100, 16_000);
    for (const value of out.subarray(100, out.length - 100)) expect(value).toBeCloseTo(0.25, 5);
  });

  it('downmixes stereo as the mean of the channels', () => {
    expect(downmix([Float32Array.of(1, 0.5), Float32Array.of(0, -0.5)])).toEqual(Float32Array.of(0.5, 0));
    const speech = toSpeechAudio({ sampleRate: 32_000, channels: [tone(0.5, 500, 32_000), tone(0.5, 500, 32_000)] });
    expect(speech.sampleRate).toBe(16_000);
    expect(errorDb(speech.samples, 500, 16_000)).toBeLessThan(-60);
  });
});
