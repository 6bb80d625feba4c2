import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeHotkey, FakeHud, FakeMicrophone, FakeNotifier, FakeTray, ManualTimers } from '../../../tests/doubles/desktop';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { useTempDirs } from '../../../tests/support/temp';
import { createClient } from '../../api/client';
import { localToInstant } from '../../domain/time';
import { SttRouter } from '../../voice/stt/router';
import { EspeakTts } from '../../voice/tts/espeak-tts';
import { createHost, inProcessTransport } from '../host';
import { DesktopController, levelOf } from './controller';
import { DEFAULT_HUD_LIMITS } from './hud';
import type { HotkeyMode } from './chord';
import { contractVoiceTurns } from './voice-turns';

const ZONE = 'Europe/Berlin';
const NOW = localToInstant('2026-12-03T10:30', ZONE);
const tempDir = useTempDirs();

let speech: Int16Array;
beforeAll(async () => {
  const audio = await new EspeakTts().synthesize('add lunch with Dana tomorrow at noon');
  speech = Int16Array.from(audio.samples, (s) => Math.round(Math.max(-1, Math.min(1, s)) * 32_767));
});

function desktop(options: { heard?: string; mode?: HotkeyMode; supportsActions?: boolean; delayMs?: number; unavailable?: string } = {}) {
  const engine = new ScriptedSttEngine({ text: options.heard ?? 'add lunch with Dana tomorrow at noon', delayMs: options.delayMs ?? 0 });
  const router = new SttRouter({ local: engine, allowCloud: false });
  const host = createHost({ dataDir: tempDir(), timeZone: ZONE, now: () => NOW, speechEngines: () => ({ router, label: engine.name, speculate: true, close: async () => undefined, ...(options.unavailable && { unavailable: options.unavailable }) }),
  });
  const client = createClient(inProcessTransport(host));
  const timers = new ManualTimers();
  const hotkey = new FakeHotkey(options.mode ?? 'hold');
  const microphone = new FakeMicrophone(speech);
  const hud = new FakeHud();
  const notifier = new FakeNotifier(options.supportsActions ?? true);
  const tray = new FakeTray();
  const shell = { open: vi.fn(), openEvent: vi.fn(), settings: vi.fn(), quit: vi.fn() };
  const controller = new DesktopController({
    client,
    hotkey,
    microphone,
    voice: contractVoiceTurns(client),
    timeZone: ZONE,
    hud,
    notifier,
    tray,
    shell,
    timers,
    now: () => NOW + timers.now,
  });
  return { host, client, engine, timers, hotkey, microphone, hud, notifier, tray, shell, controller };
}

async function agendaTitles(d: ReturnType<typeof desktop>) {
  return (await d.client.send('agenda.list', { from: '2026-12-03', to: '2026-12-05' })).entries.map((e) => e.title);
}

describe('the desktop controller, through in-memory adapters', () => {
  it('hold, speak, release: the HUD walks the states, the change is applied and notified with Undo', async () => {
    const d = desktop();
    await d.controller.start();
    d.hotkey.handlers!.onDown();
    d.hotkey.handlers!.onUp();
    await d.controller.settled();
    expect(d.hud.states).toEqual(['listening', 'transcribing', 'planning', 'done']);
    expect(d.hud.shown.find((v) => v.state === 'listening')).toMatchObject({ hint: 'Release Ctrl+Alt+Space when you are done · Esc cancels' });
    const done = d.hud.shown.at(-1)!;
    expect(done).toMatchObject({ outcome: 'applied', detail: '“add lunch with Dana tomorrow at noon”', tone: 'success' });
    expect(await agendaTitles(d)).toEqual([expect.stringMatching(/lunch/i)]);
    expect(d.notifier.shown).toHaveLength(1);
    expect(d.notifier.shown[0]!.notification).toMatchObject({ kind: 'applied', body: done.title, actions: [{ id: 'undo', label: 'Undo' }] });
    expect(d.tray.labels()).toContain(`Undo “${done.title}”`);
    expect(d.microphone.stopped).toBe(1);

    d.notifier.shown[0]!.act('undo');
    await vi.waitFor(() => expect(d.hud.shown.at(-1)).toMatchObject({ state: 'done', outcome: 'undone', title: expect.stringMatching(/^Undid: /) }));
    expect(await agendaTitles(d)).toEqual([]);
    expect(d.tray.labels()).toContain('Undo');
    await d.controller.stop();
    expect(d.hotkey.stopped).toBe(true);
  });

  it('will not undo a change that is no longer the newest', async () => {
    const d = desktop();
    await d.controller.start();
    await d.controller.keyDown();
    await d.controller.keyUp();
    await d.client.send('events.create', { title: 'Dentist', start: '2026-12-04T09:00', end: '2026-12-04T10:00' });
    await d.controller.notificationAction('undo', d.notifier.shown[0]!.notification, undefined);
    expect(d.hud.shown.at(-1)).toMatchObject({ outcome: 'failed', title: expect.stringMatching(/no longer the latest/) });
    expect(await agendaTitles(d)).toHaveLength(2);
    await d.controller.stop();
  });

  it('says how to undo where notifications have no buttons', async () => {
    const d = desktop({ supportsActions: false });
    await d.controller.start();
    await d.controller.keyDown();
    await d.controller.keyUp();
    expect(d.notifier.shown[0]!.notification.body).toMatch(/say “undo that” or use Undo in the tray menu/);
    await d.controller.stop();
  });

  it('reports a dead microphone and a microphone that cannot open, without asking the engine', async () => {
    const d = desktop();
    await d.controller.start();
    d.microphone.samples = new Int16Array(16_000);
    await d.controller.keyDown();
    await d.controller.keyUp();
    expect(d.hud.shown.at(-1)).toMatchObject({ state: 'error', title: expect.stringMatching(/microphone/i) });
    d.microphone.failWith = new Error('no such device');
    await d.controller.keyDown();
    expect(d.hud.shown.at(-1)).toMatchObject({ state: 'error', title: 'The microphone could not be opened: no such device' });
    expect(d.hotkey.releasedCount).toBe(1);
    await d.controller.keyUp();
    expect(d.engine.heard).toHaveLength(0);
    await d.controller.stop();
  });

  it('says why when the host has no speech engine', async () => {
    const d = desktop({ unavailable: 'No speech model is installed (run `tempopilot models download tiny.en`).' });
    await d.controller.start();
    await d.controller.keyDown();
    await d.controller.keyUp();
    expect(d.hud.shown.at(-1)).toMatchObject({ state: 'error', title: 'No speech model is installed (run `tempopilot models download tiny.en`).' });
    await d.controller.stop();
  });

  it('Esc while listening drops the utterance, on the host too', async () => {
    const d = desktop();
    const calls: string[] = [];
    const dispatch = d.host.dispatch;
    d.host.dispatch = (name, args) => {
      calls.push(name);
      return dispatch(name, args);
    };
    await d.controller.start();
    await d.controller.keyDown();
    d.hotkey.handlers!.onCancel!();
    await vi.waitFor(() => expect(d.hud.visible).toBe(false));
    await d.controller.keyUp();
    expect(d.engine.heard).toHaveLength(0);
    expect(d.hud.states).toEqual(['listening']);
    await vi.waitFor(() => expect(calls).toContain('voice.cancel'));
    expect(calls).not.toContain('voice.stop');
    expect(await agendaTitles(d)).toEqual([]);
    await d.controller.stop();
  });

  it('in toggle mode, ends a forgotten recording at the time limit and finishes it', async () => {
    const d = desktop({ mode: 'toggle' });
    await d.controller.start();
    d.hotkey.handlers!.onDown();
    expect(d.hud.shown[0]).toMatchObject({ hint: 'Press Ctrl+Alt+Space again when you are done' });
    d.timers.advance(DEFAULT_HUD_LIMITS.listenMs);
    await d.controller.settled();
    expect(d.hotkey.releasedCount).toBe(1);
    expect(d.hud.shown.at(-1)).toMatchObject({ outcome: 'applied' });
    await d.controller.stop();
  });

  it('abandons work past its limit and never shows its late result', async () => {
    const d = desktop({ delayMs: 300 });
    await d.controller.start();
    await d.controller.keyDown();
    const working = d.controller.keyUp();
    d.timers.advance(DEFAULT_HUD_LIMITS.workMs);
    expect(d.hud.shown.at(-1)).toMatchObject({ state: 'error', title: 'That took too long, so I stopped.' });
    await working;
    expect(d.hud.shown.at(-1)!.state).toBe('error');
    expect(d.notifier.shown).toHaveLength(0);
    await d.controller.stop();
  });

  it('dismisses the assistant\'s question when the HUD asking it is cancelled', async () => {
    const d = desktop({ heard: 'remind me to call mom' });
    await d.controller.start();
    await d.controller.keyDown();
    await d.controller.keyUp();
    expect(d.hud.shown.at(-1)).toMatchObject({ outcome: 'asked', hint: 'Hold Ctrl+Alt+Space to answer' });
    expect(await d.client.send('assistant.pending', {})).not.toBeNull();
    await d.controller.cancel();
    expect(await d.client.send('assistant.pending', {})).toBeNull();
    await d.controller.stop();
  });

  it('keeps the tray menu in step with the calendar, listening and sync, and runs its actions', async () => {
    const d = desktop();
    await d.client.send('events.create', { title: 'Design review', start: '2026-12-03T11:00', end: '2026-12-03T12:00' });
    await d.controller.start();
    expect(d.tray.labels().slice(0, 2)).toEqual(['Today', '11:00  Design review']);
    expect(d.tray.status).toEqual({ state: 'idle', tooltip: 'TempoPilot: hold Ctrl+Alt+Space to talk' });
    expect(d.tray.labels()).toContain('Sync: not connected');

    await d.client.send('events.create', { title: 'Gym', start: '2026-12-03T18:00', end: '2026-12-03T19:00' });
    await vi.waitFor(() => expect(d.tray.labels()).toContain('18:00  Gym'));

    d.tray.click('Start listening (Ctrl+Alt+Space)');
    await vi.waitFor(() => expect(d.tray.labels()).toContain('Stop listening'));
    expect(d.tray.status?.state).toBe('listening');
    expect(d.hud.shown.at(-1)).toMatchObject({ hint: 'Press Ctrl+Alt+Space again when you are done' });
    d.tray.click('Stop listening');
    await d.controller.settled();
    expect(d.hud.shown.at(-1)).toMatchObject({ outcome: 'applied' });

    const reviewLine = d.tray.menu.find((i) => i.kind === 'action' && i.label === '11:00  Design review');
    d.tray.click('11:00  Design review');
    expect(d.shell.openEvent).toHaveBeenCalledWith(reviewLine?.kind === 'action' && reviewLine.action.type === 'open-event' ? reviewLine.action.eventId : '');
    d.tray.click('Open TempoPilot');
    d.tray.click('Settings…');
    d.tray.click('Quit TempoPilot');
    expect([d.shell.open, d.shell.settings, d.shell.quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    await d.controller.stop();
  });

  it('pauses and resumes background sync from the tray', async () => {
    const d = desktop();
    const connected = { connected: true, pendingChanges: 0, cursor: 0 };
    const calls: string[] = [];
    const dispatch = d.host.dispatch;
    d.host.dispatch = async (name, args) => {
      calls.push(name);
      if (name === 'sync.status') return { ok: true, data: connected };
      if (name === 'sync.run') return { ok: true, data: { pushed: 0, pulled: 0, rejected: [], conflicts: [] } };
      return dispatch(name, args);
    };
    await d.controller.start();
    d.tray.click('Pause sync');
    expect(d.tray.labels()).toContain('Resume sync');
    expect(d.tray.status).toEqual({ state: 'paused', tooltip: 'TempoPilot: sync paused' });
    d.timers.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).not.toContain('sync.run');
    d.tray.click('Resume sync');
    await vi.waitFor(() => expect(calls).toContain('sync.run'));
    expect(d.tray.labels()).toContain('Pause sync');
    await d.controller.stop();
  });

  it('announces meetings five minutes ahead and reminders when due, with Snooze', async () => {
    const d = desktop();
    await d.client.send('events.create', { title: 'Design review', start: '2026-12-03T10:36', end: '2026-12-03T11:00' });
    await d.controller.start();
    d.timers.advance(30_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(d.notifier.shown).toHaveLength(0);
    d.timers.advance(30_000);
    await vi.waitFor(() => expect(d.notifier.shown).toHaveLength(1));
    const shown = d.notifier.shown[0]!;
    expect(shown.notification).toMatchObject({ kind: 'reminder', title: 'Design review', body: 'In 5 min · 10:36–11:00', actions: [{ id: 'snooze' }, { id: 'open' }] });
    shown.act('snooze');
    d.timers.advance(4 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(d.notifier.shown).toHaveLength(1);
    d.timers.advance(60_000);
    await vi.waitFor(() => expect(d.notifier.shown).toHaveLength(2));
    expect(d.notifier.shown[1]!.notification.body).toBe('Now · 10:36–11:00');
    shown.act('open');
    expect(d.shell.openEvent).toHaveBeenCalledWith(shown.notification.eventId);
    await d.controller.stop();
  });
});

describe('the input level', () => {
  it('is 0 for silence and grows with loudness, capped at 1', () => {
    expect(levelOf(new Int16Array(160))).toBe(0);
    expect(levelOf(Int16Array.from({ length: 160 }, (_, i) => (i % 2 ? 3_000 : -3_000)))).toBeCloseTo(0.366, 2);
    expect(levelOf(Int16Array.from({ length: 160 }, (_, i) => (i % 2 ? 32_000 : -32_000)))).toBe(1);
  });
});
