import { z } from 'zod';

/**
 * A calendar account at a provider, as the user adds it: what the UI and CLI ask for, what the
 * sync protocol carries once (the server seals the secret), and what the host checks first.
 */
export const AddProviderRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('caldav'),
      url: z.url({ protocol: /^https?$/, error: 'expected the CalDAV server URL, e.g. https://dav.example.com/' }),
      username: z.string().trim().min(1, 'the user name is empty').max(320),
      password: z.string().min(1, 'the password is empty').max(4_096),
    })
    .strict(),
]);

export type AddProviderRequest = z.infer<typeof AddProviderRequestSchema>;
