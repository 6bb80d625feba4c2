import type { Command } from 'commander';
import type { SyncRunResult, SyncStatus } from '../../api/contract';
import type { DeviceInfo } from '../../sync/protocol';
import { EMBEDDED_SERVER_URL } from '../../app/embedded-server';
import type { CliContext } from '../context';
import { describeProviders, progressPrinter } from './accounts';

function describeStatus(status: SyncStatus): string {
  if (!status.connected) return `Not connected to a sync server. ${status.pendingChanges} local change(s) waiting.`;
  const server = status.serverUrl === EMBEDDED_SERVER_URL ? 'the built-in sync server' : status.serverUrl;
  return `Connected to ${server} as device ${status.deviceId}. ${status.pendingChanges} change(s) waiting to be pushed.`;
}

function describeRun(result: SyncRunResult): string {
  const lines = [`Pushed ${result.pushed} change(s), pulled ${result.pulled}.`];
  for (const rejected of result.rejected) lines.push(`Refused by the server (${rejected.code}): ${rejected.message}`);
  for (const conflict of result.conflicts) {
    lines.push(`Conflict on ${conflict.field} of event ${conflict.eventId.slice(0, 8)}: another device changed it first; kept ${JSON.stringify(conflict.kept)}.`);
  }
  lines.push(...describeProviders(result));
  return lines.join('\n');
}

function describeDevices(devices: readonly DeviceInfo[]): string {
  return devices
    .map((d) => `${d.id.slice(0, 8)}  ${d.name}${d.current ? ' (this device)' : ''}${d.revokedAt ? ' (revoked)' : ''}  added ${d.createdAt.slice(0, 10)}`)
    .join('\n');
}

/** After connecting or joining: sync once, and say where things stand. */
async function syncAndReport(ctx: CliContext): Promise<void> {
  const result = await ctx.call('sync.run', {});
  ctx.print({ status: await ctx.call('sync.status', {}), sync: result }, (r) => `${describeStatus(r.status)}\n${describeRun(r.sync)}`);
}

export function registerSyncCommands(program: Command, ctx: CliContext): void {
  program
    .command('connect')
    .description('sync this device with a sync server, creating an account there')
    .argument('<url>', 'the server, e.g. http://127.0.0.1:4800')
    .option('--name <device>', 'what to call this device (default: the host name)')
    .action(async (url: string, options: { name?: string }) => {
      await ctx.call('sync.connect', { url, ...(options.name !== undefined && { deviceName: options.name }) });
      await syncAndReport(ctx);
    });

  program
    .command('join')
    .description('join the account of another device, with the code from its `devices pair`')
    .argument('<url>', 'the server')
    .argument('<code>', 'the pairing code')
    .option('--name <device>', 'what to call this device (default: the host name)')
    .action(async (url: string, code: string, options: { name?: string }) => {
      await ctx.call('sync.join', { url, code, ...(options.name !== undefined && { deviceName: options.name }) });
      await syncAndReport(ctx);
    });

  program
    .command('sync')
    .description('push local changes and pull the server\'s now (--status: only say where things stand)')
    .option('--status', 'show the connection and pending changes without syncing')
    .action(async (options: { status?: boolean }) => {
      if (options.status) {
        ctx.print(await ctx.call('sync.status', {}), describeStatus);
        return;
      }
      const stop = ctx.onProgress(progressPrinter(ctx));
      try {
        ctx.print(await ctx.call('sync.run', {}), describeRun);
      } finally {
        stop();
      }
    });

  const devices = program.command('devices').description('the devices of this account');
  devices
    .command('pair')
    .description('print a one-time code with which another device joins this account')
    .action(async () => {
      const pairing = await ctx.call('devices.pair', {});
      ctx.print({ code: pairing.code, expiresAt: pairing.expiresAt }, (p) => `Pairing code: ${p.code} (valid until ${p.expiresAt}). On the other device: tempopilot join URL ${p.code}`);
    });
  devices
    .command('list')
    .description('list the devices of this account')
    .action(async () => ctx.print(await ctx.call('devices.list', {}), describeDevices));
  devices
    .command('revoke')
    .description('revoke a device: its next request is refused')
    .argument('<id>', 'the device id (as listed)')
    .action(async (id: string) => ctx.print(await ctx.call('devices.revoke', { id }), (r) => `Revoked ${r.revoked}.`));
}
