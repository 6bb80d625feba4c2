import type { DecodedAudio } from './wav';

/** What every speech engine takes: 16 kHz mono, float samples in [-1, 1]. */
export const SPEECH_RATE = 16_000;

export interface MonoAudio {
  sampleRate: number;
  samples: Float32Array;
}

export function durationMs(audio: MonoAudio): number {
  return (audio.samples.length / audio.sampleRate) * 1000;
}

/** The mean of the channels: a downmix that keeps speech level for centred (mono-like) sources. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) {
    for (let i = 0; i < out.length; i += 1) out[i]! += channel[i]!;
  }
  for (let i = 0; i < out.length; i += 1) out[i]! /= channels.length;
  return out;
}

/** Zero crossings of the sinc on each side: the filter's length, traded against its steepness. */
const ZERO_CROSSINGS = 24;
/** The cut-off sits a little below the lower Nyquist frequency, so the transition band folds nothing back. */
const ROLL_OFF = 0.94;

function blackman(u: number): number {
  return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
}

/**
 * Band-limited resampling by a Blackman-windowed sinc evaluated at each output instant (any ratio,
 * no intermediate rate). When going down, the kernel widens so that it also low-passes below the
 * new Nyquist frequency, which keeps what is above it from aliasing into the speech band.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples;
  const ratio = toRate / fromRate;
  const cutoff = 0.5 * Math.min(1, ratio) * ROLL_OFF;
  const halfWidth = Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
  const out = new Float32Array(Math.round(samples.length * ratio));
  for (let n = 0; n < out.length; n += 1) {
    const t = n / ratio;
    const first = Math.max(0, Math.floor(t) - halfWidth + 1);
    const last = Math.min(samples.length - 1, Math.floor(t) + halfWidth);
    let sum = 0;
    let weight = 0;
    for (let k = first; k <= last; k += 1) {
      const distance = t - k;
      const x = 2 * cutoff * distance;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = sinc * blackman(distance / halfWidth);
      sum += samples[k]! * w;
      weight += w;
    }
    // Dividing by the kernel's own sum keeps a constant signal constant at every fractional phase.
    out[n] = weight === 0 ? 0 : sum / weight;
  }
  return out;
}

/** Any decoded audio as what the speech engines take: mono, 16 kHz. */
export function toSpeechAudio(audio: DecodedAudio): MonoAudio {
  return { sampleRate: SPEECH_RATE, samples: resample(downmix(audio.channels), audio.sampleRate, SPEECH_RATE) };
}

export function int16ToFloat(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i += 1) out[i] = pcm[i]! / 32_768;
  return out;
}

export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
