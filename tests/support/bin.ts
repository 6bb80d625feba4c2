import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './shared';

const bin = path.join(repoRoot, 'bin', 'tempopilot.js');

/**
 * Runs `tempopilot` as a person does: a separate process through the bin, on `dataDir`, in
 * Berlin's zone (the process itself in UTC), with `stdin` piped in; resolves with its exit code
 * and what it printed, trimmed.
 */
export function runBin(dataDir: string, args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, '--tz', 'Europe/Berlin', ...args], { env: { ...process.env, TZ: 'UTC' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() }));
    child.stdin.end(stdin ?? '');
  });
}
