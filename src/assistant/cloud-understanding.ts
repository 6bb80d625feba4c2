import type { Command } from '../nlu/command';
import type { CommandEngine } from '../store/command-log';

/**
 * The seam to the cloud models (src/ai, wired by the host): a second opinion on words the local
 * parser is unsure of. The assistant knows nothing of providers, keys or privacy settings; an
 * implementation that may not or cannot ask anyone answers `undefined`.
 */
export interface CloudUnderstanding {
  understand(text: string, context: { now: Date; zone: string; names: string[] }): Promise<{ command: Command; engine: Exclude<CommandEngine, 'local'> } | undefined>;
}

/** The people the local parser heard named: their names leave the machine only as placeholders. */
export function namesIn(command: Command): string[] {
  const fromSlots = command.slots.flatMap((slot) => (slot.value?.kind === 'attendee' && slot.value.attendee === 'person' ? [slot.value.name, slot.text] : []));
  return [...new Set([...fromSlots, ...(command.reference?.attendees ?? [])])];
}
