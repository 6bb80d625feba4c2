/**
 * Rebuilds smart-whisper with the vector instructions this machine has (run by `npm install`'s
 * postinstall). Its own install compiles whisper.cpp through node-gyp with only `-O3`, so ggml
 * runs without AVX2/FMA/F16C on Linux and the encoder is 3-6x slower (docs/voice.md). The build
 * stays on this machine (node_modules is built where it runs); a packaged app for other machines
 * sets TEMPOPILOT_WHISPER_PORTABLE=1 and keeps the stock build.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiler flag for each CPU feature ggml uses on x86-64, as /proc/cpuinfo names them. */
const FEATURE_FLAGS: ReadonlyArray<readonly [feature: string, flag: string]> = [
  ['avx', '-mavx'],
  ['avx2', '-mavx2'],
  ['fma', '-mfma'],
  ['f16c', '-mf16c'],
];

/** The flags for the CPU that /proc/cpuinfo describes; empty when it lacks AVX2 (no gain then). */
export function simdFlags(cpuinfo: string): string[] {
  const line = cpuinfo.split('\n').find((l) => l.startsWith('flags'));
  const features = new Set((line?.split(':')[1] ?? '').trim().split(/\s+/));
  if (!features.has('avx2')) return [];
  return FEATURE_FLAGS.filter(([feature]) => features.has(feature)).map(([, flag]) => flag);
}

/** Where the addon's build records the flags it was compiled with, so a second install skips. */
export function markerPath(packageDir: string): string {
  return path.join(packageDir, 'build', 'Release', 'tempopilot-cflags.txt');
}

function main(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64' || process.env.TEMPOPILOT_WHISPER_PORTABLE === '1') return;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const packageDir = path.join(root, 'node_modules', 'smart-whisper');
  if (!existsSync(packageDir)) return;
  const flags = simdFlags(readFileSync('/proc/cpuinfo', 'utf8'));
  if (flags.length === 0) return;
  // NDEBUG drops ggml's debug asserts and the allocator's lines on stderr at every decode.
  const cflags = [...flags, '-DNDEBUG'].join(' ');
  const marker = markerPath(packageDir);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === cflags) return;

  console.log(`tempopilot: rebuilding smart-whisper with ${flags.join(' ')} (about 30 s)`);
  const started = Date.now();
  // node-gyp's rebuild starts by deleting the build: keep the working addon to put back on failure.
  const addon = path.join(packageDir, 'build', 'Release', 'smart-whisper.node');
  const kept = path.join(root, 'node_modules', '.smart-whisper.node.kept');
  if (existsSync(addon)) copyFileSync(addon, kept);
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const built = spawnSync(npm[0]!, [...npm.slice(1), 'rebuild', 'smart-whisper', '--foreground-scripts=false'], {
    cwd: root,
    env: { ...process.env, CFLAGS: cflags, CXXFLAGS: cflags },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (built.status !== 0) {
    if (existsSync(kept)) {
      mkdirSync(path.dirname(addon), { recursive: true });
      copyFileSync(kept, addon);
      rmSync(kept);
    }
    // Only speed is lost: the portable build is back in place.
    console.warn(`${built.stderr}\ntempopilot: the faster smart-whisper build failed (above); keeping the portable one`);
    return;
  }
  rmSync(kept, { force: true });
  writeFileSync(marker, cflags);
  console.log(`tempopilot: smart-whisper rebuilt in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
