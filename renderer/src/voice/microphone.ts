import workletUrl from './capture-worklet.ts?worker&url';
import type { WorkletMessage } from './worklet-messages';

/** Why the microphone cannot be used, in terms the console can explain. */
export type MicrophoneProblem = 'denied' | 'no-microphone' | 'unsupported' | 'failed';

export class MicrophoneError extends Error {
  constructor(
    readonly problem: MicrophoneProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Raw speech: the browser's echo cancellation, noise suppression and automatic gain alter it
 * (the gain control clips loud speech), and the recognizer wants it as it was said.
 */
const CONSTRAINTS: MediaStreamConstraints = { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 } };

function classify(error: unknown): MicrophoneError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return new MicrophoneError('denied', 'Microphone access is blocked for this page.');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new MicrophoneError('no-microphone', 'No microphone was found.');
  return new MicrophoneError('failed', `The microphone could not be opened${error instanceof Error && error.message ? `: ${error.message}` : ''}.`);
}

/**
 * An open microphone feeding the capture worklet. The AudioContext is made only after
 * getUserMedia has answered: one made earlier (at page load, without a gesture) stays suspended
 * and captures nothing.
 */
export class Microphone {
  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
  ) {}

  static async open(onChunk: (pcm: Int16Array) => void): Promise<Microphone> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneError('unsupported', 'This browser gives this page no microphone (it needs http://127.0.0.1 or https).');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
    } catch (error) {
      throw classify(error);
    }
    const context = new AudioContext();
    try {
      await context.resume();
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
      node.port.onmessage = (event: MessageEvent<WorkletMessage>) => {
        if (event.data.type === 'chunk') onChunk(event.data.pcm);
      };
      context.createMediaStreamSource(stream).connect(node);
      return new Microphone(stream, context, node);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      void context.close();
      throw new MicrophoneError('failed', `Audio capture could not start: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  /** Resolves once every sample captured so far has reached `onChunk`. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      const done = (event: MessageEvent<WorkletMessage>) => {
        if (event.data.type !== 'flushed') return;
        this.node.port.removeEventListener('message', done);
        resolve();
      };
      this.node.port.addEventListener('message', done);
      this.node.port.postMessage({ type: 'flush' } satisfies WorkletMessage);
    });
  }

  close(): void {
    for (const track of this.stream.getTracks()) track.stop();
    this.node.disconnect();
    void this.context.close();
  }
}
