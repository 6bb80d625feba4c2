import type { Logger } from 'pino';
import type { Database } from './db/database';

/**
 * How long the server keeps what only history needs. Pulls read current rows by version (not the
 * change log), so none of this is needed to sync; it is kept for idempotent replays, audits and
 * support, and deleted after these ages so a long-lived server does not grow without end.
 * Tombstones of deleted events stay: a device that was away for a year still learns of them.
 */
export interface Retention {
  /** The change log (who changed what, when). */
  changeLogDays: number;
  /**
   * Remembered mutation results, which make a replay answer "duplicate" instead of applying again.
   * A device retries unacknowledged mutations when it is back online; 90 days covers a laptop left
   * in a drawer for a season.
   */
  appliedMutationsDays: number;
  /** The audit log. */
  auditLogDays: number;
  /** Pairing codes, a day after they expire (used or not). */
  pairingCodesDays: number;
}

export const DEFAULT_RETENTION: Retention = { changeLogDays: 90, appliedMutationsDays: 90, auditLogDays: 365, pairingCodesDays: 1 };

/** Rows deleted per statement: a large backlog goes in steps, never in one long lock. */
const BATCH = 5_000;
const DAY_MS = 86_400_000;

/** Each table, its key, its age column, and the indexed order that reaches the oldest rows first. */
const TABLES = [
  { table: 'change_log', key: 'version', columns: 'version', age: 'committed_at', oldestFirst: 'version', days: (r: Retention) => r.changeLogDays },
  { table: 'applied_mutations', key: '(device_id, mutation_id)', columns: 'device_id, mutation_id', age: 'applied_at', oldestFirst: 'applied_at', days: (r: Retention) => r.appliedMutationsDays },
  { table: 'audit_log', key: 'id', columns: 'id', age: 'at', oldestFirst: 'id', days: (r: Retention) => r.auditLogDays },
  { table: 'pairing_codes', key: 'code_hash', columns: 'code_hash', age: 'expires_at', oldestFirst: 'expires_at', days: (r: Retention) => r.pairingCodesDays },
] as const;

export type Pruned = Record<(typeof TABLES)[number]['table'], number>;

/** Deletes what is older than the retention allows, in batches; answers how many rows went from each table. */
export async function pruneHistory(db: Database, now: Date, retention: Retention = DEFAULT_RETENTION, batch = BATCH): Promise<Pruned> {
  const pruned = { change_log: 0, applied_mutations: 0, audit_log: 0, pairing_codes: 0 };
  for (const { table, key, columns, age, oldestFirst, days } of TABLES) {
    const cutoff = new Date(now.getTime() - days(retention) * DAY_MS).toISOString();
    for (;;) {
      const rows = await db.query<{ n: number }>(
        `with gone as (
           delete from ${table} where ${key} in (select ${columns} from ${table} where ${age} < $1 order by ${oldestFirst} limit ${batch}) returning 1
         ) select count(*)::int as n from gone`,
        [cutoff],
      );
      const deleted = rows[0]?.n ?? 0;
      pruned[table] += deleted;
      if (deleted < batch) break;
    }
  }
  return pruned;
}

/**
 * Prunes a minute after start, then daily, for as long as the server runs. Several server
 * processes on one database may each do it: the deletes are idempotent.
 */
export function schedulePruning(db: Database, logger: Logger, retention: Retention = DEFAULT_RETENTION): () => void {
  const run = () => {
    pruneHistory(db, new Date(), retention).then(
      (pruned) => {
        if (Object.values(pruned).some((n) => n > 0)) logger.info({ pruned }, 'pruned old history');
      },
      (error: unknown) => logger.warn({ err: error }, 'pruning old history failed; trying again tomorrow'),
    );
  };
  const first = setTimeout(run, 60_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
  };
}
