/**
 * A push-to-talk chord such as "Ctrl+Alt+Space": parsed once, with errors that say what to
 * write instead, then given to the key listener (by node-global-key-listener's key names) or to
 * Electron's globalShortcut (as an accelerator).
 */
export type Modifier = 'ctrl' | 'alt' | 'shift' | 'meta';

/** How a chord is reported: 'hold' gives key-down and key-up; 'toggle' only presses (start, then stop). */
export type HotkeyMode = 'hold' | 'toggle';

export interface Chord {
  modifiers: ReadonlySet<Modifier>;
  /** The one key besides the modifiers, by node-global-key-listener's name ("SPACE", "F13"). */
  key: string;
  /** As people read it: "Ctrl+Alt+Space". */
  label: string;
  /** As Electron's globalShortcut reads it. */
  accelerator: string;
}

export class ChordError extends Error {
  override readonly name = 'ChordError';
}

export const DEFAULT_CHORD = 'Ctrl+Alt+Space';

const MODIFIER_WORDS: Record<string, Modifier | 'command-or-control'> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  alt: 'alt',
  option: 'alt',
  shift: 'shift',
  meta: 'meta',
  super: 'meta',
  win: 'meta',
  cmd: 'meta',
  command: 'meta',
  cmdorctrl: 'command-or-control',
  commandorcontrol: 'command-or-control',
};

/** Which physical keys count as each modifier, in the listener's names. */
export const MODIFIER_KEYS: Record<Modifier, readonly string[]> = {
  ctrl: ['LEFT CTRL', 'RIGHT CTRL'],
  alt: ['LEFT ALT', 'RIGHT ALT'],
  shift: ['LEFT SHIFT', 'RIGHT SHIFT'],
  meta: ['LEFT META', 'RIGHT META'],
};

const MODIFIER_ORDER: readonly Modifier[] = ['ctrl', 'alt', 'shift', 'meta'];

interface KeySpec {
  listenerName: string;
  label: string;
  accelerator: string;
}

const NAMED_KEYS: Record<string, KeySpec> = {
  space: { listenerName: 'SPACE', label: 'Space', accelerator: 'Space' },
  enter: { listenerName: 'RETURN', label: 'Enter', accelerator: 'Return' },
  return: { listenerName: 'RETURN', label: 'Enter', accelerator: 'Return' },
  tab: { listenerName: 'TAB', label: 'Tab', accelerator: 'Tab' },
  escape: { listenerName: 'ESCAPE', label: 'Esc', accelerator: 'Escape' },
  esc: { listenerName: 'ESCAPE', label: 'Esc', accelerator: 'Escape' },
  backspace: { listenerName: 'BACKSPACE', label: 'Backspace', accelerator: 'Backspace' },
  delete: { listenerName: 'DELETE', label: 'Delete', accelerator: 'Delete' },
  insert: { listenerName: 'INS', label: 'Insert', accelerator: 'Insert' },
  home: { listenerName: 'HOME', label: 'Home', accelerator: 'Home' },
  end: { listenerName: 'END', label: 'End', accelerator: 'End' },
  pageup: { listenerName: 'PAGE UP', label: 'PageUp', accelerator: 'PageUp' },
  pagedown: { listenerName: 'PAGE DOWN', label: 'PageDown', accelerator: 'PageDown' },
  up: { listenerName: 'UP ARROW', label: 'Up', accelerator: 'Up' },
  down: { listenerName: 'DOWN ARROW', label: 'Down', accelerator: 'Down' },
  left: { listenerName: 'LEFT ARROW', label: 'Left', accelerator: 'Left' },
  right: { listenerName: 'RIGHT ARROW', label: 'Right', accelerator: 'Right' },
  backtick: { listenerName: 'BACKTICK', label: '`', accelerator: '`' },
};

const KEY_HELP = 'a letter, a digit, F1–F24, Space, Enter, Tab, Esc, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right or Backtick';

function keySpec(word: string): KeySpec | undefined {
  const lower = word.toLowerCase();
  if (/^[a-z0-9]$/.test(lower)) {
    const upper = lower.toUpperCase();
    return { listenerName: upper, label: upper, accelerator: upper };
  }
  const fKey = /^f([1-9]|1\d|2[0-4])$/.exec(lower);
  if (fKey) return { listenerName: `F${fKey[1]}`, label: `F${fKey[1]}`, accelerator: `F${fKey[1]}` };
  return NAMED_KEYS[lower];
}

const MODIFIER_LABELS: Record<Modifier, string> = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: 'Super' };
const MAC_LABELS: Record<Modifier, string> = { ctrl: 'Ctrl', alt: 'Option', shift: 'Shift', meta: 'Cmd' };
const ACCELERATOR_MODIFIERS: Record<Modifier, string> = { ctrl: 'Control', alt: 'Alt', shift: 'Shift', meta: 'Super' };

/**
 * Parses "Ctrl+Alt+Space" (any case, spaces allowed around "+"). One key besides the modifiers;
 * a key on its own only when it is F1–F24, so holding it cannot type into another window.
 */
export function parseChord(text: string, platform: NodeJS.Platform = process.platform): Chord {
  const quoted = JSON.stringify(text);
  const parts = text.split('+').map((part) => part.trim());
  if (text.trim() === '' || parts.some((part) => part === '')) {
    throw new ChordError(`the hotkey ${quoted} is not a chord: write modifiers and one key joined by "+", e.g. ${DEFAULT_CHORD}`);
  }
  const modifiers = new Set<Modifier>();
  const keys: { word: string; spec: KeySpec }[] = [];
  for (const part of parts) {
    const modifierWord = MODIFIER_WORDS[part.toLowerCase()];
    if (modifierWord) {
      const modifier: Modifier = modifierWord === 'command-or-control' ? (platform === 'darwin' ? 'meta' : 'ctrl') : modifierWord;
      if (modifiers.has(modifier)) throw new ChordError(`the hotkey ${quoted} names ${MODIFIER_LABELS[modifier]} twice`);
      modifiers.add(modifier);
      continue;
    }
    const spec = keySpec(part);
    if (!spec) throw new ChordError(`the hotkey ${quoted} has an unknown key "${part}": use Ctrl, Alt, Shift or Super with ${KEY_HELP}`);
    keys.push({ word: part, spec });
  }
  if (keys.length === 0) throw new ChordError(`the hotkey ${quoted} has only modifiers: add one key, e.g. ${[...parts, 'Space'].join('+')}`);
  if (keys.length > 1) throw new ChordError(`the hotkey ${quoted} has ${keys.length} keys (${keys.map((k) => k.word).join(', ')}): a chord is modifiers and one key`);
  const key = keys[0]!.spec;
  if (modifiers.size === 0 && !/^F\d+$/.test(key.listenerName)) {
    throw new ChordError(`the hotkey ${quoted} is a single key that types text while held: add a modifier (e.g. Ctrl+Alt+${key.label}) or use F1–F24`);
  }
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m));
  const labels = platform === 'darwin' ? MAC_LABELS : MODIFIER_LABELS;
  return {
    modifiers,
    key: key.listenerName,
    label: [...ordered.map((m) => labels[m]), key.label].join('+'),
    accelerator: [...ordered.map((m) => (m === 'meta' && platform === 'darwin' ? 'Command' : ACCELERATOR_MODIFIERS[m])), key.accelerator].join('+'),
  };
}
