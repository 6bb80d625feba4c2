import { Option, type Command } from 'commander';
import type { AddAccountArgs } from '../../domain/accounts';
import type { SyncProgress, SyncRunResult } from '../../api/contract';
import type { ProviderAccount } from '../../sync/protocol';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import { readSecret } from '../secret-input';
import { registerAccountCalendarCommands } from './account-calendars';

const STATE_TEXT: Record<ProviderAccount['state'], string> = {
  ok: 'ok',
  syncing: 'syncing',
  'sign-in-again': 'sign in again',
  'rate-limited': 'rate limited',
  failing: 'failing',
};

function describeAccount(account: ProviderAccount): string {
  const state = account.state === 'rate-limited' && account.retryAt ? `rate limited until ${account.retryAt}` : STATE_TEXT[account.state];
  const synced = account.lastSyncedAt ? `, last synced ${account.lastSyncedAt}` : ', never synced';
  const calendars = account.calendars.map((c) => `${c.name}${c.sync ? '' : ' (not synced)'}${c.readOnly ? ' (read-only)' : ''}`).join(', ');
  const detail = account.stateDetail && account.state !== 'ok' ? `\n    ${account.stateDetail}` : '';
  return `${account.id.slice(0, 8)}  ${account.kind}  ${account.label}  [${state}${synced}]\n    calendars: ${calendars}${detail}`;
}

/** What a sync did with the providers, one line per account and one per conflict. */
export function describeProviders(result: SyncRunResult): string[] {
  const lines: string[] = [];
  for (const report of result.providers) {
    if (report.error) lines.push(`Calendar account ${report.accountId.slice(0, 8)}: ${STATE_TEXT[report.state]}: ${report.error.message}`);
    else lines.push(`Calendar account ${report.accountId.slice(0, 8)}: ${report.pulled} change(s) in, ${report.pushed} out${report.fullResync ? ' (full sync)' : ''}.`);
    if (report.unreadable > 0) lines.push(`  ${report.unreadable} item(s) on the server could not be read and were left as they are.`);
    for (const conflict of report.conflicts) {
      lines.push(`  Changed on both sides: ${conflict.field} of ${conflict.eventId.slice(0, 8)}; kept ${JSON.stringify(conflict.kept)}, not ${JSON.stringify(conflict.discarded)}.`);
    }
    for (const refused of report.refused ?? []) {
      lines.push(`  Not accepted by the calendar server: ${refused.eventId.slice(0, 8)} (${refused.message}); kept here, sent again when you change it.`);
    }
  }
  return lines;
}

/** Progress of long syncs on standard error, one line per calendar per tenth, so logs stay short. */
export function progressPrinter(ctx: CliContext): (progress: SyncProgress) => void {
  const shown = new Map<string, number>();
  return (progress) => {
    if (ctx.options.json) return;
    const total = progress.total;
    const step = total === undefined ? progress.done : Math.floor((progress.done / Math.max(total, 1)) * 10);
    if (shown.get(progress.calendarId) === step) return;
    shown.set(progress.calendarId, step);
    ctx.io.stderr(total === undefined ? `Syncing ${progress.calendarName}: ${progress.done} events` : `Syncing ${progress.calendarName}: ${progress.done} of ${total} events`);
  };
}

interface AddOptions {
  url?: string;
  username?: string;
  passwordStdin?: boolean;
  clientId?: string;
  googleRoot?: string;
  microsoftAuthority?: string;
  graphUrl?: string;
}

async function accountArgs(kind: string, options: AddOptions): Promise<AddAccountArgs> {
  if (kind === 'caldav') {
    if (!options.url || !options.username) throw new UsageError('caldav accounts need --url and --username');
    const password = await readSecret(`Password for ${options.username}: `, options.passwordStdin ?? false);
    return { kind, url: options.url, username: options.username, password };
  }
  if (kind === 'google') {
    const clientId = options.clientId ?? process.env.TEMPOPILOT_GOOGLE_CLIENT_ID;
    if (!clientId) throw new UsageError('google accounts need an OAuth client id: --client-id ID or TEMPOPILOT_GOOGLE_CLIENT_ID (docs/google.md)');
    const clientSecret = process.env.TEMPOPILOT_GOOGLE_CLIENT_SECRET;
    const root = options.googleRoot?.replace(/\/$/, '');
    return {
      kind,
      clientId,
      ...(clientSecret && { clientSecret }),
      ...(root && { authUrl: `${root}/o/oauth2/v2/auth`, tokenUrl: `${root}/token`, apiRoot: `${root}/` }),
    };
  }
  if (kind === 'microsoft') {
    const clientId = options.clientId ?? process.env.TEMPOPILOT_MICROSOFT_CLIENT_ID;
    if (!clientId) throw new UsageError('microsoft accounts need an application (client) id: --client-id ID or TEMPOPILOT_MICROSOFT_CLIENT_ID (docs/microsoft.md)');
    return {
      kind,
      clientId,
      ...(options.microsoftAuthority && { authority: options.microsoftAuthority }),
      ...(options.graphUrl && { graphBaseUrl: options.graphUrl.replace(/\/$/, '') }),
    };
  }
  throw new UsageError(`"${kind}" accounts are not supported; use caldav, google or microsoft`);
}

export function registerAccountCommands(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('calendar accounts (CalDAV, Google, Microsoft 365) this device syncs with');

  accounts
    .command('add')
    .description('add a calendar account and sync it once (with progress). CalDAV: the password is asked for, or read with --password-stdin. Google, Microsoft: prints the consent page to open and waits for it')
    .argument('<kind>', 'caldav, google or microsoft')
    .option('--url <url>', 'caldav: the server, e.g. https://dav.example.com/')
    .option('--username <name>', 'caldav: the user name on that server')
    .option('--password-stdin', 'caldav: read the password from standard input')
    .option('--client-id <id>', 'google, microsoft: the OAuth client id (default: TEMPOPILOT_GOOGLE_CLIENT_ID or TEMPOPILOT_MICROSOFT_CLIENT_ID)')
    .addOption(new Option('--google-root <url>', 'google: where Google is (a proxy, or a test double)').hideHelp())
    .addOption(new Option('--microsoft-authority <url>', 'microsoft: the identity platform authority (a proxy, or a test double)').hideHelp())
    .addOption(new Option('--graph-url <url>', 'microsoft: where Microsoft Graph is (a proxy, or a test double)').hideHelp())
    .action(async (kind: string, options: AddOptions) => {
      const args = await accountArgs(kind, options);
      const stop = ctx.onProgress(progressPrinter(ctx));
      const stopConsent = ctx.onConsent(({ url }) => ctx.io.stderr(`Open this page to let TempoPilot use your calendar, then come back:\n${url}`));
      try {
        const added = await ctx.call('accounts.add', args);
        ctx.print(added, (a) =>
          [
            `Added ${a.account.label}: ${a.account.calendars.map((c) => c.name).join(', ')}.`,
            ...(a.defaultCalendarId ? [`New events go to "${a.account.calendars.find((c) => c.id === a.defaultCalendarId)?.name}" unless you name another calendar.`] : []),
            ...describeProviders(a.sync),
          ].join('\n'),
        );
      } finally {
        stop();
        stopConsent();
      }
    });

  accounts
    .command('list')
    .description('list the calendar accounts and their state')
    .action(async () => ctx.print(await ctx.call('accounts.list', {}), (list) => (list.length === 0 ? 'No calendar accounts. Add one with `tempopilot accounts add caldav --url URL --username NAME`.' : list.map(describeAccount).join('\n'))));

  accounts
    .command('remove')
    .description('remove a calendar account: its calendars leave this device; the server keeps its events')
    .argument('<id>', 'the account id (or its first characters, as `accounts list` shows)')
    .action(async (id: string) => ctx.print(await ctx.call('accounts.remove', { id }), (r) => `Removed calendar account ${r.removed.slice(0, 8)}.`));

  registerAccountCalendarCommands(accounts, ctx, { describeProviders, progressPrinter });
}
