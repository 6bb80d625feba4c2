/**
 * What the sync server needs of PostgreSQL, whichever one backs it (PGlite in-process, or a server
 * through `pg`): parameterised queries (`$1`, `$2` ...) and transactions. Values cross as plain
 * JSON-able data: pass jsonb parameters as JSON text with a `::jsonb` cast, read `int8` as numbers.
 */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs SQL text as the simple query protocol does: several statements allowed, no parameters;
   * answers the last statement's rows. For libraries that bring their own scripts (the job queue).
   */
  script<Row extends object = Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` with each NOTIFY on `channel`, from any process using the same database,
   * until the returned function is called. Only a shared server has it: PGlite's data folder
   * belongs to one process, which needs no messages from others.
   */
  listen?(channel: string, onPayload: (payload: string) => void, onError: (error: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}
