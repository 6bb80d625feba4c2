import { createLogger } from './logging';
import { startSyncServer } from './server';

/**
 * The sync server as a process: `tsx sync-server/main.ts`. PORT (default 4800), HOST (default
 * 127.0.0.1), DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite's folder; in memory without either),
 * TEMPOPILOT_SECRET_KEY (base64, 32 bytes) or SECRET_KEY_FILE to hold provider accounts,
 * TEMPOPILOT_PUBLIC_URL (the server's public https base URL: Google and Microsoft accounts then
 * get change notifications instead of polling alone),
 * LOG_LEVEL (default info), TRUST_PROXY=1 behind a TLS-terminating proxy. Prints one line when it listens; SIGTERM or SIGINT close it gracefully
 * (in-flight requests finish, streams close, the database closes); a second signal exits at once.
 */
const DEFAULT_PORT = 4800;

async function main(): Promise<void> {
  const env = process.env;
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const server = await startSyncServer({
    host: env.HOST || '127.0.0.1',
    port,
    ...(env.DATABASE_URL && { databaseUrl: env.DATABASE_URL }),
    ...(env.DATA_DIR && { dataDir: env.DATA_DIR }),
    ...(env.TEMPOPILOT_SECRET_KEY && { secretKey: env.TEMPOPILOT_SECRET_KEY }),
    ...(env.SECRET_KEY_FILE && { secretKeyFile: env.SECRET_KEY_FILE }),
    ...(env.TEMPOPILOT_PUBLIC_URL && { publicUrl: env.TEMPOPILOT_PUBLIC_URL }),
    logger: createLogger({ level: env.LOG_LEVEL || 'info' }),
    trustProxy: env.TRUST_PROXY === '1',
  });
  process.stdout.write(`sync server listening on ${server.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sync server failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
