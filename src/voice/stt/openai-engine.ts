import OpenAI, { toFile } from 'openai';
import type { MonoAudio } from '../audio';
import { VoiceError } from '../errors';
import { writeWav } from '../wav';
import type { SttEngine, Transcript, TranscribeOptions } from './engine';

export interface OpenAiSttOptions {
  apiKey: string;
  /** The API's base URL (ends in /v1); tests point it at a local double. */
  baseUrl?: string;
  /** "whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-transcribe". */
  model?: string;
  timeoutMs?: number;
}

/**
 * Cloud transcription through the official `openai` SDK (POST /audio/transcriptions, multipart
 * upload of a 16-bit WAV). No retries: the router's fallback is the retry, and a push-to-talk
 * command that waits for back-off is already too late.
 */
export class OpenAiSttEngine implements SttEngine {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly model: string;

  constructor(options: OpenAiSttOptions) {
    this.model = options.model ?? 'whisper-1';
    this.name = `cloud:${this.model}`;
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs ?? 15_000 });
  }

  async warm(): Promise<void> {}

  async transcribe(audio: MonoAudio, options: TranscribeOptions = {}): Promise<Transcript> {
    const started = performance.now();
    const file = await toFile(writeWav({ sampleRate: audio.sampleRate, channels: [audio.samples] }), 'command.wav', { type: 'audio/wav' });
    try {
      const result = await this.client.audio.transcriptions.create(
        { file, model: this.model, language: 'en', response_format: 'json' },
        { signal: options.signal },
      );
      options.onPartial?.(result.text);
      return { text: result.text.trim(), engine: this.name, decodeMs: performance.now() - started };
    } catch (error) {
      throw describeFailure(error);
    }
  }

  async close(): Promise<void> {}
}

/**
 * Our own words for each failure: the API's messages can quote part of the key
 * ("Incorrect API key provided: sk-ab***yz"), and none of it may reach a log.
 */
function describeFailure(error: unknown): VoiceError {
  if (error instanceof OpenAI.APIUserAbortError) return new VoiceError('timeout', 'cloud transcription was cancelled');
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new VoiceError('timeout', 'cloud transcription did not answer in time');
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    if (error.status === 401 || error.status === 403) return new VoiceError('unauthorized', `the cloud speech service refused the API key (${error.status}); check it in settings`);
    if (error.status === 429) return new VoiceError('rate-limited', 'the cloud speech service is rate-limiting this key (429); try again shortly');
    return new VoiceError('stt-failed', `the cloud speech service failed (${error.status})`);
  }
  if (error instanceof OpenAI.APIConnectionError) return new VoiceError('stt-failed', 'cannot reach the cloud speech service');
  return new VoiceError('stt-failed', 'cloud transcription failed');
}
