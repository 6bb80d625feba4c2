import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeHotkey, FakeMicrophone, FakeNotifier } from '../../../tests/doubles/desktop';
import { ScriptedSttEngine } from '../../../tests/doubles/scripted-stt-engine';
import { useTempDirs } from '../../../tests/support/temp';
import type { Microphone } from '../../app/desktop/ports';
import { RecorderError, SOX_RAW_OUTPUT, SpawnedMicrophone } from '../../app/desktop/recorder';
import { SttRouter } from '../../voice/stt/router';
import { EspeakTts } from '../../voice/tts/espeak-tts';
import type { MonoAudio } from '../../voice/audio';
import { writeWav } from '../../voice/wav';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from '../main';
import type { DaemonServices } from '../services';

const tempDir = useTempDirs();

let speech: MonoAudio;
beforeAll(async () => {
  speech = await new EspeakTts().synthesize('add lunch with Dana tomorrow at noon');
});

const asInt16 = (audio: MonoAudio) => Int16Array.from(audio.samples, (s) => Math.round(Math.max(-1, Math.min(1, s)) * 32_767));

/** Starts `tempopilot daemon` with the given adapters; `stop()` is its SIGINT. */
function startDaemon(services: DaemonServices, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: () => void = () => undefined;
  const until = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const exit = runCli(['--data-dir', tempDir(), '--tz', 'Europe/Berlin', 'daemon', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, { daemon: { encoder: false, until, ...services } });
  return { out, err, stop, exit };
}

function speechServices(microphone: () => Microphone) {
  const script = { text: 'add lunch with Dana tomorrow at noon' };
  const hotkey = new FakeHotkey();
  const notifier = new FakeNotifier(false);
  const services: DaemonServices = {
    hotkey: () => hotkey,
    microphone,
    notifier: () => notifier,
    speechEngines: () => ({ router: new SttRouter({ local: new ScriptedSttEngine(script), allowCloud: false }), label: 'local:scripted', speculate: true, close: async () => undefined }),
  };
  return { services, hotkey, notifier, script };
}

describe('tempopilot daemon', () => {
  it('hold, speak, release: applies the command, notifies with how to undo, and undoes by voice', async () => {
    const { services, hotkey, notifier, script } = speechServices(() => new FakeMicrophone(asInt16(speech)));
    const daemon = startDaemon(services);
    await vi.waitFor(() => expect(daemon.out).toContain('TempoPilot is listening for Ctrl+Alt+Space: hold it and speak, release when done. Ctrl-C stops.'));
    hotkey.handlers!.onDown();
    hotkey.handlers!.onUp();
    await vi.waitFor(() => expect(notifier.shown).toHaveLength(1));
    expect(notifier.shown[0]!.notification).toMatchObject({ kind: 'applied', body: expect.stringMatching(/^Added 'Lunch with Dana' .* \(to undo, say “undo that” or use Undo in the tray menu\)$/) });
    expect(daemon.out.join('\n')).toMatch(/Listening…\s+·\s+Release Ctrl\+Alt\+Space when you are done/);
    expect(daemon.out.join('\n')).toMatch(/"add lunch with Dana tomorrow at noon" -> applied: Added 'Lunch with Dana' .* \(key-up to done \d+ ms\)/);

    script.text = 'undo that';
    hotkey.handlers!.onDown();
    hotkey.handlers!.onUp();
    await vi.waitFor(() => expect(notifier.shown).toHaveLength(2));
    expect(notifier.shown[1]!.notification).toMatchObject({ kind: 'info', body: expect.stringMatching(/^Undid/) });

    daemon.stop();
    expect(await daemon.exit).toBe(EXIT_OK);
    expect(hotkey.stopped).toBe(true);
    expect(daemon.out.at(-1)).toBe('TempoPilot daemon stopped.');
  });

  it('records through the real recorder process (sox playing a WAV as the microphone)', async () => {
    const wav = path.join(tempDir(), 'speech.wav');
    writeFileSync(wav, writeWav({ sampleRate: speech.sampleRate, channels: [speech.samples] }));
    const { services, hotkey, notifier } = speechServices(() => new SpawnedMicrophone({ program: 'sox', args: ['-q', wav, ...SOX_RAW_OUTPUT] }));
    const daemon = startDaemon(services);
    await vi.waitFor(() => expect(daemon.out.join('\n')).toContain('TempoPilot is listening'));
    hotkey.handlers!.onDown();
    await new Promise((resolve) => setTimeout(resolve, 300));
    hotkey.handlers!.onUp();
    await vi.waitFor(() => expect(notifier.shown).toHaveLength(1), { timeout: 10_000 });
    expect(notifier.shown[0]!.notification.kind).toBe('applied');
    daemon.stop();
    expect(await daemon.exit).toBe(EXIT_OK);
  });

  it('refuses a bad hotkey (exit 2) and a machine without a recorder (exit 1), saying why', async () => {
    const badChord = startDaemon({}, '--hotkey', 'Ctrl+Alt+Spcae');
    expect(await badChord.exit).toBe(EXIT_USAGE);
    expect(badChord.err.join('\n')).toMatch(/^tempopilot: the hotkey "Ctrl\+Alt\+Spcae" has an unknown key "Spcae"/);
    const noRecorder = startDaemon({
      hotkey: () => new FakeHotkey(),
      microphone: () => {
        throw new RecorderError('no audio recorder found: install sox (`apt install sox`) or alsa-utils (`apt install alsa-utils`, for arecord)');
      },
    });
    expect(await noRecorder.exit).toBe(EXIT_FAILURE);
    expect(noRecorder.err.join('\n')).toMatch(/^tempopilot: no audio recorder found: install sox/);
  });

  describe('without a display', () => {
    const saved = { DISPLAY: process.env.DISPLAY, WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY, XDG_SESSION_TYPE: process.env.XDG_SESSION_TYPE };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('explains that it needs key-up, which Wayland does not give', async () => {
      process.env.XDG_SESSION_TYPE = 'wayland';
      process.env.WAYLAND_DISPLAY = 'wayland-0';
      const daemon = startDaemon({ microphone: () => new FakeMicrophone() });
      expect(await daemon.exit).toBe(EXIT_FAILURE);
      expect(daemon.err.join('\n')).toMatch(/needs to see key-up, and here a Wayland session does not let applications see key-up outside their windows; use the desktop app/);
    });
  });
});
