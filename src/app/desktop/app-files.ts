import path from 'node:path';

/**
 * The file an app:// URL names inside the built renderer, or undefined when it would leave that
 * folder ("..", encoded slashes). The Electron shell serves the UI over its own scheme rather
 * than file://, so it can send a CSP header and no page can read the disk around it.
 */
export function appFile(rootDir: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export { contentType } from '../static-files';

/** The desktop window's CSP: the app's own scripts only, nothing remote, no plugins, no framing. */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
