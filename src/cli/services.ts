import type { Chord } from '../app/desktop/chord';
import type { HotkeyListener, Microphone, Notifier } from '../app/desktop/ports';
import type { SpeechEngines } from '../app/voice/speech-engines';
import type { SentenceEncoder } from '../nlu/embeddings/encoder';

/**
 * What the composition root (bin/tempopilot.js) hands the CLI that src/ may not import itself:
 * the sync server lives in sync-server/, outside the core's walls.
 */
export interface SyncServerLauncher {
  (options: { host: string; port: number; dataDir?: string; databaseUrl?: string; secretKeyFile?: string; providerJobs?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface CliServices {
  startSyncServer?: SyncServerLauncher;
  daemon?: DaemonServices;
}

/** Replacements for `tempopilot daemon`'s adapters, for tests (no keyboard, microphone or model needed). */
export interface DaemonServices {
  hotkey?: (chord: Chord) => HotkeyListener;
  microphone?: () => Microphone;
  notifier?: (print: (line: string) => void) => Notifier;
  speechEngines?: () => SpeechEngines;
  /** false: no matching by meaning (saves loading the sentence encoder). */
  encoder?: SentenceEncoder | false;
  until?: Promise<void>;
}
