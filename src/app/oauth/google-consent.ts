import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { ConsentError, listenForConsent } from './loopback';

/**
 * OAuth 2.0 for installed apps, as Google describes it
 * (https://developers.google.com/identity/protocols/oauth2/native-app): a consent URL with a
 * PKCE S256 challenge and a random state, a loopback redirect on 127.0.0.1 on a free port, and
 * the code exchanged with its verifier for a refresh token. Opening the URL (a browser, or
 * printing it) is the caller's business. It runs on the device, where the person's browser is;
 * the refresh token it yields is then sealed by the sync server.
 */

export { ConsentError };

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

export async function beginGoogleConsent(options: GoogleConsentOptions): Promise<GoogleConsent> {
  let client: OAuth2Client | undefined;
  let codeVerifier: string | undefined;
  const redirect = await listenForConsent({
    provider: 'Google Calendar',
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    exchange: async (code, redirectUri) => {
      const { tokens } = await client!.getToken({ code, ...(codeVerifier ? { codeVerifier } : {}), redirect_uri: redirectUri });
      if (!tokens.refresh_token) throw new ConsentError('Google gave no refresh token');
      return { refreshToken: tokens.refresh_token, ...(tokens.scope ? { scope: tokens.scope } : {}) };
    },
  });
  client = new OAuth2Client({
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    redirectUri: redirect.redirectUri,
    endpoints: { ...(options.authUrl ? { oauth2AuthBaseUrl: options.authUrl } : {}), ...(options.tokenUrl ? { oauth2TokenUrl: options.tokenUrl } : {}) },
  });
  const pkce = await client.generateCodeVerifierAsync();
  codeVerifier = pkce.codeVerifier;
  const url = client.generateAuthUrl({
    // offline: a refresh token; consent: asked again even if granted before, so one is always issued.
    access_type: 'offline',
    prompt: 'consent',
    scope: options.scopes ?? [CALENDAR_SCOPE],
    state: redirect.state,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(pkce.codeChallenge ? { code_challenge: pkce.codeChallenge } : {}),
  });
  return { url, result: redirect.result, cancel: redirect.cancel };
}
