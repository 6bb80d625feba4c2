/**
 * The desktop's adapters: what src/app needs from the operating system, and what main/ (over
 * Electron) or the headless daemon (over Node) provides. Everything that decides what to show or
 * do lives beside these interfaces in src/app/desktop and is tested with in-memory adapters.
 */
import type { TrayMenuItem, TrayAction } from './tray-menu';
import type { HudView } from './hud';
import type { DesktopNotification } from './notifications';
import type { HotkeyMode } from './chord';

/** The tray icon: its menu, and a state shown in its icon and tooltip. */
export interface Tray {
  setMenu(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): void;
  setStatus(status: TrayStatus): void;
}

type TrayState = 'idle' | 'listening' | 'working' | 'paused' | 'error';
export interface TrayStatus {
  state: TrayState;
  tooltip: string;
}

/** What the hotkey reports: key-down and key-up of the configured chord (or, in toggle mode, two presses). */
export interface HotkeyHandlers {
  onDown(): void;
  onUp(): void;
  /** Esc was pressed: the controller cancels what the HUD shows, if anything. */
  onCancel?(): void;
  /** The listener stopped working after it started (its helper died, the display went away). */
  onError?(error: Error): void;
}

export interface HotkeyListener {
  /** 'hold': down and up of the keys; 'toggle': press to start, press again to stop (no key-up available). */
  readonly mode: HotkeyMode;
  /** The chord as people read it, e.g. "Ctrl+Alt+Space". */
  readonly label: string;
  start(handlers: HotkeyHandlers): Promise<void>;
  /** The controller ended the utterance itself (time limit, cancel): a toggle's next press starts again. */
  released?(): void;
  stop(): void;
}

/** The small always-on-top window that shows what the assistant is doing. */
export interface HudWindow {
  show(view: HudView): void;
  hide(): void;
}

export interface ShownNotification {
  close(): void;
}

/** Desktop notifications; an action (Undo, Snooze) comes back through `onAction`. */
export interface Notifier {
  /** Whether notifications can carry buttons here (macOS yes; Linux and Windows through Electron, no). */
  readonly supportsActions: boolean;
  show(notification: DesktopNotification, onAction: (actionId: string) => void): ShownNotification;
}

/** Open at login. */
export interface LoginItem {
  get(): boolean;
  set(openAtLogin: boolean): void;
}

/**
 * Encryption of secrets at rest through the OS keychain (Electron's safeStorage on the desktop).
 * Where there is none, secrets.ts falls back to the headless 0600 key file.
 */
export interface SecretStorage {
  /** False where the OS offers no keychain (and Electron would use a fixed key: Linux "basic_text"). */
  isAvailable(): boolean;
  encrypt(plaintext: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** The microphone while the hotkey is held: 16 kHz mono 16-bit chunks until stopped. */
export interface Microphone {
  start(onChunk: (chunk: Int16Array) => void): Promise<Recording>;
}
export interface Recording {
  /** Stops capturing; resolves once every captured chunk has been delivered. */
  stop(): Promise<void>;
}
