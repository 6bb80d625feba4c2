import { CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { msalAuthority } from '../../sync/msal-authority';
import { ConsentError, listenForConsent } from './loopback';

/**
 * The authorization code flow with PKCE for a public client, as the Microsoft identity platform
 * describes it (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow),
 * driven by msal-node: getAuthCodeUrl with an S256 challenge and a random state, a loopback
 * redirect on 127.0.0.1, and acquireTokenByCode with the verifier. What it yields is msal's
 * serialized token cache (the account, its refresh token): the sync server seals it and refreshes
 * from it with acquireTokenSilent, which keeps a rotated refresh token where a bare one would not.
 */

export { ConsentError };

/** Read and write the person's calendars; offline_access: a refresh token. */
export const MICROSOFT_SCOPES = ['Calendars.ReadWrite', 'offline_access'];

export interface MicrosoftConsentOptions {
  clientId: string;
  /** Entra ID's `https://login.microsoftonline.com/common` unless given. */
  authority?: string;
  /** How long to wait for the redirect. */
  timeoutMs?: number;
}

export interface MicrosoftConsent {
  /** Where to send the user. */
  url: string;
  /** msal's token cache once the user consented; ConsentError when refused or timed out. */
  result: Promise<{ tokenCache: string }>;
  /** Stops waiting (the loopback listener closes). */
  cancel(): void;
}

export async function beginMicrosoftConsent(options: MicrosoftConsentOptions): Promise<MicrosoftConsent> {
  const authority = msalAuthority(options.authority);
  const app = new PublicClientApplication({
    auth: { clientId: options.clientId, ...authority.auth },
    ...(authority.networkClient ? { system: { networkClient: authority.networkClient } } : {}),
  });
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const redirect = await listenForConsent({
    provider: 'Microsoft 365',
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    exchange: async (code, redirectUri) => {
      await app.acquireTokenByCode({ code, codeVerifier: verifier, redirectUri, scopes: MICROSOFT_SCOPES });
      if ((await app.getTokenCache().getAllAccounts()).length === 0) throw new ConsentError('Microsoft gave no account for the code');
      return { tokenCache: app.getTokenCache().serialize() };
    },
  });
  const url = await app.getAuthCodeUrl({
    scopes: MICROSOFT_SCOPES,
    redirectUri: redirect.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    state: redirect.state,
    // The person picks the account each time, so adding a second account is possible.
    prompt: 'select_account',
  });
  return { url: authority.browserUrl(url), result: redirect.result, cancel: redirect.cancel };
}
