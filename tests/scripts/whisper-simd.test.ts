import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markerPath, simdFlags } from '../../scripts/whisper-simd';

const PACKAGE_DIR = path.resolve('node_modules/smart-whisper');
const CPUINFO = process.platform === 'linux' ? readFileSync('/proc/cpuinfo', 'utf8') : '';

describe('the smart-whisper build with this machine\'s vector instructions', () => {
  it('asks for the AVX family the CPU reports, and nothing on a CPU without AVX2', () => {
    expect(simdFlags('processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma f16c bmi2\n')).toEqual(['-mavx', '-mavx2', '-mfma', '-mf16c']);
    expect(simdFlags('flags\t\t: fpu sse2 avx avx2\n')).toEqual(['-mavx', '-mavx2']);
    expect(simdFlags('flags\t\t: fpu sse2 sse4_2 avx f16c\n')).toEqual([]);
    expect(simdFlags('')).toEqual([]);
  });

  const wanted = process.arch === 'x64' && process.env.TEMPOPILOT_WHISPER_PORTABLE !== '1' ? simdFlags(CPUINFO) : [];
  const objdump = spawnSync('objdump', ['--version']).status === 0;
  it.skipIf(wanted.length === 0 || !objdump)('is what npm install left in node_modules: FMA instructions in the addon, the flags recorded', () => {
    expect(readFileSync(markerPath(PACKAGE_DIR), 'utf8')).toBe([...wanted, '-DNDEBUG'].join(' '));
    const addon = path.join(PACKAGE_DIR, 'build', 'Release', 'smart-whisper.node');
    expect(existsSync(addon)).toBe(true);
    const listing = spawnSync('objdump', ['-d', '--no-show-raw-insn', addon], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    expect(listing.stdout.match(/\bvfmadd\w*/g)?.length ?? 0).toBeGreaterThan(100);
  });
});
