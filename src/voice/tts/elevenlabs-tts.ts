import { int16ToFloat, type MonoAudio } from '../audio';
import { VoiceError } from '../errors';
import type { TtsEngine } from './tts';

export interface ElevenLabsOptions {
  apiKey: string;
  /** Defaults to the public API; tests point it at a local double. */
  baseUrl?: string;
  /** A voice id from the user's ElevenLabs voice library. */
  voiceId: string;
  /** The low-latency model suits short replies. */
  modelId?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const ELEVENLABS_BASE_URL = 'https://api.elevenlabs.io';
const OUTPUT_FORMAT = 'pcm_16000';

/**
 * Cloud speech through ElevenLabs' HTTP API: POST /v1/text-to-speech/{voice_id} with the key in
 * `xi-api-key`, asking for raw 16-bit PCM at 16 kHz so no decoder is needed. Plain fetch: one
 * request does not justify an SDK.
 */
export class ElevenLabsTts implements TtsEngine {
  readonly name = 'elevenlabs';

  constructor(private readonly options: ElevenLabsOptions) {}

  async synthesize(text: string, { signal }: { signal?: AbortSignal } = {}): Promise<MonoAudio> {
    const base = (this.options.baseUrl ?? ELEVENLABS_BASE_URL).replace(/\/+$/, '');
    const url = `${base}/v1/text-to-speech/${encodeURIComponent(this.options.voiceId)}?output_format=${OUTPUT_FORMAT}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'xi-api-key': this.options.apiKey, 'content-type': 'application/json', accept: 'audio/pcm' },
        body: JSON.stringify({ text, model_id: this.options.modelId ?? 'eleven_flash_v2_5' }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch {
      throw new VoiceError(timeout.aborted ? 'timeout' : 'tts-failed', timeout.aborted ? 'ElevenLabs did not answer in time' : 'cannot reach ElevenLabs');
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) throw new VoiceError('unauthorized', `ElevenLabs refused the API key (${response.status}); check it in settings`);
      if (response.status === 429) throw new VoiceError('rate-limited', 'ElevenLabs is rate-limiting this key (429); try again shortly');
      throw new VoiceError('tts-failed', `ElevenLabs failed (${response.status})`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 2));
    return { sampleRate: 16_000, samples: int16ToFloat(pcm) };
  }
}
