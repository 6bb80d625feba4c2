/**
 * The AudioWorklet of the Voice Console: downmixes the microphone, downsamples it to 16 kHz and
 * posts 16-bit PCM chunks of 50 ms to the page, which streams them to the host. Built by Vite as
 * a same-origin file (`?worker&url`), so the page's CSP needs no `blob:`.
 */
import { Downsampler, downmix, toPcm16 } from './downsampler';
import { CHUNK_SAMPLES, type WorkletMessage } from './worklet-messages';

// The AudioWorklet global scope, which TypeScript's DOM library does not describe.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly downsampler = new Downsampler(sampleRate);
  private pending: Float32Array[] = [];
  private pendingLength = 0;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<WorkletMessage>) => {
      if (event.data.type === 'flush') {
        this.post(true);
        this.port.postMessage({ type: 'flushed' } satisfies WorkletMessage);
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    // No input connected yet (or the track ended): nothing to capture this block.
    if (!channels || channels.length === 0) return true;
    const samples = this.downsampler.push(downmix(channels));
    this.pending.push(samples);
    this.pendingLength += samples.length;
    if (this.pendingLength >= CHUNK_SAMPLES) this.post(false);
    return true;
  }

  private post(everything: boolean): void {
    const all = new Float32Array(this.pendingLength);
    let offset = 0;
    for (const part of this.pending) {
      all.set(part, offset);
      offset += part.length;
    }
    const cut = everything ? all.length : all.length - (all.length % CHUNK_SAMPLES);
    for (let start = 0; start < cut; start += CHUNK_SAMPLES) {
      const pcm = toPcm16(all.subarray(start, Math.min(start + CHUNK_SAMPLES, cut)));
      if (pcm.length > 0) this.port.postMessage({ type: 'chunk', pcm } satisfies WorkletMessage, [pcm.buffer]);
    }
    const rest = all.slice(cut);
    this.pending = [rest];
    this.pendingLength = rest.length;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
