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
    close: () => pool.end(),
  };
}
