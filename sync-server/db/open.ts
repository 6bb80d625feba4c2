import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export interface DatabaseLocation {
  /** PGlite's data folder; with neither this nor `databaseUrl`, PGlite in memory. */
  dataDir?: string;
  /** A PostgreSQL connection string; wins over `dataDir`. */
  databaseUrl?: string;
}

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.databaseUrl) return openPostgres({ connectionString: location.databaseUrl });
  return openPglite(location.dataDir === undefined ? {} : { dataDir: location.dataDir });
}
