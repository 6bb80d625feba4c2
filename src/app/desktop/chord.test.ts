import { describe, expect, it } from 'vitest';
import { ChordError, DEFAULT_CHORD, parseChord } from './chord';
import { FakeHotkey } from '../../../tests/doubles/desktop';
import { ChordTracker, chooseHotkeyMode, FallbackHotkey, ToggleHotkey, type ShortcutRegistrar } from './hotkey';

describe('parsing a hotkey chord', () => {
  it('reads modifiers and one key, in any case and order, with spaces around "+"', () => {
    const chord = parseChord('alt + CTRL + space', 'linux');
    expect([...chord.modifiers].sort()).toEqual(['alt', 'ctrl']);
    expect(chord).toMatchObject({ key: 'SPACE', label: 'Ctrl+Alt+Space', accelerator: 'Control+Alt+Space' });
    expect(parseChord(DEFAULT_CHORD, 'linux').label).toBe('Ctrl+Alt+Space');
  });

  it('knows the synonyms people write, and CmdOrCtrl per platform', () => {
    expect(parseChord('Control+Option+K', 'linux')).toMatchObject({ key: 'K', label: 'Ctrl+Alt+K' });
    expect(parseChord('Super+Enter', 'linux')).toMatchObject({ key: 'RETURN', accelerator: 'Super+Return' });
    expect(parseChord('CmdOrCtrl+Shift+F5', 'darwin')).toMatchObject({ label: 'Shift+Cmd+F5', accelerator: 'Shift+Command+F5' });
    expect(parseChord('CmdOrCtrl+Shift+F5', 'win32')).toMatchObject({ label: 'Ctrl+Shift+F5', accelerator: 'Control+Shift+F5' });
    expect(parseChord('Ctrl+PageDown', 'linux')).toMatchObject({ key: 'PAGE DOWN' });
    expect(parseChord('F13', 'linux')).toMatchObject({ key: 'F13', label: 'F13' });
  });

  it.each([
    ['', /not a chord/],
    ['Ctrl++Space', /not a chord: write modifiers and one key joined by "\+"/],
    ['Ctrl+Alt+Spcae', /unknown key "Spcae"/],
    ['Ctrl+Alt', /only modifiers: add one key, e\.g\. Ctrl\+Alt\+Space/],
    ['Ctrl+A+B', /2 keys \(A, B\)/],
    ['Ctrl+Control+Space', /names Ctrl twice/],
    ['Space', /single key that types text while held/],
    ['F25', /unknown key "F25"/],
  ])('refuses %j with a clear error', (text, message) => {
    expect(() => parseChord(text, 'linux')).toThrow(ChordError);
    expect(() => parseChord(text, 'linux')).toThrow(message);
  });
});

describe('tracking a chord in single key events', () => {
  const press = (tracker: ChordTracker, events: [string, 'DOWN' | 'UP'][]) => events.map(([key, state]) => tracker.feed(key, state)).filter(Boolean);

  it('goes down when the key comes with exactly its modifiers, and up at the first release', () => {
    const tracker = new ChordTracker(parseChord('Ctrl+Alt+Space', 'linux'));
    expect(press(tracker, [['LEFT CTRL', 'DOWN'], ['LEFT ALT', 'DOWN'], ['SPACE', 'DOWN'], ['SPACE', 'DOWN'], ['LEFT CTRL', 'UP'], ['SPACE', 'UP'], ['LEFT ALT', 'UP']])).toEqual(['down', 'up']);
    // Right-hand modifiers count too; releasing the key first ends it as well.
    expect(press(tracker, [['RIGHT CTRL', 'DOWN'], ['RIGHT ALT', 'DOWN'], ['SPACE', 'DOWN'], ['SPACE', 'UP']])).toEqual(['down', 'up']);
  });

  it('ignores the key without its modifiers, or with an extra one', () => {
    const tracker = new ChordTracker(parseChord('Ctrl+Alt+Space', 'linux'));
    expect(press(tracker, [['SPACE', 'DOWN'], ['SPACE', 'UP'], ['LEFT CTRL', 'DOWN'], ['SPACE', 'DOWN'], ['SPACE', 'UP']])).toEqual([]);
    expect(press(tracker, [['LEFT ALT', 'DOWN'], ['LEFT SHIFT', 'DOWN'], ['SPACE', 'DOWN'], ['SPACE', 'UP']])).toEqual([]);
  });

  it('counts a held chord as released when the listener stops', () => {
    const tracker = new ChordTracker(parseChord('F13', 'linux'));
    expect(tracker.feed('F13', 'DOWN')).toBe('down');
    expect(tracker.reset()).toBe('up');
    expect(tracker.reset()).toBeUndefined();
  });
});

describe('the press-to-start fallback', () => {
  function registrar(accept = true) {
    const registered = new Map<string, () => void>();
    const shortcuts: ShortcutRegistrar = {
      register: (accelerator, onPress) => (accept ? (registered.set(accelerator, onPress), true) : false),
      unregister: (accelerator) => void registered.delete(accelerator),
    };
    return { shortcuts, registered };
  }

  it('turns presses into down, up, down ... and starts over after the controller ends a recording', async () => {
    const { shortcuts, registered } = registrar();
    const hotkey = new ToggleHotkey(parseChord('Ctrl+Alt+Space', 'linux'), shortcuts);
    const seen: string[] = [];
    await hotkey.start({ onDown: () => seen.push('down'), onUp: () => seen.push('up') });
    const press = registered.get('Control+Alt+Space')!;
    press();
    press();
    press();
    hotkey.released();
    press();
    expect(seen).toEqual(['down', 'up', 'down', 'down']);
    hotkey.stop();
    expect(registered.size).toBe(0);
  });

  it('says when the shortcut is taken', async () => {
    const hotkey = new ToggleHotkey(parseChord('Ctrl+Alt+Space', 'linux'), registrar(false).shortcuts);
    await expect(hotkey.start({ onDown: () => undefined, onUp: () => undefined })).rejects.toThrow(/could not be registered: another application may be using it/);
  });
});

describe('falling back from hold to toggle', () => {
  it('uses the key listener when it starts, and the toggle when it does not, saying why', async () => {
    const reasons: string[] = [];
    const handlers = { onDown: () => undefined, onUp: () => undefined };
    const working = new FallbackHotkey(new FakeHotkey('hold'), new FakeHotkey('toggle'), (r) => reasons.push(r));
    await working.start(handlers);
    expect(working.mode).toBe('hold');
    const broken = new FakeHotkey('hold');
    broken.start = () => Promise.reject(new Error('no X display'));
    const toggle = new FakeHotkey('toggle');
    const fallingBack = new FallbackHotkey(broken, toggle, (r) => reasons.push(r));
    await fallingBack.start(handlers);
    expect(fallingBack.mode).toBe('toggle');
    fallingBack.released();
    fallingBack.stop();
    expect([toggle.releasedCount, toggle.stopped, reasons]).toEqual([1, true, ['no X display']]);
  });
});

describe('choosing hold or toggle', () => {
  it('holds on X11, macOS and Windows; toggles on Wayland or without a display', () => {
    expect(chooseHotkeyMode({ DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' }, 'linux')).toEqual({ mode: 'hold' });
    expect(chooseHotkeyMode({}, 'darwin')).toEqual({ mode: 'hold' });
    expect(chooseHotkeyMode({}, 'win32')).toEqual({ mode: 'hold' });
    expect(chooseHotkeyMode({ DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' }, 'linux')).toMatchObject({ mode: 'toggle', reason: expect.stringMatching(/Wayland/) });
    expect(chooseHotkeyMode({}, 'linux')).toMatchObject({ mode: 'toggle', reason: expect.stringMatching(/DISPLAY/) });
  });
});
