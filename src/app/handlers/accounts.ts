import type { Handlers, SyncRunResult } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { HostContext } from '../context';

/**
 * Provider accounts, kept by the sync server this device syncs with (the built-in one unless the
 * device was connected to another). Adding one syncs it at once, with progress, so its calendars
 * and events are here when the command returns.
 */
export function accountHandlers(ctx: HostContext): Pick<Handlers, 'accounts.add' | 'accounts.list' | 'accounts.remove' | 'sync.run'> {
  const session = ctx.sync;

  async function syncNow(): Promise<SyncRunResult> {
    const { touched, ...result } = await session.run((progress) => ctx.emit('sync.progress', progress));
    if (touched.length > 0) ctx.emit('calendar.changed', { reason: 'sync', eventIds: touched });
    return result;
  }

  return {
    'accounts.add': async (request) => {
      const added = await session.withClient((client) => client.addProvider(request, ctx.timeZone), true);
      const sync = await syncNow();
      if (added.defaultCalendarId !== undefined && ctx.store.getCalendar(added.defaultCalendarId)) ctx.store.setDefaultCalendar(added.defaultCalendarId);
      return { ...added, sync };
    },
    'accounts.list': async () => (session.status().connected ? session.withClient((client) => client.providers()) : []),
    'accounts.remove': async ({ id }) => {
      const accounts = await session.withClient((client) => client.providers());
      const account = accounts.find((a) => a.id === id || a.id.startsWith(id));
      if (!account) throw new ApiError('not-found', `no calendar account "${id}"; \`tempopilot accounts list\` shows them`);
      await session.withClient((client) => client.removeProvider(account.id));
      await syncNow();
      return { removed: account.id };
    },
    'sync.run': syncNow,
  };
}
