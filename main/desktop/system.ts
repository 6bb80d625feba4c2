import { app, globalShortcut, safeStorage } from 'electron';
import { xdgAutostart } from '../../src/app/desktop/autostart';
import type { ShortcutRegistrar } from '../../src/app/desktop/hotkey';
import type { LoginItem, SecretStorage } from '../../src/app/desktop/ports';

/** The OS keychain through safeStorage; Linux's fixed-key "basic_text" fallback does not count. */
export const electronSecretStorage: SecretStorage = {
  isAvailable: () => safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plaintext) => safeStorage.encryptString(plaintext),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

/** Open at login: Electron's setting on macOS and Windows, an XDG autostart entry on Linux. */
export function electronLoginItem(): LoginItem {
  if (process.platform === 'linux') return xdgAutostart([process.env.APPIMAGE ?? process.execPath, '--hidden']);
  return {
    get: () => app.getLoginItemSettings().openAtLogin,
    set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, args: ['--hidden'] }),
  };
}

/** Press-only global shortcuts, the hotkey's fallback where key-up cannot be seen (Wayland). */
export const electronShortcuts: ShortcutRegistrar = {
  register: (accelerator, onPress) => globalShortcut.register(accelerator, onPress),
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};
