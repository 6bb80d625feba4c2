import type { Command } from '../nlu/command';
import type { CommandEngine, CommandOutcome, StageLatency } from '../store/command-log';
import type { Plan } from './plan';

/**
 * One turn of the conversation, as the UI, the CLI and the command log see it. Kept apart from
 * the assistant itself so the api contract (which the renderer loads) can name it.
 */
export interface Turn {
  command: Command;
  plan: Plan;
  outcome: CommandOutcome;
  /** One short sentence for the HUD or a notification. */
  reply: string;
  /** The same for text-to-speech. */
  spoken: string;
  latencyMs: StageLatency;
  /** The change set an applied plan or an undo wrote. */
  changeSetId?: number;
  /** Events the turn changed (for the UI, and for the embedding indexer to re-embed). */
  eventIds: string[];
  /** What understood the words: the local parser, or a cloud model it was unsure enough to ask. */
  engine?: CommandEngine;
  /** The question now waiting for an answer, and until when (epoch ms). */
  pending?: { question: string; expiresAt: number };
}
