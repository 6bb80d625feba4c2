import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Electron binary the `electron` package would run, when it has been downloaded. */
export function electronBinary(): string | undefined {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(packageDir, 'dist', relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Why the desktop app cannot start here, in a few words for the one-line message; undefined when it can. */
export function whyElectronCannotStart(binary: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (!binary) return 'the Electron binary is not installed; `npx install-electron` fetches it where the network allows';
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display: DISPLAY is not set';
  return undefined;
}

/** The command line of the fallback: `tempopilot web`, with what `npm start -- ...` was given. */
export function webFallbackArgs(passThrough: readonly string[], reason: string): string[] {
  return ['web', '--desktop-unavailable', reason, ...passThrough];
}
