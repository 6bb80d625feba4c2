import type { ModelManager } from './models/model-manager';
import type { ActiveModel } from './models/model-types';
import { OpenAiSttEngine } from './stt/openai-engine';
import { SttRouter } from './stt/router';
import { WhisperEngine } from './stt/whisper-engine';

/** Environment variables of the voice path (headless mode; the desktop keeps them in settings). */
export const VOICE_ENV = {
  openAiKey: 'OPENAI_API_KEY',
  openAiBaseUrl: 'OPENAI_BASE_URL',
  cloudModel: 'TEMPO_STT_CLOUD_MODEL',
  allowCloud: 'TEMPO_ALLOW_CLOUD',
} as const;

export interface VoiceSetup {
  router: SttRouter;
  local?: WhisperEngine;
  model?: ActiveModel;
  cloud?: OpenAiSttEngine;
  /** The user's consent to cloud transcription, as this setup was given it. */
  allowCloud: boolean;
  close(): Promise<void>;
}

export interface VoiceSetupOptions {
  models: ModelManager;
  env?: NodeJS.ProcessEnv;
  /** Consent to cloud transcription for this run; otherwise TEMPO_ALLOW_CLOUD=1 gives it. */
  allowCloud?: boolean;
  /** A pinned name or a model path for this run, ahead of the environment and the setting. */
  model?: string;
}

/** The engines and the router, from the models folder, the environment and the user's consent. */
export function createVoiceSetup(options: VoiceSetupOptions): VoiceSetup {
  const env = options.env ?? process.env;
  const model = options.model ? options.models.resolve(options.model) : options.models.active();
  const local = model ? new WhisperEngine({ modelPath: model.path, label: model.name ?? 'custom' }) : undefined;
  const apiKey = env[VOICE_ENV.openAiKey];
  const cloud = apiKey
    ? new OpenAiSttEngine({ apiKey, ...(env[VOICE_ENV.openAiBaseUrl] && { baseUrl: env[VOICE_ENV.openAiBaseUrl] }), ...(env[VOICE_ENV.cloudModel] && { model: env[VOICE_ENV.cloudModel] }) })
    : undefined;
  const allowCloud = options.allowCloud ?? env[VOICE_ENV.allowCloud] === '1';
  const router = new SttRouter({
    ...(local && { local }),
    ...(cloud && { cloud }),
    allowCloud,
    localMissingReason: 'no local speech model (run `tempopilot models download tiny.en`)',
  });
  return {
    router,
    ...(local && { local }),
    ...(model && { model }),
    ...(cloud && { cloud }),
    allowCloud,
    close: async () => {
      await local?.close();
    },
  };
}
