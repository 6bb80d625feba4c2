import { connectCalDav } from './caldav/connector';
import type { ProviderConnector } from './connector';

/** What a connector is made from: the account's public settings and its unsealed secret. */
export interface ConnectorAccount {
  kind: string;
  config: Record<string, unknown>;
  secret: string;
}

/** Makes a connected connector for an account; fails with a ProviderError the user can act on. */
export type ConnectorFactory = (account: ConnectorAccount) => Promise<ProviderConnector>;

export type ConnectorRegistry = Readonly<Record<string, ConnectorFactory>>;

export const DEFAULT_CONNECTORS: ConnectorRegistry = {
  caldav: ({ config, secret }) => connectCalDav({ url: String(config.url), username: String(config.username), password: secret }),
};
