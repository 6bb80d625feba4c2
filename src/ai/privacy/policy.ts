import { z } from 'zod';
import type { AiPurpose } from '../provider';

/**
 * What the user lets leave the machine: nothing; only what they said (a transcript or a typed
 * command, filtered); or also calendar context (event titles, times and notes, filtered) for
 * summaries and grounded answers.
 */
export const CloudSettingSchema = z.enum(['off', 'transcripts', 'full']);
export type CloudSetting = z.infer<typeof CloudSettingSchema>;

const NEEDS: Readonly<Record<AiPurpose, CloudSetting>> = {
  command: 'transcripts',
  summary: 'full',
  chat: 'full',
};

const LEVEL: Readonly<Record<CloudSetting, number>> = { off: 0, transcripts: 1, full: 2 };

export function cloudAllows(setting: CloudSetting, purpose: AiPurpose): boolean {
  return setting !== 'off' && LEVEL[setting] >= LEVEL[NEEDS[purpose]];
}

export function requiredSetting(purpose: AiPurpose): CloudSetting {
  return NEEDS[purpose];
}
