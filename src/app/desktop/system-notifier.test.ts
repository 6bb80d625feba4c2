import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import { systemNotifier } from './system-notifier';

const tempDir = useTempDirs();

describe('the daemon\'s notifications', () => {
  it('go to notify-send when it is installed, with the title never read as an option', async () => {
    const dir = tempDir();
    const log = path.join(dir, 'args.txt');
    writeFileSync(path.join(dir, 'notify-send'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\n`);
    chmodSync(path.join(dir, 'notify-send'), 0o755);
    const notifier = systemNotifier(() => undefined, { PATH: dir });
    expect(notifier.supportsActions).toBe(false);
    notifier.show({ kind: 'info', title: '-rf', body: 'Added Gym', actions: [] }, () => undefined);
    await vi.waitFor(() => expect(existsSync(log) && readFileSync(log, 'utf8')).toBe('--app-name=TempoPilot\n--\n-rf\nAdded Gym\n'));
  });

  it('are printed where there is no notify-send', () => {
    const lines: string[] = [];
    systemNotifier((line) => lines.push(line), { PATH: tempDir() }).show({ kind: 'reminder', title: 'Standup', body: 'Now · 09:00–09:15', actions: [] }, () => undefined);
    expect(lines).toEqual(['[reminder] Standup: Now · 09:00–09:15']);
  });
});
