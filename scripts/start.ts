import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { runCli } from '../src/cli/main';
import { cliServices } from './cli-services';
import { electronBinary, webFallbackArgs, whyElectronCannotStart } from './electron-check';

/**
 * `npm start`: the desktop app when Electron can run here; otherwise (no Electron binary, no
 * display) the browser face, `tempopilot web`, on the same cache, with one line saying why and
 * where it is. Arguments after `--` go to `tempopilot web` (e.g. `npm start -- --port 4000`).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const binary = electronBinary();
const reason = whyElectronCannotStart(binary);
if (reason === undefined && binary) {
  const { buildElectron } = await import('./build-electron');
  await buildElectron();
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!existsSync(path.join(root, 'dist/renderer/index.html'))) await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  process.exitCode = await runCli(webFallbackArgs(process.argv.slice(2), reason ?? 'unknown'), undefined, cliServices());
}
