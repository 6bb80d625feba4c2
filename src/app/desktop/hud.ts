import type { Turn } from '../../assistant/turn';
import type { HotkeyMode } from './chord';
import { systemTimers, type Timers } from './timers';

/**
 * The HUD's state machine. One utterance walks idle -> listening -> transcribing -> planning ->
 * done (applied, answered, asked, undone ...) and back to idle after a while; anything can end in
 * error, and cancel (Esc, the tray) returns to idle from anywhere. Timeouts keep it honest: a
 * recording cannot run forever (toggle mode has no key-up), work that hangs becomes an error, and
 * results fade out after long enough to read them.
 */
export type HudState =
  | { kind: 'idle' }
  | { kind: 'listening'; mode: HotkeyMode; hotkey: string; level: number }
  | { kind: 'transcribing' }
  | { kind: 'planning'; transcript: string }
  | { kind: 'done'; outcome: Turn['outcome']; reply: string; transcript?: string; hotkey: string; canUndo: boolean }
  | { kind: 'error'; message: string; hint?: string };

export type HudTone = 'neutral' | 'active' | 'success' | 'question' | 'error';

/** What the window shows: plain text, so any adapter (a window, a terminal) can render it. */
export interface HudView {
  state: HudState['kind'];
  tone: HudTone;
  title: string;
  detail?: string;
  hint?: string;
  /** 0..1 while listening: the input level, for the meter. */
  level?: number;
  /** For a result: what the assistant did. */
  outcome?: Turn['outcome'];
}

export interface HudLimits {
  /** The longest recording; then it ends as if the key were released. */
  listenMs: number;
  /** From key-up to a result; past it the turn is abandoned. */
  workMs: number;
  /** How long each result stays up. A question stays until it is answered or this passes. */
  shownMs: Record<Turn['outcome'], number>;
  errorMs: number;
}

export const DEFAULT_HUD_LIMITS: HudLimits = {
  listenMs: 30_000,
  workMs: 20_000,
  shownMs: { applied: 5_000, undone: 3_000, answered: 8_000, asked: 15_000, failed: 6_000, dismissed: 2_000 },
  errorMs: 5_000,
};

export interface HudMachineOptions {
  timers?: Timers;
  /** The recording hit its time limit: the controller finishes it as if the key were released. */
  onListenLimit?: () => void;
  /** The work after key-up took too long: the controller drops the turn. */
  onWorkTimeout?: () => void;
}

export class HudMachine {
  private current: HudState = { kind: 'idle' };
  private timer: unknown;
  private readonly listeners = new Set<(state: HudState) => void>();
  private readonly timers: Timers;

  constructor(private readonly options: HudMachineOptions = {}) {
    this.timers = options.timers ?? systemTimers;
  }

  get state(): HudState {
    return this.current;
  }

  get busy(): boolean {
    return this.current.kind === 'listening' || this.current.kind === 'transcribing' || this.current.kind === 'planning';
  }

  onChange(listener: (state: HudState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Key-down. Refused (false) while an utterance is still being worked on. */
  startListening(mode: HotkeyMode, hotkey: string): boolean {
    if (this.busy) return false;
    this.enter({ kind: 'listening', mode, hotkey, level: 0 }, DEFAULT_HUD_LIMITS.listenMs, () => this.options.onListenLimit?.());
    return true;
  }

  level(level: number): void {
    if (this.current.kind !== 'listening') return;
    this.current = { ...this.current, level: Math.min(1, Math.max(0, level)) };
    this.notify();
  }

  /** Key-up. */
  stopListening(): boolean {
    if (this.current.kind !== 'listening') return false;
    this.enter({ kind: 'transcribing' }, DEFAULT_HUD_LIMITS.workMs, () => this.workTimedOut());
    return true;
  }

  heard(transcript: string): void {
    if (this.current.kind !== 'transcribing') return;
    // The work limit runs from key-up, so the timer is not restarted here.
    this.current = { kind: 'planning', transcript };
    this.notify();
  }

  finished(turn: Pick<Turn, 'outcome' | 'reply'>, transcript: string | undefined, hotkey: string): void {
    if (this.current.kind !== 'transcribing' && this.current.kind !== 'planning') return;
    const canUndo = turn.outcome === 'applied';
    this.enter({ kind: 'done', outcome: turn.outcome, reply: turn.reply, hotkey, canUndo, ...(transcript !== undefined && { transcript }) }, DEFAULT_HUD_LIMITS.shownMs[turn.outcome], () => this.idle());
  }

  /** A result that came from elsewhere than the voice path (the notification's Undo, the tray). */
  announce(reply: string, outcome: Turn['outcome'], hotkey: string): void {
    if (this.busy) return;
    this.enter({ kind: 'done', outcome, reply, hotkey, canUndo: false }, DEFAULT_HUD_LIMITS.shownMs[outcome], () => this.idle());
  }

  failed(message: string, hint?: string): void {
    this.enter({ kind: 'error', message, ...(hint !== undefined && { hint }) }, DEFAULT_HUD_LIMITS.errorMs, () => this.idle());
  }

  cancel(): void {
    if (this.current.kind !== 'idle') this.idle();
  }

  private workTimedOut(): void {
    this.options.onWorkTimeout?.();
    this.failed('That took too long, so I stopped.', 'Try again; a shorter command is quicker.');
  }

  private idle(): void {
    this.enter({ kind: 'idle' });
  }

  private enter(state: HudState, timeoutMs?: number, onTimeout?: () => void): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.current = state;
    if (timeoutMs !== undefined && onTimeout) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        onTimeout();
      }, timeoutMs);
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}

const quoted = (text: string) => `“${text}”`;

/** What each state shows. */
export function hudView(state: HudState): HudView {
  switch (state.kind) {
    case 'idle':
      return { state: 'idle', tone: 'neutral', title: '' };
    case 'listening':
      return {
        state: 'listening',
        tone: 'active',
        title: 'Listening…',
        hint: state.mode === 'hold' ? `Release ${state.hotkey} when you are done · Esc cancels` : `Press ${state.hotkey} again when you are done`,
        level: state.level,
      };
    case 'transcribing':
      return { state: 'transcribing', tone: 'active', title: 'Transcribing…' };
    case 'planning':
      return { state: 'planning', tone: 'active', title: quoted(state.transcript), detail: 'Working it out…' };
    case 'done':
      return {
        state: 'done',
        outcome: state.outcome,
        tone: state.outcome === 'failed' ? 'error' : state.outcome === 'asked' ? 'question' : 'success',
        title: state.reply,
        ...(state.transcript !== undefined && { detail: quoted(state.transcript) }),
        ...(state.canUndo && { hint: 'Undo from the notification or the tray, or say “undo that”' }),
        ...(state.outcome === 'asked' && { hint: `Hold ${state.hotkey} to answer` }),
      };
    case 'error':
      return { state: 'error', tone: 'error', title: state.message, ...(state.hint !== undefined && { hint: state.hint }) };
  }
}
