import path from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir } from '../../app';
import { openEmbeddedServer } from '../../app/embedded-server';
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
      const root = ctx.options.dataDir ?? defaultDataDir();
      const launch = services.startSyncServer;
      const listen = { host: options.host ?? '127.0.0.1', port: options.port ?? DEFAULT_SERVER_PORT };
      // PGlite in the data folder is the built-in server's: take it under the same lock, so a
      // desktop app or CLI of this user never opens the folder at the same time.
      const server = databaseUrl
        ? await launch({ ...listen, databaseUrl, ...(!process.env.TEMPOPILOT_SECRET_KEY && { secretKeyFile: path.join(root, 'server.key') }) })
        : await openEmbeddedServer(root, launch, { ...listen, reuse: false, providerJobs: true });
      const dataDir = path.join(root, 'server');
      const where = databaseUrl ? 'PostgreSQL from DATABASE_URL' : `PGlite in ${dataDir}`;
      ctx.print({ url: server.url }, ({ url }) => `Sync server listening on ${url} (${where}). Ctrl-C to stop.`);
      await untilInterrupted();
      await server.close();
    });
}
