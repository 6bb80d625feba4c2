import { createClient } from '../../src/api/client';
import { inProcessTransport, type Host } from '../../src/app';
import { DEFAULT_CHORD, parseChord } from '../../src/app/desktop/chord';
import { DesktopController, type ShellActions } from '../../src/app/desktop/controller';
import { chooseHotkeyMode, FallbackHotkey, ToggleHotkey } from '../../src/app/desktop/hotkey';
import { GlobalKeyHotkey } from '../../src/app/desktop/key-listener';
import { systemMicrophone } from '../../src/app/desktop/recorder';
import { contractVoiceTurns } from '../../src/app/desktop/voice-turns';
import { ElectronHud } from './hud-window';
import { ElectronNotifier } from './notifier';
import { electronLoginItem, electronShortcuts } from './system';
import { ElectronTray } from './tray';

/** The desktop controller with Electron's adapters plugged in. */
export async function startDesktop(host: Host, shell: ShellActions, trayIconPath: string): Promise<DesktopController> {
  const client = createClient(inProcessTransport(host));
  const chord = parseChord(process.env.TEMPO_HOTKEY ?? DEFAULT_CHORD);
  const toggle = new ToggleHotkey(chord, electronShortcuts);
  const choice = chooseHotkeyMode();
  const hotkey =
    choice.mode === 'hold'
      ? new FallbackHotkey(new GlobalKeyHotkey(chord), toggle, (reason) => console.warn(`tempopilot: hold-to-talk is unavailable (${reason}); press ${chord.label} to start and again to stop`))
      : toggle;
  if (choice.reason) console.warn(`tempopilot: ${choice.reason}; press ${chord.label} to start listening and again to stop`);
  const controller = new DesktopController({
    client,
    hotkey,
    microphone: systemMicrophone(),
    voice: contractVoiceTurns(client),
    timeZone: host.context.timeZone,
    hud: new ElectronHud(),
    notifier: new ElectronNotifier(),
    tray: new ElectronTray(trayIconPath),
    loginItem: electronLoginItem(),
    shell,
    log: (line) => console.log(`tempopilot: ${line}`),
  });
  await controller.start();
  return controller;
}
