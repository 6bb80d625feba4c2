import { concatSamples, int16ToFloat, SPEECH_RATE, type MonoAudio } from '../audio';
import { DIDNT_CATCH, isNonSpeech, judgeInput } from '../speech-guard';
import type { RoutedTranscript, SttRouter } from '../stt/router';
import { detectSpeech, FRAME_MS, frameEnergies, type SpeechSpan } from '../vad';

export type ListenOutcome =
  | { kind: 'transcript'; transcript: RoutedTranscript; timings: ListenTimings }
  | { kind: 'no-speech'; message: string; timings: ListenTimings; heard?: string }
  | { kind: 'microphone-problem'; message: string; timings: ListenTimings };

export interface ListenTimings {
  /** Audio held while the key was down. */
  audioMs: number;
  /** The speech inside it, after trimming. */
  speechMs: number;
  /** From key-up until the transcript was there: what the user waits for. */
  keyUpToTranscriptMs: number;
  /** True when the transcript came from a decode started during a pause before key-up. */
  speculative: boolean;
}

export interface ListenSessionOptions {
  /** Decode during a pause while the key is still held, so key-up finds the work done. */
  speculate?: boolean;
  /** The pause (after speech) that starts a speculative decode. */
  pauseMs?: number;
  onPartial?: (text: string) => void;
}

/**
 * Two trims of the same speech differ a little as the noise floor settles (a quiet tail may join
 * the speech); speech said after a pause moves the end by at least the pause. Within this, a
 * decode made during the pause stands for the final clip.
 */
const SAME_SPAN_SAMPLES = (200 * SPEECH_RATE) / 1000;

interface Speculation {
  span: SpeechSpan;
  result: Promise<RoutedTranscript | undefined>;
  settled: boolean;
}

/**
 * One push-to-talk utterance. Chunks of 16 kHz mono PCM arrive while the key is held; the
 * engine is warmed at hotkey-down; at each pause after speech the speech so far is decoded in
 * the background, and at key-up that decode is used when no speech came after it. Nothing is
 * sent to an engine when the input is dead or holds no speech.
 */
export class ListenSession {
  private readonly chunks: Float32Array[] = [];
  private length = 0;
  private energies: number[] = [];
  private pending = new Float32Array(0);
  private speculation: Speculation | undefined;
  private readonly warming: Promise<void>;

  constructor(
    private readonly router: SttRouter,
    private readonly options: ListenSessionOptions = {},
  ) {
    // Hotkey-down: load the model now, never after key-up. A failure resurfaces in the router.
    this.warming = router.warm().catch(() => undefined);
  }

  push(chunk: Float32Array | Int16Array): void {
    const samples = chunk instanceof Int16Array ? int16ToFloat(chunk) : chunk;
    this.chunks.push(samples);
    this.length += samples.length;
    // Energies are kept per whole frame; the remainder waits for the next chunk.
    const frames = concatSamples([this.pending, samples]);
    const whole = frames.length - (frames.length % ((FRAME_MS * SPEECH_RATE) / 1000));
    this.energies.push(...frameEnergies(frames.subarray(0, whole), SPEECH_RATE));
    this.pending = frames.slice(whole);
    if (this.options.speculate) this.maybeSpeculate();
  }

  private maybeSpeculate(): void {
    const report = detectSpeech(this.energies, SPEECH_RATE, this.length);
    if (!report.span || report.trailingSilenceMs < (this.options.pauseMs ?? 400)) return;
    // One decode at a time: two would share the same cores and both arrive late.
    if (this.speculation && (!this.speculation.settled || Math.abs(this.speculation.span.end - report.span.end) <= SAME_SPAN_SAMPLES)) return;
    const audio = { sampleRate: SPEECH_RATE, samples: this.samples().slice(report.span.start, report.span.end) };
    const speculation: Speculation = { span: report.span, result: Promise.resolve(undefined), settled: false };
    speculation.result = this.warming
      .then(() => this.router.transcribe(audio, { onPartial: this.options.onPartial }))
      .catch(() => undefined)
      .finally(() => {
        speculation.settled = true;
      });
    this.speculation = speculation;
  }

  private samples(): Float32Array {
    const all = concatSamples(this.chunks);
    this.chunks.splice(0, this.chunks.length, all);
    return all;
  }

  /** Key-up: the transcript of what was said, or why there is none. */
  async finish(): Promise<ListenOutcome> {
    const keyUp = performance.now();
    const audio: MonoAudio = { sampleRate: SPEECH_RATE, samples: this.samples() };
    const verdict = judgeInput(audio);
    const timings = (speechMs: number, speculative = false): ListenTimings => ({
      audioMs: (audio.samples.length / SPEECH_RATE) * 1000,
      speechMs,
      keyUpToTranscriptMs: performance.now() - keyUp,
      speculative,
    });
    if (verdict.kind === 'microphone-problem') return { kind: 'microphone-problem', message: verdict.message, timings: timings(0) };
    if (verdict.kind === 'no-speech') return { kind: 'no-speech', message: verdict.message, timings: timings(0) };

    const span = verdict.vad.span!;
    const speechMs = (verdict.audio.samples.length / SPEECH_RATE) * 1000;
    let transcript: RoutedTranscript | undefined;
    let speculative = false;
    if (this.speculation && Math.abs(this.speculation.span.start - span.start) <= SAME_SPAN_SAMPLES && Math.abs(this.speculation.span.end - span.end) <= SAME_SPAN_SAMPLES) {
      transcript = await this.speculation.result;
      speculative = transcript !== undefined;
    }
    if (!transcript) {
      await this.warming;
      transcript = await this.router.transcribe(verdict.audio, { onPartial: this.options.onPartial });
    }
    if (isNonSpeech(transcript.text)) return { kind: 'no-speech', message: DIDNT_CATCH, heard: transcript.text, timings: timings(speechMs, speculative) };
    return { kind: 'transcript', transcript, timings: timings(speechMs, speculative) };
  }
}
