import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { createHost, defaultDataDir, type Host } from '../src/app';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';

/**
 * The Electron shell: one window, the host in this process, and a relay between them. Everything
 * that can run without Electron lives in src/; the tray, hotkey and notifications come next.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    title: 'TempoPilot',
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadFile(path.join(here, '..', 'renderer', 'index.html'));
  return window;
}

function relayHost(host: Host): void {
  ipcMain.handle(IPC_CALL, (_event, name: unknown, args: unknown) => host.dispatch(String(name), args));
  host.onEvent((hostEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT, hostEvent);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setPath('userData', defaultDataDir());
  let host: Host | undefined;
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => host?.close());
  void app.whenReady().then(() => {
    host = createHost({ dataDir: app.getPath('userData') });
    relayHost(host);
    createWindow();
  });
}
