import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoginItem } from './ports';

const FILE_NAME = 'tempopilot.desktop';

/** Quotes an Exec argument as the Desktop Entry spec asks: in double quotes, with \ " ` $ escaped. */
function execArgument(value: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(value) ? value : `"${value.replace(/([\\"`$])/g, '\\$1')}"`;
}

/**
 * Open at login on Linux desktops: Electron's setLoginItemSettings covers macOS and Windows only;
 * freedesktop.org's autostart folder (~/.config/autostart) covers GNOME, KDE, Xfce and the rest.
 */
export function xdgAutostart(command: readonly string[], configDir = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config')): LoginItem {
  const file = path.join(configDir, 'autostart', FILE_NAME);
  return {
    get: () => existsSync(file),
    set(openAtLogin) {
      if (!openAtLogin) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(path.dirname(file), { recursive: true });
      const entry = ['[Desktop Entry]', 'Type=Application', 'Name=TempoPilot', 'Comment=Voice-first calendar', `Exec=${command.map(execArgument).join(' ')}`, 'X-GNOME-Autostart-enabled=true', ''];
      writeFileSync(file, entry.join('\n'));
    },
  };
}
