import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir } from '../../app';
import type { CliContext } from '../context';
import { UsageError } from '../errors';
import type { CliServices } from '../services';
import { untilInterrupted } from './web';

export const DEFAULT_SERVER_PORT = 4800;

export function registerServerCommands(program: Command, ctx: CliContext, services: CliServices): void {
  program
    .command('server')
    .description('run the sync server (PGlite in the data folder, or PostgreSQL from DATABASE_URL) until Ctrl-C')
    .option('--port <n>', `port to listen on (default ${DEFAULT_SERVER_PORT})`, (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${value}" is not a port number`);
      return port;
    })
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      if (!services.startSyncServer) throw new UsageError('this build of tempopilot has no sync server');
      const databaseUrl = process.env.DATABASE_URL;
      const dataDir = path.join(ctx.options.dataDir ?? defaultDataDir(), 'server');
      if (!databaseUrl) mkdirSync(dataDir, { recursive: true });
      const server = await services.startSyncServer({
        host: options.host ?? '127.0.0.1',
        port: options.port ?? DEFAULT_SERVER_PORT,
        ...(databaseUrl ? { databaseUrl } : { dataDir }),
      });
      const where = databaseUrl ? 'PostgreSQL from DATABASE_URL' : `PGlite in ${dataDir}`;
      ctx.print({ url: server.url }, ({ url }) => `Sync server listening on ${url} (${where}). Ctrl-C to stop.`);
      await untilInterrupted();
      await server.close();
    });
}
