/**
 * The sync server (DESIGN.md §5, docs/sync.md). In-process: `startSyncServer({ dataDir })` or
 * `buildServer({ database })`; as a process: `tsx sync-server/main.ts`.
 */
export { buildServer, startSyncServer, DEFAULT_BODY_LIMIT, type RunningSyncServer, type StartOptions, type SyncServerOptions } from './server';
export { openDatabase, type DatabaseLocation } from './db/open';
export { openPglite, type PgliteOptions } from './db/pglite';
export { openPostgres, type PostgresOptions } from './db/postgres';
export { migrate, MIGRATIONS, MigrationError } from './db/migrations';
export type { Database, Queryable } from './db/database';
export { createLogger, type LogOptions } from './logging';
