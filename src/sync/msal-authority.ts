import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * Where the Microsoft identity platform is, as msal-node needs to be told: shared by the device
 * (which runs the consent) and the sync server (which refreshes), so both reach the same
 * authority. Entra ID's own authorities need nothing more. msal-node accepts only https
 * authorities, so an http one on this machine (a local proxy, or the test double) is given to
 * msal as https on the same host and port, with its metadata spelled out (no discovery call) and
 * a network module that makes the calls over http.
 */

export const DEFAULT_MICROSOFT_AUTHORITY = 'https://login.microsoftonline.com/common';

export interface MsalAuthority {
  /** For msal's `auth` configuration. */
  auth: { authority: string; knownAuthorities?: string[]; authorityMetadata?: string; cloudDiscoveryMetadata?: string };
  networkClient?: INetworkModule;
  /** The page msal names for the person's browser (http again for a loopback authority). */
  browserUrl(url: string): string;
}

export class AuthorityError extends Error {
  override name = 'AuthorityError';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function msalAuthority(authority: string = DEFAULT_MICROSOFT_AUTHORITY): MsalAuthority {
  const url = new URL(authority);
  if (url.protocol === 'https:') return { auth: { authority }, browserUrl: (page) => page };
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) throw new AuthorityError(`the Microsoft authority must be https (or http on this machine), not ${authority}`);
  const httpOrigin = url.origin;
  const httpsOrigin = `https://${url.host}`;
  const base = `${httpsOrigin}${url.pathname.replace(/\/$/, '')}`;
  const route = async <T>(method: string, target: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await fetch(target.replace(httpsOrigin, httpOrigin), { method, headers: options?.headers ?? {}, ...(options?.body !== undefined ? { body: options.body } : {}) });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    return { status: response.status, headers, body: (await response.json()) as T };
  };
  return {
    auth: {
      authority: base,
      knownAuthorities: [url.host],
      // https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
      authorityMetadata: JSON.stringify({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: url.host, preferred_cache: url.host, aliases: [url.host] }],
      }),
    },
    networkClient: {
      sendGetRequestAsync: (target, options) => route('GET', target, options),
      sendPostRequestAsync: (target, options) => route('POST', target, options),
    },
    browserUrl: (page) => (page.startsWith(httpsOrigin) ? `${httpOrigin}${page.slice(httpsOrigin.length)}` : page),
  };
}
