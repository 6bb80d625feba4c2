import type { AuditSink } from './audit';
import type { Clock } from './clock';
import type { CloudSetting } from './privacy/policy';
import { CloudSettingSchema } from './privacy/policy';
import type { LlmProvider, ProviderName } from './provider';
import { AnthropicProvider } from './providers/anthropic-provider';
import { OpenAiProvider } from './providers/openai-provider';
import { LlmRouter, type LlmChoice } from './router';
import { readAiSettings, type AiSettings } from './settings';

/** Environment variables of the cloud models (headless mode; the desktop keeps them in settings). */
export const AI_ENV = {
  openAiKey: 'OPENAI_API_KEY',
  openAiBaseUrl: 'OPENAI_BASE_URL',
  anthropicKey: 'ANTHROPIC_API_KEY',
  anthropicBaseUrl: 'ANTHROPIC_BASE_URL',
  cloud: 'TEMPO_CLOUD',
} as const;

/** Opens a sealed key; the host's SecretBox is one. */
export interface KeyOpener {
  open(sealed: string): string;
}

export interface ProviderOverride {
  model?: string;
  baseUrl?: string;
}

export interface AiSetupOptions {
  dataDir: string;
  secrets: KeyOpener;
  env?: NodeJS.ProcessEnv;
  /**
   * The provider asked for on this run (`--llm`). Naming one is consent, for this run, to send
   * transcripts when the stored setting is off; `off` keeps everything local.
   */
  llm?: LlmChoice;
  /** Only the first provider tried; for scoring one model. */
  noFallback?: boolean;
  overrides?: Partial<Record<ProviderName, ProviderOverride>>;
  audit?: AuditSink;
  clock?: Clock;
}

function keyFor(provider: ProviderName, settings: AiSettings, env: NodeJS.ProcessEnv, secrets: KeyOpener): string | undefined {
  const sealed = settings[provider].sealedKey;
  if (sealed) return secrets.open(sealed);
  return env[provider === 'openai' ? AI_ENV.openAiKey : AI_ENV.anthropicKey] || undefined;
}

function cloudSetting(settings: AiSettings, env: NodeJS.ProcessEnv, llm: LlmChoice | undefined): CloudSetting {
  const fromEnv = CloudSettingSchema.safeParse(env[AI_ENV.cloud]);
  const stored = fromEnv.success ? fromEnv.data : settings.cloud;
  return llm !== undefined && llm !== 'off' && stored === 'off' ? 'transcripts' : stored;
}

/**
 * The router from settings, the environment and this run's choice. A provider without a key is
 * left out; a base URL without a key (a local OpenAI-compatible server) is sent a dummy key,
 * which such servers ignore.
 */
export function createAiRouter(options: AiSetupOptions): LlmRouter {
  const env = options.env ?? process.env;
  const settings = readAiSettings(options.dataDir);
  const connection = (provider: ProviderName, baseUrlVariable: string) => {
    const override = options.overrides?.[provider];
    const model = override?.model ?? settings[provider].model;
    const baseUrl = override?.baseUrl ?? settings[provider].baseUrl ?? (env[baseUrlVariable] || undefined);
    return { client: { ...(model && { model }), ...(baseUrl && { baseUrl }) }, explicitBase: override?.baseUrl !== undefined };
  };
  const providers: LlmProvider[] = [];
  const openAi = connection('openai', AI_ENV.openAiBaseUrl);
  const openAiKey = keyFor('openai', settings, env, options.secrets) ?? (openAi.explicitBase ? 'none' : undefined);
  if (openAiKey) providers.push(new OpenAiProvider({ apiKey: openAiKey, ...openAi.client }));
  const anthropic = connection('anthropic', AI_ENV.anthropicBaseUrl);
  const anthropicKey = keyFor('anthropic', settings, env, options.secrets);
  if (anthropicKey) providers.push(new AnthropicProvider({ apiKey: anthropicKey, ...anthropic.client }));
  return new LlmRouter({
    providers,
    cloud: cloudSetting(settings, env, options.llm),
    choice: options.llm ?? settings.llm,
    fallback: !options.noFallback,
    ...(options.audit && { audit: options.audit }),
    ...(options.clock && { clock: options.clock }),
  });
}
