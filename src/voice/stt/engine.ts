import type { MonoAudio } from '../audio';

export interface Transcript {
  text: string;
  /** 0 to 1: how sure the engine is (whisper: mean token probability); absent when it does not say. */
  confidence?: number;
  /** Which engine produced it, e.g. "local:tiny.en" or "cloud:whisper-1". */
  engine: string;
  /** Wall time of the decode alone. */
  decodeMs: number;
}

export interface TranscribeOptions {
  signal?: AbortSignal;
  /** Text so far, as the engine finds it (whisper reports each segment as it is decoded). */
  onPartial?: (text: string) => void;
}

/** A speech-to-text engine. Audio is always 16 kHz mono; see `toSpeechAudio`. */
export interface SttEngine {
  readonly name: string;
  /** Loads what the first decode needs, so it is not paid after key-up. Safe to call repeatedly. */
  warm(): Promise<void>;
  transcribe(audio: MonoAudio, options?: TranscribeOptions): Promise<Transcript>;
  close(): Promise<void>;
}
