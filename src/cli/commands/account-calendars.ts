import type { Command } from 'commander';
import type { SyncProgress, SyncRunResult } from '../../api/contract';
import type { ProviderAccount, ProviderCalendarInfo } from '../../sync/protocol';
import type { CliContext } from '../context';
import { UsageError } from '../errors';

/** How the account commands describe a sync; passed in so this module and theirs stay apart. */
export interface SyncDescription {
  describeProviders: (result: SyncRunResult) => string[];
  progressPrinter: (ctx: CliContext) => (progress: SyncProgress) => void;
}

function access(calendar: ProviderCalendarInfo): string {
  if (calendar.providerReadOnly) return 'read-only (provider)';
  return calendar.write ? 'read-write' : 'read-only (your choice)';
}

/** One line per calendar: name, whether it syncs, what TempoPilot may do, id. */
export function formatAccountCalendars(account: ProviderAccount): string {
  const rows = [['CALENDAR', 'SYNC', 'ACCESS', 'ID'], ...account.calendars.map((c) => [c.name, c.sync ? 'on' : 'off', access(c), c.id])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const table = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  return [`${account.label} (${account.id.slice(0, 8)})`, ...table].join('\n');
}

export function registerAccountCalendarCommands(accounts: Command, ctx: CliContext, describe: SyncDescription): void {
  accounts
    .command('calendars')
    .description("list an account's calendars: whether each syncs, and whether TempoPilot may write to it")
    .argument('<account>', 'the account id (or its first characters), or its label')
    .action(async (account: string) => ctx.print(await ctx.call('accounts.calendars', { account }), formatAccountCalendars));

  accounts
    .command('calendar')
    .description('choose whether one calendar syncs and whether TempoPilot may write to it, then sync. A calendar switched off leaves this device; switched on, it comes back')
    .argument('<account>', 'the account id (or its first characters), or its label')
    .argument('<calendar>', 'the calendar id or name, as `accounts calendars` shows')
    .option('--sync', 'sync this calendar')
    .option('--no-sync', 'stop syncing this calendar: its events leave this device (the provider keeps them)')
    .option('--write', 'let TempoPilot write to it (only where the provider allows)')
    .option('--read-only', 'never let TempoPilot write to it (the sync server refuses such writes)')
    .action(async (account: string, calendar: string, options: { sync?: boolean; write?: boolean; readOnly?: boolean }) => {
      if (options.write && options.readOnly) throw new UsageError('give --write or --read-only, not both');
      const write = options.write ? true : options.readOnly ? false : undefined;
      if (options.sync === undefined && write === undefined) throw new UsageError('say what to change: --sync, --no-sync, --write or --read-only');
      const stop = ctx.onProgress(describe.progressPrinter(ctx));
      try {
        const changed = await ctx.call('accounts.setCalendar', { account, calendar, ...(options.sync !== undefined && { sync: options.sync }), ...(write !== undefined && { write }) });
        ctx.print(changed, (c) =>
          [`${c.calendar.name} (${c.account.label}): sync ${c.calendar.sync ? 'on' : 'off'}, ${access(c.calendar)}.`, ...describe.describeProviders(c.sync)].join('\n'),
        );
      } finally {
        stop();
      }
    });
}
