import { createRequire } from 'node:module';
import os from 'node:os';
import type { Binding, TranscribeDetailedResult, TranscribeParams } from 'smart-whisper';
import { SPEECH_RATE, type MonoAudio } from '../audio';
import { VoiceError } from '../errors';
import { inspectWhisperModel, type WhisperModelInfo } from '../models/ggml-file';
import type { SttEngine, Transcript, TranscribeOptions } from './engine';

type NativeBinding = typeof Binding;
type NativeModel = InstanceType<NativeBinding['WhisperModel']>;
type Segment = TranscribeDetailedResult<false>;

let binding: NativeBinding | undefined;

/**
 * smart-whisper's native addon, loaded directly: the package's main module also creates
 * ~/.smart-whisper/models on import (for a downloader we do not use). The addon keeps
 * whisper.cpp's log quiet only when NODE_ENV is "production" at load time; the CLI and the
 * host print their own one-line messages, so the log is silenced unless debugging.
 */
function loadBinding(): NativeBinding {
  if (binding) return binding;
  const require = createRequire(import.meta.url);
  const previous = process.env.NODE_ENV;
  if (!process.env.TEMPOPILOT_DEBUG) process.env.NODE_ENV = 'production';
  try {
    binding = require('smart-whisper/build/Release/smart-whisper.node') as NativeBinding;
  } catch (error) {
    throw new VoiceError('stt-failed', `the local speech engine (smart-whisper) is not built: ${(error as Error).message.split('\n')[0]}; run \`npm rebuild smart-whisper\``);
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return binding;
}

export interface WhisperEngineOptions {
  modelPath: string;
  /** A short label for transcripts and logs, e.g. the pinned name "tiny.en". */
  label?: string;
  threads?: number;
  /**
   * "fit" sizes the encoder to the clip (seconds × 50 frames + 128) instead of whisper's fixed
   * 30 s window: several times less work for a 3 s command, at some risk to accuracy that the
   * benchmark's WER line measures when a real model is present. "full" is whisper's own behaviour.
   */
  audioContext?: 'fit' | 'full';
  /** A spoken command is a sentence: more tokens than this is a decoder running away. */
  maxTokens?: number;
}

/**
 * whisper.cpp returns nothing, without an error, for input shorter than one second ("input is
 * too short"); "undo that" or "yes" are shorter. Such clips are padded with silence to this.
 */
const MIN_INPUT_SAMPLES = Math.round(SPEECH_RATE * 1.1);

function padShort(samples: Float32Array): Float32Array {
  if (samples.length >= MIN_INPUT_SAMPLES) return samples;
  const padded = new Float32Array(MIN_INPUT_SAMPLES);
  padded.set(samples);
  return padded;
}

/** Frames the encoder sees per second of audio. */
const ENCODER_FRAMES_PER_SECOND = 50;
const ENCODER_MARGIN = 128;
const FULL_WINDOW = 1500;

/**
 * Local whisper.cpp through smart-whisper: in-process, the model stays loaded between commands,
 * decoding runs on libuv's thread pool (the event loop keeps serving), and each segment comes
 * with token probabilities, from which the confidence the router needs.
 */
export class WhisperEngine implements SttEngine {
  readonly name: string;
  private model: Promise<NativeModel> | undefined;
  private info: WhisperModelInfo | undefined;

  constructor(private readonly options: WhisperEngineOptions) {
    this.name = `local:${options.label ?? 'whisper'}`;
  }

  /** What the model file is (known after warm()); a model without weights transcribes nothing. */
  get modelInfo(): WhisperModelInfo | undefined {
    return this.info;
  }

  warm(): Promise<void> {
    return this.loaded().then(() => undefined);
  }

  private loaded(): Promise<NativeModel> {
    this.model ??= (async () => {
      // The walk refuses every file whisper.cpp would fail to load, which the addon cannot survive.
      this.info = inspectWhisperModel(this.options.modelPath);
      return loadBinding().WhisperModel.load(this.options.modelPath, false);
    })();
    this.model.catch(() => {
      this.model = undefined;
    });
    return this.model;
  }

  async transcribe(audio: MonoAudio, options: TranscribeOptions = {}): Promise<Transcript> {
    if (audio.sampleRate !== SPEECH_RATE) throw new Error(`whisper takes ${SPEECH_RATE} Hz audio, not ${audio.sampleRate} Hz`);
    const model = await this.loaded();
    const handle = model.handle;
    if (!handle) throw new VoiceError('stt-failed', 'the local speech model was released');
    options.signal?.throwIfAborted();
    const started = performance.now();
    const samples = padShort(audio.samples);
    const segments = await new Promise<Segment[]>((resolve, reject) => {
      const finished: Segment[] = [];
      loadBinding().transcribe(
        handle,
        samples,
        this.params(samples.length),
        (results) => {
          // The addon hands a failed decode to the same callback as an Error.
          if ((results as unknown) instanceof Error) reject(new VoiceError('stt-failed', `local decoding failed: ${(results as unknown as Error).message}`));
          else resolve(results as Segment[]);
        },
        (segment) => {
          finished.push(segment as Segment);
          options.onPartial?.(joinText(finished));
        },
      );
    });
    return { text: joinText(segments), ...confidenceOf(segments), engine: this.name, decodeMs: performance.now() - started };
  }

  private params(sampleCount: number): Partial<TranscribeParams<'detail', false>> {
    const frames = Math.ceil((sampleCount / SPEECH_RATE) * ENCODER_FRAMES_PER_SECOND) + ENCODER_MARGIN;
    return {
      format: 'detail',
      language: 'en',
      strategy: 0,
      n_threads: this.options.threads ?? Math.min(4, os.availableParallelism()),
      single_segment: true,
      no_timestamps: true,
      // A decode that falls back to higher temperatures runs again from scratch: too slow for push-to-talk.
      temperature_inc: 0,
      max_tokens: this.options.maxTokens ?? 64,
      audio_ctx: (this.options.audioContext ?? 'fit') === 'fit' && frames < FULL_WINDOW ? frames : 0,
    };
  }

  async close(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    if (model) await (await model.catch(() => undefined))?.free();
  }
}

function joinText(segments: readonly { text: string }[]): string {
  return segments.map((segment) => segment.text).join('').trim();
}

/** The mean of the segments' confidences, weighted by their token counts. */
function confidenceOf(segments: readonly Segment[]): { confidence?: number } {
  let weighted = 0;
  let tokens = 0;
  for (const segment of segments) {
    if (!Number.isFinite(segment.confidence)) continue;
    weighted += segment.confidence * segment.tokens.length;
    tokens += segment.tokens.length;
  }
  return tokens > 0 ? { confidence: weighted / tokens } : {};
}
