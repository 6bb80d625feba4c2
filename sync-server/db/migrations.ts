import type { Database } from './database';

/**
 * The schema, as an append-only list: a migration once released is never edited, a change is a
 * new one. Each statement is run on its own (prepared statements take one command each).
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, devices, events, change log, idempotency, settings, audit, server keys',
    statements: [
      // One sequence numbers every committed change of every user: the change log's version.
      `create sequence change_version as bigint`,
      `create table users (
        id uuid primary key,
        version bigint not null default 0,
        created_at timestamptz not null default now()
      )`,
      `create table devices (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        name text not null,
        public_key jsonb not null,
        key_thumbprint text not null unique,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz,
        revoked_at timestamptz
      )`,
      `create index devices_by_user on devices (user_id)`,
      `create table pairing_codes (
        code_hash text primary key,
        user_id uuid not null references users (id) on delete cascade,
        created_by uuid not null references devices (id) on delete cascade,
        expires_at timestamptz not null,
        used_at timestamptz
      )`,
      `create table calendars (
        user_id uuid not null references users (id) on delete cascade,
        id text not null,
        data jsonb not null,
        read_only boolean not null,
        version bigint not null,
        primary key (user_id, id)
      )`,
      `create index calendars_by_version on calendars (user_id, version)`,
      `create table events (
        user_id uuid not null references users (id) on delete cascade,
        id text not null,
        calendar_id text not null,
        series_id text,
        data jsonb not null,
        deleted boolean not null default false,
        version bigint not null,
        field_versions jsonb not null,
        primary key (user_id, id),
        foreign key (user_id, calendar_id) references calendars (user_id, id)
      )`,
      `create index events_by_version on events (user_id, version)`,
      `create index events_by_series on events (user_id, series_id) where series_id is not null`,
      `create table change_log (
        version bigint primary key,
        user_id uuid not null references users (id) on delete cascade,
        kind text not null check (kind in ('event', 'calendar')),
        entity_id text not null,
        device_id uuid references devices (id) on delete set null,
        mutation_id uuid,
        committed_at timestamptz not null default now()
      )`,
      `create index change_log_by_user on change_log (user_id, version)`,
      `create table applied_mutations (
        device_id uuid not null references devices (id) on delete cascade,
        mutation_id uuid not null,
        user_id uuid not null references users (id) on delete cascade,
        name text not null,
        result jsonb not null,
        applied_at timestamptz not null default now(),
        primary key (device_id, mutation_id)
      )`,
      `create table settings (
        user_id uuid primary key references users (id) on delete cascade,
        data jsonb not null,
        updated_at timestamptz not null
      )`,
      // Who did what, when, with what outcome: identifiers only, never titles, names or codes.
      `create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        user_id uuid,
        device_id uuid,
        action text not null,
        outcome text not null,
        mutation_id uuid,
        version bigint
      )`,
      `create index audit_log_by_user on audit_log (user_id, at)`,
      `create table server_keys (
        purpose text primary key,
        kid text not null,
        private_jwk jsonb not null,
        public_jwk jsonb not null,
        created_at timestamptz not null default now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'provider accounts, their calendars, the per-item status table; calendars can be removed',
    statements: [
      // A removed calendar stays as a tombstone: its events' tombstones still name it.
      `alter table calendars add column deleted boolean not null default false`,
      `create table provider_accounts (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        kind text not null,
        label text not null,
        -- What is not secret (server URL, user name); the secret is sealed apart.
        config jsonb not null,
        sealed_secret jsonb not null,
        state text not null default 'ok',
        state_detail text,
        retry_at timestamptz,
        failures integer not null default 0,
        -- One reconciliation per account at a time, across processes: a lease, not a lock.
        lease_owner uuid,
        lease_until timestamptz,
        last_synced_at timestamptz,
        last_report jsonb,
        created_at timestamptz not null default now()
      )`,
      `create index provider_accounts_by_user on provider_accounts (user_id)`,
      `create table provider_calendars (
        account_id uuid not null references provider_accounts (id) on delete cascade,
        user_id uuid not null,
        calendar_id text not null,
        remote_id text not null,
        remote jsonb not null,
        sync_token text,
        -- Every local change at or below this version has been considered for the provider.
        local_watermark bigint not null default 0,
        primary key (account_id, calendar_id),
        unique (account_id, remote_id),
        foreign key (user_id, calendar_id) references calendars (user_id, id)
      )`,
      // vdirsyncer's status table: what both sides held when the item was last in step.
      `create table provider_items (
        account_id uuid not null,
        calendar_id text not null,
        event_id text not null,
        remote_id text not null,
        uid text not null,
        etag text not null,
        local_version bigint not null,
        base jsonb not null,
        primary key (account_id, calendar_id, event_id),
        unique (account_id, calendar_id, remote_id),
        foreign key (account_id, calendar_id) references provider_calendars (account_id, calendar_id) on delete cascade
      )`,
    ],
  },
  {
    version: 3,
    name: 'per-calendar scopes: whether a linked calendar syncs and whether TempoPilot may write to it',
    statements: [
      // The user's choices; the provider's own read-only flag stays in `remote`.
      `alter table provider_calendars add column sync_enabled boolean not null default true`,
      `alter table provider_calendars add column write_enabled boolean not null default true`,
    ],
  },
  {
    version: 4,
    name: 'change notification channels of provider calendars; when an account last saw activity',
    statements: [
      // One open channel (Google) or subscription (Graph) per linked calendar. The secret the
      // provider echoes is kept only as a SHA-256 hash: enough to check a notification, useless
      // for forging one.
      `create table provider_subscriptions (
        provider text not null,
        channel_id text not null,
        account_id uuid not null references provider_accounts (id) on delete cascade,
        calendar_id text not null,
        resource_id text,
        secret_hash text not null,
        expires_at timestamptz not null,
        created_at timestamptz not null default now(),
        primary key (provider, channel_id),
        foreign key (account_id, calendar_id) references provider_calendars (account_id, calendar_id) on delete cascade
      )`,
      `create index provider_subscriptions_by_calendar on provider_subscriptions (account_id, calendar_id)`,
      // What adaptive polling grows its interval from: the last pass that moved changes, or a device push.
      `alter table provider_accounts add column last_activity_at timestamptz`,
    ],
  },
  {
    version: 5,
    name: 'indexes for pruning old history by age',
    statements: [
      // What retention.ts deletes by age, found without reading the whole table.
      `create index applied_mutations_by_age on applied_mutations (applied_at)`,
      `create index pairing_codes_by_expiry on pairing_codes (expires_at)`,
    ],
  },
];

/** Any number, the same for every server sharing a database, so two starting at once take turns. */
const MIGRATION_LOCK_KEY = 7_246_110_918;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date in one transaction under an advisory lock, so servers starting
 * together apply each migration once; a database from a newer server is refused, never altered.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const rows = await tx.query<{ version: number }>('select version from schema_migrations order by version');
    const done = new Set(rows.map((row) => row.version));
    const newest = migrations.at(-1)?.version ?? 0;
    const unknown = [...done].filter((version) => version > newest);
    if (unknown.length > 0) {
      throw new MigrationError(`the database has schema version ${Math.max(...unknown)}, newer than this server knows (${newest}); upgrade the server`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
