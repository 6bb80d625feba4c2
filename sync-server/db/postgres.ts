import pg from 'pg';
import type { Database, Queryable } from './database';

export interface PostgresOptions {
  /** Settings such as the search_path can ride along: `?options=-c%20search_path%3Dmy_schema`. */
  connectionString: string;
  maxConnections?: number;
}

const INT8_OID = 20;

/** Versions and counters are int8; read as numbers (exact up to 2^53), as PGlite does. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A PostgreSQL server through a `pg` connection pool. */
export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types,
  });
  // An idle connection that breaks (the server restarted) is dropped by the pool; the next query
  // reports the outage. Without a listener the error would crash the process.
  pool.on('error', () => undefined);

  // Named statements are parsed and planned once per connection, then only bound and executed:
  // our statements are few and fixed, and planning them was a good part of a push's cost.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `s${names.size + 1}`;
      names.set(sql, name);
    }
    return name;
  };
  const queryable = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      return (await target.query<Row>({ name: nameOf(sql), text: sql, values: [...params] })).rows;
    },
  });

  return {
    kind: 'postgres',
    ...queryable(pool),
    async script<Row extends object>(sql: string) {
      const results = (await pool.query<Row>(sql)) as pg.QueryResult<Row> | pg.QueryResult<Row>[];
      return (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(queryable(client));
        await client.query('commit');
        client.release();
        return result;
      } catch (error) {
        // A failed rollback means the connection is broken: release it as such so it is discarded.
        await client.query('rollback').then(
          () => client.release(),
          (rollbackError: Error) => client.release(rollbackError),
        );
        throw error;
      }
    },
    listen: (channel, onPayload, onError) => listenOn(options.connectionString, channel, onPayload, onError),
    close: () => pool.end(),
  };
}

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries), opened
 * again with backoff when it breaks; notifications sent while it was down are lost, which the
 * caller is told through `onError`.
 */
async function listenOn(connectionString: string, channel: string, onPayload: (payload: string) => void, onError: (error: Error) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryMs = RECONNECT_FIRST_MS;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    next.on('error', (error) => {
      onError(error);
      void next.end().catch(() => undefined);
      reconnectLater();
    });
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    client = next;
    retryMs = RECONNECT_FIRST_MS;
  };
  const reconnectLater = (): void => {
    client = undefined;
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: Error) => {
        onError(error);
        retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
        reconnectLater();
      });
    }, retryMs);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end();
  };
}
