import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp';
import { xdgAutostart } from './autostart';

const tempDir = useTempDirs();

describe('open at login on Linux (XDG autostart)', () => {
  it('writes and removes an autostart entry that runs the app', () => {
    const config = tempDir();
    const login = xdgAutostart(['/opt/Temp Pilot/tempopilot', '--hidden'], config);
    expect(login.get()).toBe(false);
    login.set(true);
    expect(login.get()).toBe(true);
    const entry = readFileSync(path.join(config, 'autostart', 'tempopilot.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=TempoPilot');
    expect(entry).toContain('Exec="/opt/Temp Pilot/tempopilot" --hidden');
    login.set(false);
    expect(login.get()).toBe(false);
    login.set(false);
  });
});
