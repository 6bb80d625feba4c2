import type { Queryable } from './db/database';

/** One line of the audit log: identifiers and outcomes only, never what a user wrote. */
export interface AuditEntry {
  userId: string | null;
  deviceId: string | null;
  action: string;
  outcome: string;
  mutationId?: string;
  version?: number;
}

export async function audit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query('insert into audit_log (user_id, device_id, action, outcome, mutation_id, version) values ($1, $2, $3, $4, $5, $6)', [
    entry.userId,
    entry.deviceId,
    entry.action,
    entry.outcome,
    entry.mutationId ?? null,
    entry.version ?? null,
  ]);
}
