import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalKeyboardListener, type IConfig, type IGlobalKeyEvent } from 'node-global-key-listener';
import type { Chord } from './chord';
import { ChordTracker } from './hotkey';
import type { HotkeyHandlers, HotkeyListener } from './ports';

/**
 * Hold-to-talk over node-global-key-listener, which runs a small helper program per platform
 * (X11KeyServer, MacKeyServer, WinKeyServer.exe) and reads key events from its output. It is a
 * Node library, not an Electron one, so this adapter lives in src/ and serves both the Electron
 * shell and the headless `tempopilot daemon`.
 */
export class HotkeyError extends Error {
  override readonly name = 'HotkeyError';
}

const HELPERS: Partial<Record<NodeJS.Platform, string>> = { linux: 'X11KeyServer', darwin: 'MacKeyServer', win32: 'WinKeyServer.exe' };

/**
 * Where the platform's helper is. In a packaged app the library sits inside app.asar, which
 * cannot execute anything: electron-builder unpacks the helpers next to it (asarUnpack).
 */
export function keyServerPath(platform: NodeJS.Platform = process.platform): string {
  const helper = HELPERS[platform];
  if (!helper) throw new HotkeyError(`global hotkeys are not supported on ${platform}`);
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('node-global-key-listener/package.json'));
  return path.join(packageDir, 'bin', helper).replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
}

/** The file operations ensureExecutable needs, replaceable to test a read-only install. */
export interface ExecutableFs {
  exists(file: string): boolean;
  isExecutable(file: string): boolean;
  mode(file: string): number;
  chmod(file: string, mode: number): void;
}

const nodeFs: ExecutableFs = {
  exists: (file) => {
    try {
      statSync(file);
      return true;
    } catch {
      return false;
    }
  },
  isExecutable: (file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  mode: (file) => statSync(file).mode,
  chmod: (file, mode) => chmodSync(file, mode),
};

/**
 * The npm package ships its helpers without the execute bit. When starting one fails, the library
 * asks pkexec (through sudo-prompt) to chmod it, and where that is missing it throws an uncaught
 * error that kills the process (FACTS.md). So the bit is set here, before the library runs.
 */
export function ensureExecutable(file: string, fs: ExecutableFs = nodeFs): void {
  if (!fs.exists(file)) throw new HotkeyError(`the key listener's helper is missing (${file}): reinstall TempoPilot`);
  if (fs.isExecutable(file)) return;
  try {
    fs.chmod(file, (fs.mode(file) & 0o7777) | 0o111);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new HotkeyError(
      `the key listener's helper ${file} is not executable and cannot be made so (${code}: the install is read-only or belongs to another user); run \`chmod +x "${file}"\` as its owner, or use the press-to-start hotkey`,
    );
  }
  if (!fs.isExecutable(file)) throw new HotkeyError(`the key listener's helper ${file} is still not executable after chmod (is its file system mounted noexec?)`);
}

/** How long a freshly started helper must stay up to count as started: a missing display kills it at once. */
const STARTUP_GRACE_MS = 300;

/** The last lines the helper printed, to explain why it stopped. */
const INFO_LINES = 5;

export class GlobalKeyHotkey implements HotkeyListener {
  readonly mode = 'hold' as const;
  readonly label: string;
  private listener: GlobalKeyboardListener | undefined;
  private tracker: ChordTracker;

  constructor(chord: Chord) {
    this.label = chord.label;
    this.tracker = new ChordTracker(chord);
  }

  async start(handlers: HotkeyHandlers): Promise<void> {
    if (this.listener) throw new HotkeyError('the hotkey is already started');
    const platform = process.platform;
    // The helper inherits this process's environment, DISPLAY included; the library takes no other.
    if (platform === 'linux' && !process.env.DISPLAY) throw new HotkeyError('no X display to listen to (DISPLAY is not set): start it inside a desktop session');
    const helper = keyServerPath(platform);
    if (platform !== 'win32') ensureExecutable(helper);

    const info: string[] = [];
    let started = false;
    let failStartup: (error: Error) => void = () => undefined;
    const stopped = (code: number | null) => {
      const said = info.join(' ').replace(/\s+/g, ' ').trim();
      const error = new HotkeyError(`the key listener stopped (exit code ${code ?? 'none'})${said ? `: ${said}` : ''}`);
      if (!started) {
        this.stop();
        return failStartup(error);
      }
      this.listener = undefined;
      if (this.tracker.reset() === 'up') handlers.onUp();
      handlers.onError?.(error);
    };
    const helperConfig = {
      serverPath: helper,
      onInfo: (data: string) => {
        info.push(data);
        if (info.length > INFO_LINES) info.shift();
      },
      onError: stopped,
    };
    const config: IConfig = { x11: helperConfig, mac: helperConfig, windows: helperConfig, disposeDelay: -1 };
    const listener = new GlobalKeyboardListener(config);
    this.listener = listener;
    await new Promise<void>((resolve, reject) => {
      failStartup = reject;
      listener
        .addListener((event: IGlobalKeyEvent) => {
          if (event.name === 'ESCAPE' && event.state === 'DOWN') handlers.onCancel?.();
          const change = this.tracker.feed(event.name, event.state);
          if (change === 'down') handlers.onDown();
          else if (change === 'up') handlers.onUp();
        })
        .then(() => setTimeout(resolve, STARTUP_GRACE_MS), reject);
    });
    started = true;
  }

  stop(): void {
    const listener = this.listener;
    this.listener = undefined;
    this.tracker.reset();
    listener?.kill();
  }
}
