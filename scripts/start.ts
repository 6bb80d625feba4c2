import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main';

/**
 * `npm start`: the desktop app when Electron can run here, otherwise (no Electron binary, no
 * display) one line saying why, then the headless face on the same cache.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary(): string | undefined {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(packageDir, 'dist', relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function whyElectronCannotStart(binary: string | undefined): string | undefined {
  if (!binary) return 'the Electron binary is not installed (`npx install-electron` fetches it where the network allows)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is not set)';
  return undefined;
}

const binary = electronBinary();
const reason = whyElectronCannotStart(binary);
if (reason === undefined && binary) {
  const { buildElectron } = await import('./build-electron');
  await buildElectron();
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const passThrough = process.argv.slice(2);
  console.log(`TempoPilot desktop cannot start: ${reason}. Running the headless face (tempopilot) instead.`);
  if (passThrough.length > 0) {
    process.exitCode = await runCli(passThrough);
  } else {
    await runCli(['--help']);
    console.log('\nToday:');
    process.exitCode = await runCli(['agenda']);
  }
}
