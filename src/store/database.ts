import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { StoreError, toStoreError } from './errors';
import { migrations } from './schema';

export interface OpenOptions {
  /** Open without writing anything; fails when the cache does not exist or needs a migration. */
  readOnly?: boolean;
}

function isWritable(target: string): boolean {
  try {
    accessSync(target, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface OpenedDatabase {
  db: Database;
  readOnly: boolean;
  /** Closes the handle and removes any snapshot taken to read a cache this user cannot write. */
  close(): void;
}

/**
 * A WAL database can only be opened, even to read, where SQLite may create its `-shm` file. A
 * cache in a folder this user cannot write is therefore read from a private snapshot copy.
 */
function snapshotOf(file: string): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-snapshot-'));
  const copy = path.join(dir, path.basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return { file: copy, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Opens (creating if needed) the cache file: WAL so the UI can read while a sync writes, foreign
 * keys on, sqlite-vec loaded, migrations applied. A file that cannot be written is opened
 * read-only, so an agenda can still be shown; writes then fail with a clear StoreError.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const exists = existsSync(file);
  const writable = exists && isWritable(file) && isWritable(path.dirname(file));
  const readOnly = options.readOnly === true || (exists && !writable);
  if (readOnly && !exists) throw new StoreError('not-found', `there is no cache at ${file} yet`);
  let db: Database | undefined;
  let snapshot: ReturnType<typeof snapshotOf> | undefined;
  try {
    if (!exists) mkdirSync(path.dirname(file), { recursive: true });
    if (readOnly && !writable) snapshot = snapshotOf(file);
    db = new BetterSqlite3(snapshot?.file ?? file, { readonly: readOnly, fileMustExist: readOnly });
    db.pragma('busy_timeout = 5000');
    sqliteVec.load(db);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, file, readOnly);
    const handle = db;
    return {
      db,
      readOnly,
      close() {
        if (handle.open) handle.close();
        snapshot?.remove();
      },
    };
  } catch (error) {
    db?.close();
    snapshot?.remove();
    throw toStoreError(error, file) ?? error;
  }
}

function migrate(db: Database, file: string, readOnly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new StoreError('newer-schema', `the cache at ${file} was written by a newer TempoPilot (schema ${version}); update TempoPilot to open it`);
  }
  if (version === migrations.length) return;
  if (readOnly) throw new StoreError('read-only', `the cache at ${file} needs an upgrade but is read-only; check its permissions`);
  db.transaction(() => {
    for (const step of migrations.slice(version)) step(db);
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}
