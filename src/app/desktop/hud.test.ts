import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../../../tests/doubles/desktop';
import { DEFAULT_HUD_LIMITS, HudMachine, hudView, type HudState } from './hud';

function machine(extra: { onListenLimit?: () => void; onWorkTimeout?: () => void } = {}) {
  const timers = new ManualTimers();
  const hud = new HudMachine({ timers, ...extra });
  const seen: HudState['kind'][] = [];
  hud.onChange((state) => {
    if (seen.at(-1) !== state.kind) seen.push(state.kind);
  });
  return { hud, timers, seen };
}

describe('the HUD state machine', () => {
  it('walks one utterance from listening to a result and fades back to idle', () => {
    const { hud, timers, seen } = machine();
    expect(hud.startListening('hold', 'Ctrl+Alt+Space')).toBe(true);
    hud.level(0.4);
    expect(hud.state).toMatchObject({ kind: 'listening', level: 0.4 });
    expect(hud.stopListening()).toBe(true);
    hud.heard('lunch with Dana tomorrow at noon');
    hud.finished({ outcome: 'applied', reply: 'Added Lunch with Dana tomorrow 12:00–13:00' }, 'lunch with Dana tomorrow at noon', 'Ctrl+Alt+Space');
    expect(hud.state).toMatchObject({ kind: 'done', canUndo: true });
    timers.advance(DEFAULT_HUD_LIMITS.shownMs.applied - 1);
    expect(hud.state.kind).toBe('done');
    timers.advance(1);
    expect(seen).toEqual(['listening', 'transcribing', 'planning', 'done', 'idle']);
  });

  it('refuses a new key-down while an utterance is worked on, and accepts one over a shown result', () => {
    const { hud } = machine();
    hud.startListening('hold', 'F13');
    expect(hud.startListening('hold', 'F13')).toBe(false);
    hud.stopListening();
    expect(hud.startListening('hold', 'F13')).toBe(false);
    hud.finished({ outcome: 'answered', reply: 'You have nothing tomorrow.' }, 'what is on tomorrow', 'F13');
    expect(hud.startListening('hold', 'F13')).toBe(true);
  });

  it('ends a forgotten recording at the time limit, and abandons work that hangs', () => {
    const calls: string[] = [];
    const { hud, timers } = machine({ onListenLimit: () => calls.push('limit'), onWorkTimeout: () => calls.push('timeout') });
    hud.startListening('toggle', 'Ctrl+Alt+Space');
    timers.advance(DEFAULT_HUD_LIMITS.listenMs);
    expect(calls).toEqual(['limit']);
    hud.stopListening();
    hud.heard('move my dentist to friday');
    timers.advance(DEFAULT_HUD_LIMITS.workMs);
    expect(calls).toEqual(['limit', 'timeout']);
    expect(hud.state).toMatchObject({ kind: 'error', message: 'That took too long, so I stopped.' });
    // A result arriving after the timeout is not shown.
    hud.finished({ outcome: 'applied', reply: 'Moved' }, 'x', 'F13');
    expect(hud.state.kind).toBe('error');
    timers.advance(DEFAULT_HUD_LIMITS.errorMs);
    expect(hud.state.kind).toBe('idle');
  });

  it('cancels from any state, and its timers with it', () => {
    const calls: string[] = [];
    const { hud, timers } = machine({ onListenLimit: () => calls.push('limit') });
    hud.startListening('hold', 'F13');
    hud.cancel();
    expect(hud.state.kind).toBe('idle');
    timers.advance(DEFAULT_HUD_LIMITS.listenMs * 2);
    expect(calls).toEqual([]);
    expect(hud.stopListening()).toBe(false);
  });

  it('keeps a question up longer than an answer', () => {
    const { hud, timers } = machine();
    hud.startListening('hold', 'F13');
    hud.stopListening();
    hud.finished({ outcome: 'asked', reply: 'Which dentist appointment?' }, 'move the dentist', 'F13');
    timers.advance(DEFAULT_HUD_LIMITS.shownMs.answered);
    expect(hud.state.kind).toBe('done');
    timers.advance(DEFAULT_HUD_LIMITS.shownMs.asked);
    expect(hud.state.kind).toBe('idle');
  });
});

describe('what each HUD state shows', () => {
  it('tells how to finish, per hotkey mode', () => {
    expect(hudView({ kind: 'listening', mode: 'hold', hotkey: 'Ctrl+Alt+Space', level: 0.5 })).toEqual({
      state: 'listening',
      tone: 'active',
      title: 'Listening…',
      hint: 'Release Ctrl+Alt+Space when you are done · Esc cancels',
      level: 0.5,
    });
    expect(hudView({ kind: 'listening', mode: 'toggle', hotkey: 'Ctrl+Alt+Space', level: 0 }).hint).toBe('Press Ctrl+Alt+Space again when you are done');
  });

  it('shows the transcript while planning, then the reply with how to undo or answer', () => {
    expect(hudView({ kind: 'planning', transcript: 'cancel standup' })).toMatchObject({ title: '“cancel standup”', detail: 'Working it out…' });
    expect(hudView({ kind: 'done', outcome: 'applied', reply: 'Cancelled Standup', transcript: 'cancel standup', hotkey: 'F13', canUndo: true })).toMatchObject({
      tone: 'success',
      title: 'Cancelled Standup',
      detail: '“cancel standup”',
      hint: expect.stringMatching(/^Undo/),
      outcome: 'applied',
    });
    expect(hudView({ kind: 'done', outcome: 'asked', reply: 'Which one?', hotkey: 'F13', canUndo: false })).toMatchObject({ tone: 'question', hint: 'Hold F13 to answer' });
    expect(hudView({ kind: 'error', message: 'I didn’t catch that.' })).toEqual({ state: 'error', tone: 'error', title: 'I didn’t catch that.' });
    expect(hudView({ kind: 'idle' }).title).toBe('');
  });
});
