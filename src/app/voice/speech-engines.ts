import { ApiError, type ApiErrorCode } from '../../api/errors';
import { VoiceError, type VoiceErrorCode } from '../../voice/errors';
import { ModelManager } from '../../voice/models/model-manager';
import type { SttRouter } from '../../voice/stt/router';
import { createVoiceSetup, type VoiceSetup } from '../../voice/voice-setup';

/** The speech recognition a host listens with, and what a UI needs to know about it. */
export interface SpeechEngines {
  router: SttRouter;
  /** The engine a command goes to first, as the UI names it: "local:tiny.en", "cloud:whisper-1". */
  label: string;
  /** Why nothing here can transcribe, when nothing can: the UI says so instead of recording. */
  unavailable?: string;
  /** Decode during pauses while the key is held: free with a local engine, a paid request each time with the cloud. */
  speculate: boolean;
  close(): Promise<void>;
}

export function speechEnginesFrom(setup: VoiceSetup): SpeechEngines {
  const cloudUsable = setup.cloud !== undefined && setup.allowCloud;
  const label = setup.local ? setup.local.name : cloudUsable ? setup.cloud!.name : 'none';
  const missing = setup.local === undefined && !cloudUsable;
  const cloudWords = setup.allowCloud ? 'cloud transcription has no API key' : 'cloud transcription is not allowed';
  return {
    router: setup.router,
    label,
    ...(missing && { unavailable: `No speech model is installed (run \`tempopilot models download tiny.en\`) and ${cloudWords}.` }),
    speculate: setup.local !== undefined,
    close: () => setup.close(),
  };
}

/** The engines from the models folder and the environment (headless consent and keys: docs/voice.md). */
export function defaultSpeechEngines(dataDir: string, env: NodeJS.ProcessEnv = process.env): SpeechEngines {
  return speechEnginesFrom(createVoiceSetup({ models: new ModelManager({ dataDir, env }), env }));
}

const TO_API: Record<VoiceErrorCode, ApiErrorCode> = {
  'bad-audio': 'invalid-args',
  'no-model': 'unavailable',
  'bad-model': 'unavailable',
  'download-failed': 'unavailable',
  'stt-failed': 'unavailable',
  unauthorized: 'denied',
  'rate-limited': 'unavailable',
  timeout: 'unavailable',
  'tts-failed': 'unavailable',
};

/** Voice errors cross the api as api errors, with their own (key-free) message. */
export function toApiError(error: unknown): unknown {
  return error instanceof VoiceError ? new ApiError(TO_API[error.code], error.message) : error;
}
