import { MicrosoftConnector } from './connector';
import type { GraphDouble } from './double';

/** A connector whose msal-node and Graph calls all go to the double. */
export async function connectToDouble(double: GraphDouble, refreshToken = double.issueRefreshToken()): Promise<MicrosoftConnector> {
  return new MicrosoftConnector({
    clientId: double.clientId,
    authority: double.authority,
    refreshToken,
    graphBaseUrl: double.graphBaseUrl,
    authorityMetadata: double.authorityMetadata(),
    cloudDiscoveryMetadata: double.cloudDiscoveryMetadata(),
    networkClient: double.networkClient(),
  });
}

