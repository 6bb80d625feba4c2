import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';

/**
 * OAuth 2.0 for installed apps, as Google describes it
 * (https://developers.google.com/identity/protocols/oauth2/native-app): a consent URL with a
 * PKCE S256 challenge and a random state, a loopback redirect on 127.0.0.1 on a free port, and
 * the code exchanged with its verifier for a refresh token. Opening the URL (a browser, or
 * printing it) is the caller's business. It runs on the device, where the person's browser is;
 * the refresh token it yields is then sealed by the sync server.
 */

/** Consent refused, timed out, or the code not accepted: nothing was connected. */
export class ConsentError extends Error {
  override name = 'ConsentError';
}

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

export interface GoogleConsentOptions {
  clientId: string;
  clientSecret?: string;
  /** Google's consent page unless given (`https://accounts.google.com/o/oauth2/v2/auth`). */
  authUrl?: string;
  tokenUrl?: string;
  scopes?: string[];
  /** How long to wait for the redirect. */
  timeoutMs?: number;
}

export interface GoogleConsent {
  /** Where to send the user. */
  url: string;
  /** The refresh token once the user consented; ConsentError when refused or timed out. */
  result: Promise<{ refreshToken: string; scope?: string }>;
  /** Stops waiting (the loopback listener closes). */
  cancel(): void;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export async function beginGoogleConsent(options: GoogleConsentOptions): Promise<GoogleConsent> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const client = new OAuth2Client({
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    redirectUri,
    endpoints: { ...(options.authUrl ? { oauth2AuthBaseUrl: options.authUrl } : {}), ...(options.tokenUrl ? { oauth2TokenUrl: options.tokenUrl } : {}) },
  });
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state = randomBytes(16).toString('base64url');
  const url = client.generateAuthUrl({
    // offline: a refresh token; consent: asked again even if granted before, so one is always issued.
    access_type: 'offline',
    prompt: 'consent',
    scope: options.scopes ?? [CALENDAR_SCOPE],
    state,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(codeChallenge ? { code_challenge: codeChallenge } : {}),
  });

  let settle: { resolve: (value: { refreshToken: string; scope?: string }) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<{ refreshToken: string; scope?: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const close = () => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  };
  const fail = (message: string) => {
    close();
    settle?.reject(new ConsentError(message));
  };
  const timer = setTimeout(() => fail('no answer from the Google consent page in time'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  server.on('request', (request, response) => {
    const params = new URL(request.url ?? '/', redirectUri).searchParams;
    // Anything without our state (a favicon request, a forged redirect) is not the answer.
    if (params.get('state') !== state) {
      response.writeHead(404).end();
      return;
    }
    const page = (text: string) => response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    const error = params.get('error');
    const code = params.get('code');
    if (error || !code) {
      page('TempoPilot was not given access. You can close this tab.');
      fail(`Google consent refused: ${error ?? 'no code'}`);
      return;
    }
    client.getToken({ code, ...(codeVerifier ? { codeVerifier } : {}), redirect_uri: redirectUri }).then(
      ({ tokens }) => {
        page('TempoPilot is connected to Google Calendar. You can close this tab.');
        close();
        if (tokens.refresh_token) settle?.resolve({ refreshToken: tokens.refresh_token, ...(tokens.scope ? { scope: tokens.scope } : {}) });
        else settle?.reject(new ConsentError('Google gave no refresh token'));
      },
      (exchangeError: unknown) => {
        page('TempoPilot could not finish signing in. You can close this tab.');
        fail(`the authorization code was refused: ${(exchangeError as Error).message}`);
      },
    );
  });

  return { url, result, cancel: () => fail('consent cancelled') };
}
