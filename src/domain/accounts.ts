import { z } from 'zod';

/**
 * Calendar accounts at providers. What a person asks for (the UI and CLI: `AddAccountArgs`) and
 * what a device sends the sync server once (`AddProviderRequest`, whose secret the server seals)
 * differ for OAuth providers: the device runs the consent and sends the refresh token it got.
 */

const caldav = z
  .object({
    kind: z.literal('caldav'),
    url: z.url({ protocol: /^https?$/, error: 'expected the CalDAV server URL, e.g. https://dav.example.com/' }),
    username: z.string().trim().min(1, 'the user name is empty').max(320),
    password: z.string().min(1, 'the password is empty').max(4_096),
  })
  .strict();

const httpUrl = z.url({ protocol: /^https?$/ });

/** Which OAuth client TempoPilot signs in as, and (for tests and proxies) where Google is. */
const googleClient = {
  kind: z.literal('google'),
  clientId: z.string().trim().min(1, 'the OAuth client id is empty').max(300),
  /** Google's installed-app clients have a secret that is not confidential. */
  clientSecret: z.string().max(300).optional(),
  tokenUrl: httpUrl.optional(),
  apiRoot: httpUrl.optional(),
};

/** Which app registration TempoPilot signs in as, and (for tests and proxies) where Microsoft is. */
const microsoftClient = {
  kind: z.literal('microsoft'),
  clientId: z.string().trim().min(1, 'the application (client) id is empty').max(300),
  /** The identity platform authority, `https://login.microsoftonline.com/common` unless given. */
  authority: httpUrl.optional(),
  graphBaseUrl: httpUrl.optional(),
};

export const AddAccountArgsSchema = z.discriminatedUnion('kind', [
  caldav,
  z.object({ ...googleClient, authUrl: httpUrl.optional() }).strict(),
  z.object(microsoftClient).strict(),
]);

export const AddProviderRequestSchema = z.discriminatedUnion('kind', [
  caldav,
  z.object({ ...googleClient, refreshToken: z.string().min(1).max(4_096) }).strict(),
  /** msal-node's serialized token cache after the consent: the account and its refresh token. */
  z.object({ ...microsoftClient, tokenCache: z.string().min(1).max(65_536) }).strict(),
]);

export type AddAccountArgs = z.infer<typeof AddAccountArgsSchema>;
export type AddProviderRequest = z.infer<typeof AddProviderRequestSchema>;
