import { msalAuthority } from '../../src/sync/msal-authority';
import type { ProviderConnector } from './connector';

/** What a connector is made from: the account's public settings and its unsealed secret. */
export interface ConnectorAccount {
  kind: string;
  config: Record<string, unknown>;
  secret: string;
  /** Keeps a secret the connector renewed (a rotated refresh token), sealed, for the next run. */
  saveSecret?: (secret: string) => Promise<void>;
}

/** Makes a connected connector for an account; fails with a ProviderError the user can act on. */
export type ConnectorFactory = (account: ConnectorAccount) => Promise<ProviderConnector>;

export type ConnectorRegistry = Readonly<Record<string, ConnectorFactory>>;

/**
 * Each connector is loaded when an account of its kind first syncs: their SDKs (tsdav, Google's,
 * msal) together take seconds to load, which every start of the server would otherwise pay.
 */
export const DEFAULT_CONNECTORS: ConnectorRegistry = {
  caldav: async ({ config, secret }) => (await import('./caldav/connector')).connectCalDav({ url: String(config.url), username: String(config.username), password: secret }),
  google: async ({ config, secret }) =>
    (await import('./google/connector')).connectGoogle({
      clientId: String(config.clientId),
      ...(config.clientSecret ? { clientSecret: String(config.clientSecret) } : {}),
      refreshToken: secret,
      ...(config.tokenUrl ? { tokenUrl: String(config.tokenUrl) } : {}),
      ...(config.apiRoot ? { apiRoot: String(config.apiRoot) } : {}),
    }),
  microsoft: async ({ config, secret, saveSecret }) => {
    const authority = msalAuthority(config.authority === undefined ? undefined : String(config.authority));
    return (await import('./microsoft/connector')).connectMicrosoft({
      clientId: String(config.clientId),
      authority: authority.auth.authority,
      ...(authority.auth.authorityMetadata !== undefined && { authorityMetadata: authority.auth.authorityMetadata }),
      ...(authority.auth.cloudDiscoveryMetadata !== undefined && { cloudDiscoveryMetadata: authority.auth.cloudDiscoveryMetadata }),
      ...(authority.networkClient && { networkClient: authority.networkClient }),
      graphBaseUrl: String(config.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0'),
      // The secret is msal's token cache from the consent; a refresh rotates its refresh token.
      tokenCache: secret,
      ...(saveSecret && { onTokenCacheChanged: saveSecret }),
    });
  },
};
