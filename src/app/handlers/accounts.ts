import type { Handlers } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { AddAccountArgs, AddProviderRequest } from '../../domain/accounts';
import type { HostContext } from '../context';
import { knownAccounts, pickAccount, syncWithProgress } from './provider-accounts';

/**
 * What the server needs to add the account. For Google, the person consents in their browser
 * first (the page's URL goes to the UI as `accounts.consent`); the refresh token that consent
 * gives goes to the server, which seals it.
 */
async function providerRequest(ctx: HostContext, args: AddAccountArgs): Promise<AddProviderRequest> {
  if (args.kind === 'caldav') return args;
  if (args.kind === 'microsoft') return microsoftRequest(ctx, args);
  const { authUrl, ...client } = args;
  // Loaded when needed: google-auth-library would slow every start of every face.
  const { beginGoogleConsent, ConsentError } = await import('../oauth/google-consent');
  const consent = await beginGoogleConsent({
    clientId: client.clientId,
    ...(client.clientSecret !== undefined && { clientSecret: client.clientSecret }),
    ...(authUrl !== undefined && { authUrl }),
    ...(client.tokenUrl !== undefined && { tokenUrl: client.tokenUrl }),
  });
  ctx.emit('accounts.consent', { kind: 'google', url: consent.url });
  try {
    const { refreshToken } = await consent.result;
    return { ...client, refreshToken };
  } catch (error) {
    if (error instanceof ConsentError) throw new ApiError('denied', `Google Calendar was not connected: ${error.message}`);
    throw error;
  }
}

/** Microsoft the same way; what the consent gives the server is msal's token cache. */
async function microsoftRequest(ctx: HostContext, args: Extract<AddAccountArgs, { kind: 'microsoft' }>): Promise<AddProviderRequest> {
  // Loaded when needed, like Google's: msal-node is large.
  const { beginMicrosoftConsent, ConsentError } = await import('../oauth/microsoft-consent');
  const { AuthorityError } = await import('../../sync/msal-authority');
  let consent: Awaited<ReturnType<typeof beginMicrosoftConsent>>;
  try {
    consent = await beginMicrosoftConsent({ clientId: args.clientId, ...(args.authority !== undefined && { authority: args.authority }) });
  } catch (error) {
    if (error instanceof AuthorityError) throw new ApiError('invalid-args', error.message);
    throw error;
  }
  ctx.emit('accounts.consent', { kind: 'microsoft', url: consent.url });
  try {
    const { tokenCache } = await consent.result;
    return { ...args, tokenCache };
  } catch (error) {
    if (error instanceof ConsentError) throw new ApiError('denied', `Microsoft 365 was not connected: ${error.message}`);
    throw error;
  }
}

/**
 * Provider accounts, kept by the sync server this device syncs with (the built-in one unless the
 * device was connected to another). Adding one syncs it at once, with progress, so its calendars
 * and events are here when the command returns.
 */
export function accountHandlers(ctx: HostContext): Pick<Handlers, 'accounts.add' | 'accounts.list' | 'accounts.remove' | 'sync.run'> {
  const session = ctx.sync;
  const syncNow = () => syncWithProgress(ctx);

  return {
    'accounts.add': async (args) => {
      const request = await providerRequest(ctx, args);
      const added = await session.withClient((client) => client.addProvider(request, ctx.timeZone), true);
      const sync = await syncNow();
      if (added.defaultCalendarId !== undefined && ctx.store.getCalendar(added.defaultCalendarId)) ctx.store.setDefaultCalendar(added.defaultCalendarId);
      return { ...added, sync };
    },
    'accounts.list': () => knownAccounts(ctx),
    'accounts.remove': async ({ id }) => {
      const account = pickAccount(await knownAccounts(ctx), id);
      await session.withClient((client) => client.removeProvider(account.id));
      await syncNow();
      return { removed: account.id };
    },
    'sync.run': syncNow,
  };
}
