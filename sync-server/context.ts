import type { Authenticator } from './auth/authenticate';
import type { AccessTokens } from './auth/access-token';
import type { Database } from './db/database';
import type { ServerMetrics } from './metrics';
import type { ProviderService } from './providers/service';
import type { PokeHub } from './stream';

/** What the routes share: one per server instance, never module-level state. */
export interface ServerContext {
  db: Database;
  auth: Authenticator;
  tokens: AccessTokens;
  hub: PokeHub;
  metrics: ServerMetrics;
  /** Provider accounts; absent when the server has no key to seal their secrets. */
  providers?: ProviderService;
}
