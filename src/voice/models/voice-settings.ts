import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The voice settings that outlive a command, in `voice.json` in the data folder. */
const VoiceSettingsSchema = z
  .object({
    /** A pinned model's name ("tiny.en") or the path of a model file. */
    model: z.string().min(1).optional(),
  })
  .strict();

export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'voice.json');
}

export function readVoiceSettings(dataDir: string): VoiceSettings {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8'));
  } catch {
    return {};
  }
  const parsed = VoiceSettingsSchema.safeParse(content);
  // A missing, unreadable or hand-edited file that no longer fits counts as unset rather than blocking every command.
  return parsed.success ? parsed.data : {};
}

export function writeVoiceSettings(dataDir: string, settings: VoiceSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const file = settingsFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
