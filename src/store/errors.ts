export type StoreErrorCode = 'corrupt' | 'read-only' | 'busy' | 'cannot-open' | 'newer-schema' | 'not-found' | 'invalid';

/** A failure of the local cache that the user can act on, with a message that says how. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

interface SqliteLikeError {
  code?: unknown;
}

/** Turns SQLite's error codes into the few situations a user can understand and fix. */
export function toStoreError(error: unknown, file: string): StoreError | undefined {
  if (error instanceof StoreError) return error;
  const code = typeof (error as SqliteLikeError)?.code === 'string' ? ((error as SqliteLikeError).code as string) : '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('corrupt', `the cache at ${file} is damaged or is not a TempoPilot database; move it aside and TempoPilot will start a new one`);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError('read-only', `the cache at ${file} is read-only; check its permissions (or those of its folder)`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError('busy', `the cache at ${file} is locked by another TempoPilot process; try again in a moment`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') {
    return new StoreError('cannot-open', `cannot open the cache at ${file}: ${(error as Error).message}`);
  }
  return undefined;
}
