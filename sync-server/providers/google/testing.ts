import { GoogleConnector, type GoogleOptions } from './connector';
import { GoogleCalendarDouble, type GoogleDoubleOptions } from './double';

export const TEST_CLIENT_ID = 'tempopilot-test.apps.googleusercontent.com';

export interface GoogleTestAccount {
  double: GoogleCalendarDouble;
  connector: GoogleConnector;
  refreshToken: string;
  newConnector(options?: GoogleOptions): GoogleConnector;
}

/** A double with one consented account and a connector on it through the real SDK. */
export async function startGoogleAccount(options: { double?: GoogleDoubleOptions; connector?: GoogleOptions } = {}): Promise<GoogleTestAccount> {
  const double = await GoogleCalendarDouble.start(options.double);
  const refreshToken = double.issueRefreshToken(TEST_CLIENT_ID);
  const newConnector = (connectorOptions: GoogleOptions = options.connector ?? {}) =>
    new GoogleConnector({ clientId: TEST_CLIENT_ID, refreshToken, tokenUrl: double.tokenUrl, apiRoot: double.rootUrl }, connectorOptions);
  return { double, refreshToken, connector: newConnector(), newConnector };
}
