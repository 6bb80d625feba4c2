import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, globalShortcut, ipcMain, session } from 'electron';
import { createHost, defaultDataDir, type Host } from '../src/app';
import type { DesktopController } from '../src/app/desktop/controller';
import { chooseHotkeyMode } from '../src/app/desktop/hotkey';
import { keychainSecretBox } from '../src/app/desktop/secrets';
import { fileKeySecretBox } from '../src/app/secrets';
import { startDesktop } from './desktop';
import { electronSecretStorage } from './desktop/system';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { APP_ORIGIN, lockDown, registerAppScheme, secureWebPreferences, serveRenderer } from './security';

/**
 * The Electron shell: the host in this process, the window and the tray app around it, and a
 * relay between the window and the host. What the tray, hotkey, HUD and notifications do is
 * decided in src/app/desktop; this file only plugs Electron in.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const TRAY_ICON = path.join(here, '..', '..', 'resources', 'tray.png');

let mainWindow: BrowserWindow | undefined;

function showMainWindow(route = ''): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = new BrowserWindow({ width: 1100, height: 760, title: 'TempoPilot', show: false, webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')) });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(`${APP_ORIGIN}/${route}`);
    return;
  }
  if (route) void mainWindow.loadURL(`${APP_ORIGIN}/${route}`);
  mainWindow.show();
  mainWindow.focus();
}

function relayHost(host: Host): void {
  ipcMain.handle(IPC_CALL, (event, name: unknown, args: unknown) => {
    // Only the app's own page may call the host.
    if (!event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`)) return { ok: false, error: { code: 'denied', message: 'not the TempoPilot window' } };
    return host.dispatch(String(name), args);
  });
  host.onEvent((hostEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT, hostEvent);
  });
}

registerAppScheme();
// On Wayland the press-to-start hotkey goes through the desktop portal (Electron 35+).
if (chooseHotkeyMode().mode === 'toggle') app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setPath('userData', defaultDataDir());
  let host: Host | undefined;
  let desktop: DesktopController | undefined;
  app.on('second-instance', () => showMainWindow());
  // A tray app: closing the window leaves it running; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    void desktop?.stop();
    host?.close();
  });
  void app.whenReady().then(async () => {
    lockDown(session.defaultSession);
    serveRenderer(RENDERER_DIR);
    const dataDir = app.getPath('userData');
    host = createHost({ dataDir, secrets: keychainSecretBox(electronSecretStorage, fileKeySecretBox(dataDir)) });
    relayHost(host);
    desktop = await startDesktop(
      host,
      {
        open: () => showMainWindow(),
        openEvent: (eventId) => showMainWindow(`#/event/${encodeURIComponent(eventId)}`),
        settings: () => showMainWindow('#/settings'),
        quit: () => app.quit(),
      },
      TRAY_ICON,
    );
    if (!process.argv.includes('--hidden')) showMainWindow();
  });
}
