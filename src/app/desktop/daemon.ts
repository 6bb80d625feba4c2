import type { ApiClient } from '../../api/client';
import { DesktopController } from './controller';
import type { HudView } from './hud';
import type { HotkeyListener, HudWindow, Microphone, Notifier } from './ports';
import type { VoiceTurns } from './voice-turns';

/**
 * The headless daemon's HUD. Progress (listening, transcribing ...) is printed, one line per
 * state; every reply (an answer, a question, an error) becomes a notification, since there is no
 * window to show it in. The controller's log prints results with their latency, and applied
 * changes get the controller's own notification, which says how to undo.
 */
export function terminalHud(print: (line: string) => void, notifier: Notifier): HudWindow {
  let last: HudView['state'] | undefined;
  return {
    show(view: HudView) {
      if (view.state === last && view.state !== 'planning') return;
      last = view.state;
      if (view.state !== 'done') print([view.title, view.detail, view.hint].filter(Boolean).join('  ·  '));
      if ((view.state === 'done' && view.outcome !== 'applied') || view.state === 'error') {
        notifier.show({ kind: 'info', title: 'TempoPilot', body: [view.title, view.hint].filter(Boolean).join('\n'), actions: [] }, () => undefined);
      }
    },
    hide() {
      last = undefined;
    },
  };
}

export interface DaemonOptions {
  client: ApiClient;
  timeZone: string;
  hotkey: HotkeyListener;
  microphone: Microphone;
  voice: VoiceTurns;
  notifier: Notifier;
  print: (line: string) => void;
  /** Resolves when the daemon should stop (SIGINT, SIGTERM). */
  until: Promise<void>;
}

/** `tempopilot daemon`: the desktop controller without Electron, until asked to stop. */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { print, notifier, hotkey } = options;
  const controller = new DesktopController({
    client: options.client,
    timeZone: options.timeZone,
    hotkey,
    microphone: options.microphone,
    voice: options.voice,
    notifier,
    hud: terminalHud(print, notifier),
    log: (line) => print(line),
  });
  await controller.start();
  print(`TempoPilot is listening for ${hotkey.label}: ${hotkey.mode === 'hold' ? 'hold it and speak, release when done' : 'press it, speak, press again'}. Ctrl-C stops.`);
  await options.until;
  await controller.settled();
  await controller.stop();
  print('TempoPilot daemon stopped.');
}
