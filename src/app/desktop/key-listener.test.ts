import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseChord } from './chord';
import { ensureExecutable, GlobalKeyHotkey, HotkeyError, keyServerPath, type ExecutableFs } from './key-listener';

function fakeFs(state: { exists?: boolean; executable?: boolean; chmodError?: string }): ExecutableFs & { modes: number[] } {
  const modes: number[] = [];
  return {
    modes,
    exists: () => state.exists ?? true,
    isExecutable: () => state.executable ?? false,
    mode: () => 0o100644,
    chmod: (_file, mode) => {
      if (state.chmodError) throw Object.assign(new Error(state.chmodError), { code: state.chmodError });
      modes.push(mode);
      state.executable = true;
    },
  };
}

describe('the key listener\'s helper', () => {
  it('is found in the package, and outside app.asar when packaged', () => {
    expect(keyServerPath('linux')).toMatch(/node-global-key-listener[\\/]bin[\\/]X11KeyServer$/);
    expect(keyServerPath('win32')).toMatch(/WinKeyServer\.exe$/);
    expect(() => keyServerPath('aix')).toThrow(/not supported on aix/);
  });

  it('gets its execute bit, so the library never asks pkexec', () => {
    const fs = fakeFs({});
    ensureExecutable('/x/X11KeyServer', fs);
    expect(fs.modes).toEqual([0o755]);
    const already = fakeFs({ executable: true });
    ensureExecutable('/x/X11KeyServer', already);
    expect(already.modes).toEqual([]);
  });

  it('fails clearly on a read-only install or a missing helper', () => {
    expect(() => ensureExecutable('/opt/tp/X11KeyServer', fakeFs({ chmodError: 'EROFS' }))).toThrow(HotkeyError);
    expect(() => ensureExecutable('/opt/tp/X11KeyServer', fakeFs({ chmodError: 'EROFS' }))).toThrow(
      /not executable and cannot be made so \(EROFS: the install is read-only or belongs to another user\); run `chmod \+x "\/opt\/tp\/X11KeyServer"`/,
    );
    expect(() => ensureExecutable('/opt/tp/X11KeyServer', fakeFs({ exists: false }))).toThrow(/helper is missing/);
  });
});

/** A display number with no X server on it, from a random start so parallel test files rarely collide. */
function freeDisplay(): number {
  const start = 90 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const n = 90 + ((start - 90 + i) % 110);
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display number between :90 and :199');
}

async function startXvfb(): Promise<{ display: string; server: ChildProcess } | { skip: string }> {
  if (process.platform !== 'linux') return { skip: `the X11 listener runs on Linux, not ${process.platform}` };
  if (spawnSync('xdotool', ['--version']).error) return { skip: 'xdotool is not installed (apt install xdotool)' };
  let why = '';
  // Another test may take the same display number at the same moment: then try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const n = freeDisplay();
    const server = spawn('Xvfb', [`:${n}`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    const failed = new Promise<string>((resolve) => {
      server.on('error', (error) => resolve(`Xvfb could not be started: ${error.message}`));
      server.on('exit', (code) => resolve(`Xvfb exited with code ${code}`));
    });
    for (let waited = 0; waited < 5_000 && !why; waited += 50) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, server };
      why = (await Promise.race([failed, new Promise<string>((resolve) => setTimeout(() => resolve(''), 50))])) || '';
    }
    server.kill();
    if (why.startsWith('Xvfb could not be started')) break;
    why ||= 'Xvfb did not open its socket within 5 s';
    if (attempt < 2) why = '';
  }
  return { skip: why };
}

describe('hold-to-talk under a real X server (Xvfb, keys pressed by xdotool)', () => {
  let x: Awaited<ReturnType<typeof startXvfb>>;
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    x = await startXvfb();
    if ('skip' in x) console.warn(`SKIPPED the Xvfb hotkey tests: ${x.skip}`);
  });

  afterAll(() => {
    if ('server' in x) x.server.kill();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
  });

  const xdotool = (display: string, ...args: string[]) => {
    const result = spawnSync('xdotool', args, { env: { ...process.env, DISPLAY: display } });
    if (result.status !== 0) throw new Error(`xdotool ${args.join(' ')}: ${result.stderr}`);
  };

  it('reports down and up of Ctrl+Alt+Space, ignores other chords, and reports Esc', async (ctx) => {
    if ('skip' in x) return ctx.skip(x.skip);
    const { display } = x;
    process.env.DISPLAY = display;
    // The npm package ships the helper without its execute bit: the adapter must set it itself.
    chmodSync(keyServerPath('linux'), 0o644);
    const seen: string[] = [];
    const hotkey = new GlobalKeyHotkey(parseChord('Ctrl+Alt+Space', 'linux'));
    await hotkey.start({ onDown: () => seen.push('down'), onUp: () => seen.push('up'), onCancel: () => seen.push('cancel') });
    try {
      expect(() => accessSync(keyServerPath('linux'), constants.X_OK)).not.toThrow();
      xdotool(display, 'keydown', 'ctrl+alt+space');
      await vi.waitFor(() => expect(seen).toEqual(['down']), { timeout: 3_000 });
      // Held: nothing more until a key of the chord is released.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(seen).toEqual(['down']);
      xdotool(display, 'keyup', 'ctrl+alt+space');
      await vi.waitFor(() => expect(seen).toEqual(['down', 'up']), { timeout: 3_000 });
      xdotool(display, 'key', 'ctrl+space');
      xdotool(display, 'key', 'Escape');
      await vi.waitFor(() => expect(seen).toEqual(['down', 'up', 'cancel']), { timeout: 3_000 });
    } finally {
      hotkey.stop();
    }
  }, 15_000);

  it('fails to start, saying why, when the display cannot be opened', async (ctx) => {
    if ('skip' in x) return ctx.skip(x.skip);
    process.env.DISPLAY = `:${freeDisplay()}`;
    const hotkey = new GlobalKeyHotkey(parseChord('Ctrl+Alt+Space', 'linux'));
    await expect(hotkey.start({ onDown: () => undefined, onUp: () => undefined })).rejects.toThrow(/the key listener stopped \(exit code 1\): Cannot open X display/);
    delete process.env.DISPLAY;
    await expect(hotkey.start({ onDown: () => undefined, onUp: () => undefined })).rejects.toThrow(/DISPLAY is not set/);
  }, 15_000);
});
