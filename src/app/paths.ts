import os from 'node:os';
import path from 'node:path';

const APP_FOLDER = 'TempoPilot';

/**
 * Where the cache lives when no --data-dir is given: the OS's per-user data folder (XDG on
 * Linux). The Electron shell points its userData here too, so both faces share one cache.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TEMPOPILOT_DATA_DIR) return env.TEMPOPILOT_DATA_DIR;
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_FOLDER);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
    default:
      return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'tempopilot');
  }
}

export function cacheFile(dataDir: string): string {
  return path.join(dataDir, 'cache.db');
}
