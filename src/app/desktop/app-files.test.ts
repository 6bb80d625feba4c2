import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP, appFile, contentType } from './app-files';

describe('serving the built UI on the app scheme', () => {
  const root = path.resolve('/opt/tempopilot/dist/renderer');

  it('maps URLs to files inside the renderer folder', () => {
    expect(appFile(root, 'tempopilot://app/')).toBe(path.join(root, 'index.html'));
    expect(appFile(root, 'tempopilot://app/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(contentType('x.js')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses anything that would leave it', () => {
    // The URL parser folds "..", even as %2e%2e, so those stay inside; encoded slashes are caught here.
    expect(appFile(root, 'tempopilot://app/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(appFile(root, 'tempopilot://app/%2e%2e/%2e%2e/secret.key')).toBe(path.join(root, 'secret.key'));
    expect(appFile(root, 'tempopilot://app/assets%2f..%2f..%2f..%2fsecret.key')).toBeUndefined();
    expect(appFile(root, 'not a url')).toBeUndefined();
  });

  it('sends a CSP that allows no remote code', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("object-src 'none'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|https?:/);
  });
});
