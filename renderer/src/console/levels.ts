/** The recent loudness of the microphone, for the waveform: one peak per 10 ms, the last 4 s. */
export class Levels {
  static readonly SAMPLES_PER_BAR = 160;
  readonly bars = new Float32Array(400);
  /** Where the next bar goes; the oldest bar is here too. */
  head = 0;

  push(pcm: Int16Array): void {
    for (let start = 0; start < pcm.length; start += Levels.SAMPLES_PER_BAR) {
      let peak = 0;
      for (let i = start; i < Math.min(start + Levels.SAMPLES_PER_BAR, pcm.length); i += 1) peak = Math.max(peak, Math.abs(pcm[i]!));
      this.bars[this.head] = peak / 32_768;
      this.head = (this.head + 1) % this.bars.length;
    }
  }

  clear(): void {
    this.bars.fill(0);
    this.head = 0;
  }
}
