import type { Handlers } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { ProviderAccount, ProviderCalendarInfo } from '../../sync/protocol';
import type { HostContext } from '../context';
import { knownAccounts, pickAccount, syncWithProgress } from './provider-accounts';

/**
 * Per-calendar scopes of a provider account: which calendars sync and which TempoPilot may write
 * to. The sync server keeps and enforces the choices (a device's write to a read-only calendar is
 * refused there); this side names the account and calendar the way a person does.
 */

/** The calendar named by its id or (ignoring case) its name. */
export function pickCalendar(account: ProviderAccount, name: string): ProviderCalendarInfo {
  const byId = account.calendars.find((c) => c.id === name);
  if (byId) return byId;
  const matching = account.calendars.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  if (matching.length > 1) throw new ApiError('invalid-args', `${matching.length} calendars of ${account.label} are called "${name}"; name one by its id: ${matching.map((c) => c.id).join(', ')}`);
  const calendar = matching[0];
  if (!calendar) throw new ApiError('not-found', `${account.label} has no calendar "${name}"; it has ${account.calendars.map((c) => `"${c.name}"`).join(', ')}`);
  return calendar;
}

export function accountCalendarHandlers(ctx: HostContext): Pick<Handlers, 'accounts.calendars' | 'accounts.setCalendar'> {
  const session = ctx.sync;
  const accounts = () => knownAccounts(ctx);

  return {
    'accounts.calendars': async ({ account }) => pickAccount(await accounts(), account),
    'accounts.setCalendar': async ({ account: accountName, calendar: calendarName, sync, write }) => {
      const named = pickAccount(await accounts(), accountName);
      const calendar = pickCalendar(named, calendarName);
      const account = await session.withClient((client) => client.setProviderCalendar(named.id, calendar.id, { ...(sync !== undefined && { sync }), ...(write !== undefined && { write }) }));
      const result = await syncWithProgress(ctx);
      return { account, calendar: account.calendars.find((c) => c.id === calendar.id)!, sync: result };
    },
  };
}
