import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CloudSettingSchema } from './privacy/policy';

const ProviderSettingsSchema = z
  .object({
    /** The API key, sealed by the host's secret box; never stored in clear. */
    sealedKey: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
  })
  .strict();

/** The cloud-model settings, in `ai.json` in the data folder. */
export const AiSettingsSchema = z
  .object({
    cloud: CloudSettingSchema.default('off'),
    llm: z.enum(['auto', 'openai', 'anthropic', 'off']).default('auto'),
    openai: ProviderSettingsSchema.default({}),
    anthropic: ProviderSettingsSchema.default({}),
  })
  .strict();

export type AiSettings = z.infer<typeof AiSettingsSchema>;

export function aiSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'ai.json');
}

export function readAiSettings(dataDir: string): AiSettings {
  let content: unknown = {};
  try {
    content = JSON.parse(readFileSync(aiSettingsFile(dataDir), 'utf8'));
  } catch {
    // No file yet, or an unreadable one: the defaults (cloud off) hold.
  }
  const parsed = AiSettingsSchema.safeParse(content);
  return parsed.success ? parsed.data : AiSettingsSchema.parse({});
}

export function writeAiSettings(dataDir: string, settings: AiSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const file = aiSettingsFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(AiSettingsSchema.parse(settings), null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
