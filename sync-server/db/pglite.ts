import { parse, PGlite, protocol, types } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

export interface PgliteOptions {
  /** The data folder; absent means in memory. */
  dataDir?: string;
  /** A dump of a freshly initialised cluster (`dumpDataDir`), which skips the slow initdb step. */
  loadDataDir?: Blob;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Parameters travel as text for PostgreSQL to type from the statement, as node-postgres sends them. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * PostgreSQL in WASM, in this process, through one connection: statements and transactions run
 * one at a time, so a transaction here never waits on a row lock held by another.
 *
 * Each statement is sent as one message (Parse, Bind, Describe, Execute, Sync) and so enters the
 * WASM engine once; PGlite's own `query()` enters it six times, which costs more than most of our
 * statements themselves (measured: 0.34 ms against 0.13 ms for a one-row insert).
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  const pg = await PGlite.create({
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.loadDataDir !== undefined && { loadDataDir: options.loadDataDir }),
  });

  async function run<Row>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<Row[]> {
    const message = concat([
      protocol.serialize.parse({ text: sql }),
      protocol.serialize.bind({ values: params.map(asText) }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    const { messages } = await pg.execProtocol(message, { syncToFs: !inTransaction });
    return (parse.parseResults(messages, types.parsers)[0]?.rows ?? []) as Row[];
  }

  const inTransaction: Queryable = { query: (sql, params = []) => run(sql, params, true) };
  return {
    kind: 'pglite',
    query: (sql, params = []) => pg.runExclusive(() => run(sql, params, false)),
    transaction: (work) =>
      pg.runExclusive(async () => {
        await run('begin', [], true);
        try {
          const result = await work(inTransaction);
          await run('commit', [], false);
          return result;
        } catch (error) {
          await run('rollback', [], false);
          throw error;
        }
      }),
    close: () => pg.close(),
  };
}
