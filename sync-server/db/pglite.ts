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

/** A JavaScript array as PostgreSQL's array literal (`{"a","b"}`), as node-postgres sends one. */
function arrayLiteral(items: readonly unknown[]): string {
  return `{${items.map((item) => (item === null || item === undefined ? 'NULL' : `"${String(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
}

/** Parameters travel as text for PostgreSQL to type from the statement, as node-postgres sends them. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * PostgreSQL in WASM, in this process, through one connection: statements and transactions run
 * one at a time, so a transaction here never waits on a row lock held by another.
 *
 * PGlite's own `query()` enters the WASM engine six times per statement and parses and plans it
 * every time. Here each statement is one message (Bind, Describe, Execute, Sync, and Parse the
 * first time only) and a prepared statement: a push costs 1.6–1.9 ms of CPU instead of 3.4
 * (measured, docs/sync.md).
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  const pg = await PGlite.create({
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.loadDataDir !== undefined && { loadDataDir: options.loadDataDir }),
  });

  const prepared = new Map<string, string>();
  let statements = 0;

  async function run<Row>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<Row[]> {
    const known = prepared.get(sql);
    const statement = known ?? `s${(statements += 1)}`;
    const message = concat([
      ...(known === undefined ? [protocol.serialize.parse({ name: statement, text: sql })] : []),
      protocol.serialize.bind({ statement, values: params.map(asText) }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    const { messages } = await pg.execProtocol(message, { syncToFs: !inTransaction, throwOnError: false });
    // Parsed once, planned once: later runs only bind. A statement that parsed but then failed is
    // still prepared; one that did not parse is sent again, under a new name, next time.
    if (known === undefined && messages.some((m) => m.name === 'parseComplete')) prepared.set(sql, statement);
    const failure = messages.find((m) => m.name === 'error');
    if (failure) throw failure;
    return (parse.parseResults(messages, types.parsers)[0]?.rows ?? []) as Row[];
  }

  const inTransaction: Queryable = { query: (sql, params = []) => run(sql, params, true) };
  return {
    kind: 'pglite',
    query: (sql, params = []) => pg.runExclusive(() => run(sql, params, false)),
    script: async <Row>(sql: string) => ((await pg.exec(sql)).at(-1)?.rows ?? []) as Row[],
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
