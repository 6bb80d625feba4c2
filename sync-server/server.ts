import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { AccessTokens } from './auth/access-token';
import { Authenticator } from './auth/authenticate';
import { ReplayGuard } from './auth/replay-guard';
import { loadTokenKey } from './auth/token-key';
import type { ServerContext } from './context';
import type { Database } from './db/database';
import { migrate } from './db/migrations';
import { openDatabase, type DatabaseLocation } from './db/open';
import { errorBody, installErrorHandling } from './errors';
import { createLogger } from './logging';
import { createMetrics, recordRequestDurations } from './metrics';
import { registerAccountRoutes } from './routes/accounts';
import { registerDeviceRoutes } from './routes/devices';
import { DEFAULT_CONNECTORS, type ConnectorRegistry } from './providers/registry';
import { parsePublicUrl } from './providers/channels';
import type { SchedulerOptions } from './providers/scheduler';
import { ProviderService } from './providers/service';
import { vaultFromBase64, vaultFromKeyFile, type SecretVault } from './providers/vault';
import { registerHealthRoutes } from './routes/health';
import { registerProviderNotificationRoutes } from './routes/provider-notifications';
import { registerProviderRoutes } from './routes/providers';
import { registerSettingsRoutes } from './routes/settings';
import { registerStreamRoute } from './routes/stream';
import { registerSyncRoutes } from './routes/sync';
import { relayPokes } from './poke-relay';
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateLimits } from './rate-limits';
import { DEFAULT_RETENTION, schedulePruning, type Retention } from './retention';
import { CLOSE_GOING_AWAY, PokeHub } from './stream';

export interface SyncServerOptions {
  database: Database;
  /** Closed with the server when true (the caller opened it for the server alone). */
  closeDatabase?: boolean;
  /** pino; by default JSON lines at `info` on standard output. */
  logger?: Logger;
  /** Largest request body accepted, in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** Stream ping interval; a socket that missed the previous ping is dropped. */
  heartbeatMs?: number;
  /** Node process metrics (memory, event loop) beside the server's own on /metrics. */
  processMetrics?: boolean;
  /**
   * Behind a reverse proxy: take scheme and host from X-Forwarded-Proto and X-Forwarded-Host, as
   * the client signed its proofs for the proxy's URL. Never set it when clients connect directly.
   */
  trustProxy?: boolean;
  /** Seals provider credentials; without it, provider accounts are refused (503). */
  vault?: SecretVault;
  /** How each provider kind is connected; CalDAV by default. */
  connectors?: ConnectorRegistry;
  /** Background provider jobs (pg-boss); off unless given. */
  providerJobs?: SchedulerOptions | false;
  /**
   * The server's public base URL (TEMPOPILOT_PUBLIC_URL), HTTPS (http only on a loopback host):
   * with it, Google and Microsoft accounts get change notification channels to its receivers;
   * without, they are polled.
   */
  publicUrl?: string;
  /** How long before its expiry a notification channel is renewed (a day unless given). */
  renewChannelsBeforeMs?: number;
  /** Per-address limits on the routes used before a device has a token (rate-limits.ts). */
  rateLimits?: Partial<RateLimits>;
  /** How long history is kept (retention.ts); pruned daily unless false. */
  retention?: Partial<Retention> | false;
}

/** 500 mutations carrying whole events fit with room to spare. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
const STREAM_MAX_MESSAGE_BYTES = 4096;

/**
 * The sync server as a Fastify instance, not yet listening: brings the schema up to date, loads
 * the token key, and registers every route of the protocol (src/sync/protocol.ts).
 */
export async function buildServer(options: SyncServerOptions): Promise<FastifyInstance> {
  const { database } = options;
  await migrate(database);
  const logger = options.logger ?? createLogger();
  const tokens = new AccessTokens(await loadTokenKey(database, options.vault, logger));
  const metrics = createMetrics({ processMetrics: options.processMetrics ?? false });
  const hub = new PokeHub(options.heartbeatMs ?? 30_000, {
    onCount: (connected) => metrics.streamClients.set(connected),
    onPoke: (sent) => metrics.pokes.inc(sent),
  });
  const stopPokeRelay = await relayPokes(database, hub, logger);
  const publicUrl = options.publicUrl === undefined ? undefined : parsePublicUrl(options.publicUrl);
  const providers = options.vault
    ? new ProviderService({ db: database, vault: options.vault, connectors: options.connectors ?? DEFAULT_CONNECTORS }, hub, {
        jobs: options.providerJobs ?? false,
        logger,
        ...(publicUrl && { publicUrl }),
        ...(options.renewChannelsBeforeMs !== undefined && { renewBeforeMs: options.renewChannelsBeforeMs }),
      })
    : undefined;
  const context: ServerContext = { db: database, auth: new Authenticator(database, tokens, new ReplayGuard()), tokens, hub, metrics, ...(providers && { providers }) };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    forceCloseConnections: 'idle',
    // A URL the router cannot decode never reaches the error handler: answer it in the same shape.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send(errorBody('invalid-request', error.message));
    },
  });
  installErrorHandling(app);
  recordRequestDurations(app, metrics);
  await app.register(websocket, {
    options: { maxPayload: STREAM_MAX_MESSAGE_BYTES },
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(CLOSE_GOING_AWAY, 'server shutting down');
      this.websocketServer.close(() => done());
    },
  });
  registerHealthRoutes(app, context);
  await installRateLimits(app);
  registerAccountRoutes(app, context, { ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  registerDeviceRoutes(app, context);
  registerSyncRoutes(app, context);
  registerSettingsRoutes(app, context);
  registerProviderRoutes(app, context);
  await registerProviderNotificationRoutes(app, context);
  registerStreamRoute(app, context);
  // A request that was running when the server began to close must not leave its keep-alive
  // connection open afterwards: the server only finishes closing when every connection has ended.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  await providers?.start();
  const stopPruning = options.retention === false ? undefined : schedulePruning(database, logger, { ...DEFAULT_RETENTION, ...options.retention });
  app.addHook('onClose', async () => {
    stopPruning?.();
    await providers?.stop();
    await stopPokeRelay?.();
    hub.stop();
    if (options.closeDatabase) await database.close();
  });
  return app;
}

export interface StartOptions extends DatabaseLocation, Omit<SyncServerOptions, 'database' | 'closeDatabase'> {
  host?: string;
  port?: number;
  /** The key that seals provider secrets, as base64 (TEMPOPILOT_SECRET_KEY) ... */
  secretKey?: string;
  /** ... or in a 0600 file, made on first use. */
  secretKeyFile?: string;
}

function vaultOf(options: StartOptions): SecretVault | undefined {
  if (options.vault) return options.vault;
  if (options.secretKey) return vaultFromBase64(options.secretKey);
  if (options.secretKeyFile) return vaultFromKeyFile(options.secretKeyFile);
  return undefined;
}

export interface RunningSyncServer {
  app: FastifyInstance;
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  close(): Promise<void>;
}

/** Opens the database (PGlite in `dataDir`, or PostgreSQL at `databaseUrl`), builds the server, listens. */
export async function startSyncServer(options: StartOptions = {}): Promise<RunningSyncServer> {
  const database = await openDatabase(options);
  let app: FastifyInstance;
  try {
    const vault = vaultOf(options);
    app = await buildServer({
      ...options,
      database,
      closeDatabase: true,
      processMetrics: options.processMetrics ?? true,
      ...(vault && { vault }),
      providerJobs: options.providerJobs ?? {},
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${urlHost}:${port}`, close: () => app.close() };
}
