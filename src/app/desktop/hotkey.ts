import { MODIFIER_KEYS, type Chord, type HotkeyMode, type Modifier } from './chord';
import type { HotkeyHandlers, HotkeyListener } from './ports';

/**
 * Turns the key listener's stream of single key events into down and up of one chord. Down: the
 * chord's key goes down while exactly its modifiers are held (Ctrl+Alt+Shift+Space is not
 * Ctrl+Alt+Space). Up: the first of its keys to be released, whichever it is, because people let
 * go of a chord in any order. Auto-repeat downs while held are ignored.
 */
export class ChordTracker {
  private readonly held = new Set<string>();
  private active = false;

  constructor(private readonly chord: Chord) {}

  feed(keyName: string | undefined, state: 'DOWN' | 'UP'): 'down' | 'up' | undefined {
    if (!keyName) return undefined;
    if (state === 'DOWN') {
      this.held.add(keyName);
      if (!this.active && keyName === this.chord.key && this.exactModifiersHeld()) {
        this.active = true;
        return 'down';
      }
      return undefined;
    }
    this.held.delete(keyName);
    if (this.active && (keyName === this.chord.key || !this.requiredModifiersHeld())) {
      this.active = false;
      return 'up';
    }
    return undefined;
  }

  /** The listener stopped: a chord still held counts as released. */
  reset(): 'up' | undefined {
    this.held.clear();
    if (!this.active) return undefined;
    this.active = false;
    return 'up';
  }

  private isHeld(modifier: Modifier): boolean {
    return MODIFIER_KEYS[modifier].some((key) => this.held.has(key));
  }

  private requiredModifiersHeld(): boolean {
    return [...this.chord.modifiers].every((m) => this.isHeld(m));
  }

  private exactModifiersHeld(): boolean {
    return (Object.keys(MODIFIER_KEYS) as Modifier[]).every((m) => this.isHeld(m) === this.chord.modifiers.has(m));
  }
}

/** Registers a global shortcut that reports presses only (Electron's globalShortcut). */
export interface ShortcutRegistrar {
  /** False when the shortcut is taken by another application or the system refused it. */
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * The fallback where key-up cannot be seen (Wayland): the first press starts listening, the
 * next one stops it. The HUD says so, and a time limit ends a forgotten recording.
 */
export class ToggleHotkey implements HotkeyListener {
  readonly mode = 'toggle' as const;
  readonly label: string;
  private listening = false;
  private registered = false;

  constructor(
    private readonly chord: Chord,
    private readonly shortcuts: ShortcutRegistrar,
  ) {
    this.label = chord.label;
  }

  async start(handlers: HotkeyHandlers): Promise<void> {
    const ok = this.shortcuts.register(this.chord.accelerator, () => {
      this.listening = !this.listening;
      if (this.listening) handlers.onDown();
      else handlers.onUp();
    });
    if (!ok) throw new Error(`the hotkey ${this.chord.label} could not be registered: another application may be using it; choose another in Settings`);
    this.registered = true;
  }

  /** The controller finished the utterance on its own (time limit, cancel): the next press starts again. */
  released(): void {
    this.listening = false;
  }

  stop(): void {
    if (this.registered) this.shortcuts.unregister(this.chord.accelerator);
    this.registered = false;
    this.listening = false;
  }
}

/**
 * Hold-to-talk where it works, press-to-start where it does not: starts the primary listener and,
 * if that fails (no X server, a helper that cannot run, no Accessibility permission), the fallback.
 */
export class FallbackHotkey implements HotkeyListener {
  private active: HotkeyListener;

  constructor(
    private readonly primary: HotkeyListener,
    private readonly fallback: HotkeyListener,
    private readonly onFallback: (reason: string) => void,
  ) {
    this.active = primary;
  }

  get mode(): HotkeyMode {
    return this.active.mode;
  }

  get label(): string {
    return this.active.label;
  }

  async start(handlers: HotkeyHandlers): Promise<void> {
    try {
      await this.primary.start(handlers);
      this.active = this.primary;
    } catch (error) {
      this.onFallback((error as Error).message);
      this.active = this.fallback;
      await this.fallback.start(handlers);
    }
  }

  released(): void {
    this.active.released?.();
  }

  stop(): void {
    this.active.stop();
  }
}

export interface HotkeyModeChoice {
  mode: HotkeyMode;
  /** Why the hold mode is not used, for the HUD and the logs. */
  reason?: string;
}

/**
 * Hold-to-talk needs key-up, which node-global-key-listener gets from X11, macOS event taps and
 * Windows hooks. A Wayland session lets no application see other windows' keys (XWayland sees
 * only X clients'), so there the desktop uses press-to-start/press-to-stop.
 */
export function chooseHotkeyMode(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): HotkeyModeChoice {
  if (platform !== 'linux') return { mode: 'hold' };
  const wayland = env.XDG_SESSION_TYPE === 'wayland' || (env.WAYLAND_DISPLAY !== undefined && env.WAYLAND_DISPLAY !== '');
  if (wayland) return { mode: 'toggle', reason: 'a Wayland session does not let applications see key-up outside their windows' };
  if (!env.DISPLAY) return { mode: 'toggle', reason: 'no X display (DISPLAY is not set)' };
  return { mode: 'hold' };
}
