/**
 * Streaming band-limited resampling of microphone audio to the host's 16 kHz: each output sample
 * is a windowed-sinc interpolation of the input with the cutoff below the new Nyquist frequency,
 * so what lies above 8 kHz is filtered out rather than folded into speech. It runs inside the
 * AudioWorklet on 128-frame blocks, so it keeps the tail of each block for the next.
 */
export class Downsampler {
  private readonly step: number;
  private readonly halfWidth: number;
  private readonly cutoff: number;
  private buffer: Float32Array;
  private filled: number;
  /** Where the next output sample falls, in input samples from the start of the buffer. */
  private next: number;

  constructor(
    readonly fromRate: number,
    readonly toRate = 16_000,
    /** Zero crossings of the sinc on each side: more is a sharper filter and more work. */
    zeroCrossings = 8,
  ) {
    if (!(fromRate >= toRate)) throw new Error(`cannot downsample ${fromRate} Hz to ${toRate} Hz`);
    this.step = fromRate / toRate;
    // 0.9 of the new Nyquist: the transition band ends below it, so nothing aliases into speech.
    this.cutoff = (0.9 * toRate) / fromRate / 2;
    this.halfWidth = Math.ceil(zeroCrossings / (2 * this.cutoff));
    this.buffer = new Float32Array(4 * this.halfWidth + 1024);
    // Silence before the first sample, so the first output is centred on it.
    this.filled = this.halfWidth;
    this.next = this.halfWidth;
  }

  /** Adds input and returns the 16 kHz samples it completes. */
  push(input: Float32Array): Float32Array {
    this.append(input);
    const out: number[] = [];
    while (this.next + this.halfWidth < this.filled) {
      out.push(this.sampleAt(this.next));
      this.next += this.step;
    }
    this.discardBefore(Math.floor(this.next) - this.halfWidth);
    return Float32Array.from(out);
  }

  private sampleAt(t: number): number {
    const centre = Math.floor(t);
    let sum = 0;
    let weights = 0;
    for (let i = centre - this.halfWidth + 1; i <= centre + this.halfWidth; i += 1) {
      const x = i - t;
      const weight = sinc(2 * this.cutoff * x) * blackman(x / (this.halfWidth + 1));
      sum += this.buffer[i]! * weight;
      weights += weight;
    }
    // Normalised so a constant input stays exactly constant (the DC gain is 1).
    return weights === 0 ? 0 : sum / weights;
  }

  private append(input: Float32Array): void {
    if (this.filled + input.length > this.buffer.length) {
      const bigger = new Float32Array(Math.max(this.buffer.length * 2, this.filled + input.length));
      bigger.set(this.buffer.subarray(0, this.filled));
      this.buffer = bigger;
    }
    this.buffer.set(input, this.filled);
    this.filled += input.length;
  }

  private discardBefore(index: number): void {
    if (index <= 0) return;
    this.buffer.copyWithin(0, index, this.filled);
    this.filled -= index;
    this.next -= index;
  }
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/** The Blackman window over -1..1. */
function blackman(x: number): number {
  if (x <= -1 || x >= 1) return 0;
  const phase = Math.PI * (x + 1);
  return 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
}

/** Averages the channels of one block into one (stereo microphones, or two identical channels). */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const mono = new Float32Array(channels[0]?.length ?? 0);
  for (const channel of channels) for (let i = 0; i < mono.length; i += 1) mono[i]! += channel[i]! / channels.length;
  return mono;
}

/** Float samples (-1..1) to 16-bit PCM, clipped. */
export function toPcm16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) pcm[i] = Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32_767);
  return pcm;
}
