import { describe, expect, it } from 'vitest';
import { Downsampler, downmix, toPcm16 } from './downsampler';

const tone = (hz: number, rate: number, seconds: number) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
}

/** Pushes audio in 128-frame blocks, as an AudioWorklet delivers it. */
function inBlocks(downsampler: Downsampler, input: Float32Array): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += 128) parts.push(...downsampler.push(input.subarray(i, i + 128)));
  return Float32Array.from(parts);
}

describe('downsampling the microphone to 16 kHz', () => {
  it.each([48_000, 44_100, 22_050, 16_000])('keeps speech-band tones from %i Hz, at the right length', (rate) => {
    const out = inBlocks(new Downsampler(rate), tone(440, rate, 1));
    expect(Math.abs(out.length - 16_000)).toBeLessThan(40);
    // Away from the edges, a 440 Hz tone of amplitude 0.5 keeps its level.
    expect(rms(out.subarray(800, 15_000))).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('filters out what lies above 8 kHz instead of folding it into speech', () => {
    const out = inBlocks(new Downsampler(48_000), tone(12_000, 48_000, 1));
    expect(rms(out.subarray(800, 15_000))).toBeLessThan(0.01);
  });

  it('gives the same samples in blocks as in one piece', () => {
    const input = tone(300, 44_100, 0.5);
    const whole = new Downsampler(44_100).push(input);
    const blocks = inBlocks(new Downsampler(44_100), input);
    expect(blocks.length).toBe(whole.length);
    // Within a 16-bit step: only the rounding of the running position differs.
    expect(Math.max(...blocks.map((v, i) => Math.abs(v - whole[i]!)))).toBeLessThan(1 / 32_768);
  });

  it('downmixes channels and converts to clipped 16-bit PCM', () => {
    expect(Array.from(downmix([Float32Array.of(1, 0), Float32Array.of(0, 0.5)]))).toEqual([0.5, 0.25]);
    expect(Array.from(toPcm16(Float32Array.of(0, 0.5, 1.5, -2)))).toEqual([0, 16_384, 32_767, -32_767]);
  });
});
