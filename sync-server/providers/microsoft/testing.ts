import { MicrosoftConnector, type MicrosoftOptions } from './connector';
import type { GraphDouble } from './double';

/**
 * The connector's clock in tests: the shared suites use fixed dates in 2026-2027, which stay inside
 * the delta window (a year back, two ahead) of a round started then, whatever today is.
 */
export const TEST_NOW = Date.parse('2026-06-01T00:00:00Z');

/** A connector whose msal-node and Graph calls all go to the double. */
export async function connectToDouble(double: GraphDouble, refreshToken = double.issueRefreshToken(), now: MicrosoftOptions['now'] = () => TEST_NOW): Promise<MicrosoftConnector> {
  return new MicrosoftConnector({
    clientId: double.clientId,
    authority: double.authority,
    refreshToken,
    graphBaseUrl: double.graphBaseUrl,
    authorityMetadata: double.authorityMetadata(),
    cloudDiscoveryMetadata: double.cloudDiscoveryMetadata(),
    networkClient: double.networkClient(),
    now,
  });
}
