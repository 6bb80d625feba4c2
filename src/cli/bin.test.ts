import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../tests/support/shared';
import { useTempDirs } from '../../tests/support/temp';

const tempDir = useTempDirs();
const bin = path.join(repoRoot, 'bin', 'tempopilot.js');

function tempopilot(args: string[], options: { asNobody?: boolean } = {}) {
  const command = options.asNobody ? 'setpriv' : process.execPath;
  const argv = options.asNobody ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args] : [bin, ...args];
  const result = spawnSync(command, argv, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

const canDropPrivileges = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
    return true;
  } catch {
    return false;
  }
})();

describe('the tempopilot bin, as separate processes', () => {
  it('keeps an added event across restarts, and undo removes it', () => {
    const dir = tempDir();
    const added = tempopilot(['--data-dir', dir, 'add', 'Dentist', '--start', '2026-12-03T09:00', '--end', '2026-12-03T10:00', '--json']);
    expect(added.code).toBe(0);
    const { event } = JSON.parse(added.stdout);
    const listed = JSON.parse(tempopilot(['--data-dir', dir, 'agenda', '--from', '2026-12-03', '--to', '2026-12-04', '--json']).stdout);
    expect(listed.entries.map((e: { eventId: string; title: string }) => [e.eventId, e.title])).toEqual([[event.id, 'Dentist']]);
    expect(tempopilot(['--data-dir', dir, 'undo']).stdout).toBe('Undid: add "Dentist"');
    expect(JSON.parse(tempopilot(['--data-dir', dir, 'agenda', '--from', '2026-12-03', '--to', '2026-12-04', '--json']).stdout).entries).toEqual([]);
  });

  it('exits 2 with one line and no stack trace on an unknown flag', () => {
    const result = tempopilot(['--data-dir', tempDir(), 'agenda', '--yesterday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("tempopilot: unknown option '--yesterday'");
  });

  it.runIf(canDropPrivileges)('reads a cache its user may not write, and refuses to change it', () => {
    const dir = tempDir();
    tempopilot(['--data-dir', dir, 'add', 'Dentist', '--start', '2026-12-03T09:00']);
    chmodSync(dir, 0o555);
    chmodSync(path.join(dir, 'cache.db'), 0o444);
    const before = readdirSync(dir);
    const agenda = tempopilot(['--data-dir', dir, 'agenda', '--from', '2026-12-03'], { asNobody: true });
    expect(agenda.stderr).toBe('');
    expect(agenda.stdout).toMatch(/09:00–10:00 {2}Dentist/);
    const removal = tempopilot(['--data-dir', dir, 'undo'], { asNobody: true });
    expect(removal.code).toBe(1);
    expect(removal.stderr).toMatch(/^tempopilot: the cache at .* is read-only; check its permissions/);
    expect(readdirSync(dir)).toEqual(before);
    chmodSync(dir, 0o755);
  });
});
