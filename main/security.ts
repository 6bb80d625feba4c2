import { readFile } from 'node:fs/promises';
import { app, protocol, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { APP_CSP, appFile, contentType } from '../src/app/desktop/app-files';

/** The UI is served on this scheme, never file://, so every response carries the CSP header. */
export const APP_SCHEME = 'tempopilot';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'content-type': contentType(file), 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/** Every window: isolated, sandboxed, no Node; only the given preload (the api contract) crosses. */
export function secureWebPreferences(preload?: string): WebPreferences {
  return {
    ...(preload && { preload }),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * No page may navigate away, open windows, attach webviews or get permissions, except the
 * microphone for the app's own page (the Voice Console). Links to the web open in the browser.
 */
export function lockDown(session: Session): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'media' && contents.getURL().startsWith(`${APP_ORIGIN}/`));
  });
  session.setPermissionCheckHandler((contents, permission) => permission === 'media' && (contents?.getURL().startsWith(`${APP_ORIGIN}/`) ?? false));
}
