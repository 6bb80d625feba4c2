import { describe, expect, it } from 'vitest';
import { webFallbackArgs, whyElectronCannotStart } from '../../scripts/electron-check';
import { webFaceLine } from '../../src/cli/commands/web';

describe('npm start without Electron', () => {
  it('names why the desktop app cannot start', () => {
    expect(whyElectronCannotStart(undefined)).toMatch(/Electron binary is not installed/);
    expect(whyElectronCannotStart('/opt/electron', {}, 'linux')).toBe('there is no display: DISPLAY is not set');
    expect(whyElectronCannotStart('/opt/electron', { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeUndefined();
    expect(whyElectronCannotStart('/opt/electron', {}, 'darwin')).toBeUndefined();
  });

  it('falls back to the web face, saying why and where in one line', () => {
    expect(webFallbackArgs(['--port', '4000'], 'no display')).toEqual(['web', '--desktop-unavailable', 'no display', '--port', '4000']);
    const line = webFaceLine('http://127.0.0.1:4000/#token=abc', 'there is no display: DISPLAY is not set');
    expect(line).toBe('TempoPilot desktop cannot start (there is no display: DISPLAY is not set); the browser face is open at http://127.0.0.1:4000/#token=abc  (Ctrl-C to stop)');
    expect(line).not.toContain('\n');
    expect(webFaceLine('http://127.0.0.1:1/')).toBe('TempoPilot is open at http://127.0.0.1:1/  (Ctrl-C to stop)');
  });
});
