import type { SyncRunResult } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { ProviderAccount } from '../../sync/protocol';
import type { HostContext } from '../context';

/** What the account handlers share: naming an account as a person does, and a sync that reports its progress. */

/** The provider accounts of the sync server this device uses; none before it uses one. */
export async function knownAccounts(ctx: HostContext): Promise<ProviderAccount[]> {
  return ctx.sync.status().connected ? ctx.sync.withClient((client) => client.providers()) : [];
}

/** The account named by its id, the id's first characters (as `accounts list` shows), or its label. */
export function pickAccount(accounts: readonly ProviderAccount[], name: string): ProviderAccount {
  const byId = accounts.filter((a) => a.id === name || a.id.startsWith(name));
  const matching = byId.length > 0 ? byId : accounts.filter((a) => a.label.toLowerCase() === name.toLowerCase());
  if (matching.length > 1) throw new ApiError('invalid-args', `"${name}" names more than one account (${matching.map((a) => a.id.slice(0, 8)).join(', ')}); give more of its id`);
  const account = matching[0];
  if (!account) throw new ApiError('not-found', `no calendar account "${name}"; \`tempopilot accounts list\` shows them`);
  return account;
}

/** Syncs now, telling the UIs how far it got and what changed. */
export async function syncWithProgress(ctx: HostContext): Promise<SyncRunResult> {
  const { touched, ...result } = await ctx.sync.run((progress) => ctx.emit('sync.progress', progress));
  if (touched.length > 0) ctx.emit('calendar.changed', { reason: 'sync', eventIds: touched });
  return result;
}
