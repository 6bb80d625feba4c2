import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, openTestDatabase, testDatabaseKinds } from '../testing';
import type { Database } from './database';
import { migrate, MigrationError, MIGRATIONS, type Migration } from './migrations';
import { openPostgres } from './postgres';

const TABLES = ['applied_mutations', 'audit_log', 'calendars', 'change_log', 'devices', 'events', 'pairing_codes', 'provider_accounts', 'provider_calendars', 'provider_items', 'provider_subscriptions', 'schema_migrations', 'server_keys', 'settings', 'users'];

describe.each(testDatabaseKinds())('the data layer on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates every table once, and applies nothing the second time', async () => {
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(TABLES);
    expect(await db.query('select version, name from schema_migrations')).toHaveLength(MIGRATIONS.length);
  });

  it('rolls a failing migration back whole', async () => {
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 900, name: 'half done', statements: ['create table half_done (id int)', 'select * from no_such_table'] },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
    expect(await db.query(`select 1 from information_schema.tables where table_name = 'half_done' and table_schema = current_schema()`)).toEqual([]);
    expect(await db.query('select 1 from schema_migrations where version = 900')).toEqual([]);
  });

  it('refuses a database migrated by a newer server, and leaves it alone', async () => {
    await db.query(`insert into schema_migrations (version, name) values (999, 'from the future')`);
    try {
      await expect(migrate(db)).rejects.toThrow(MigrationError);
      await expect(migrate(db)).rejects.toThrow(/schema version 999/);
    } finally {
      await db.query('delete from schema_migrations where version = 999');
    }
  });

  it('reads int8 as numbers and jsonb as values, and passes parameters by position', async () => {
    const [row] = await db.query<{ big: number; doc: unknown; text: string }>(`select 9007199254740991::int8 as big, $1::jsonb as doc, $2::text as text`, [
      JSON.stringify({ title: 'Lunch', nested: [1, 'two'] }),
      "it's $1",
    ]);
    expect(row).toEqual({ big: Number.MAX_SAFE_INTEGER, doc: { title: 'Lunch', nested: [1, 'two'] }, text: "it's $1" });
  });

  it('passes a JavaScript array as a PostgreSQL array, as node-postgres does (the job queue sends job ids so)', async () => {
    const rows = await db.query<{ item: string | null }>('select item from unnest($1::text[]) with ordinality as u(item, n) order by n', [['a', 'say "hi"', 'back\\slash', null]]);
    expect(rows.map((row) => row.item)).toEqual(['a', 'say "hi"', 'back\\slash', null]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.query('create table tx_probe (id int primary key)');
    await db.transaction(async (tx) => {
      await tx.query('insert into tx_probe values (1)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into tx_probe values (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(db.transaction((tx) => tx.query('insert into tx_probe values (1)'))).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('select id from tx_probe order by id')).toEqual([{ id: 1 }]);
  });

  it('runs a statement again after it failed, whether it failed to parse or to execute', async () => {
    await db.query('create table retry_probe (id int primary key)');
    const insert = 'insert into retry_probe values ($1) returning id';
    await db.query(insert, [1]);
    await expect(db.query(insert, [1])).rejects.toMatchObject({ code: '23505' });
    expect(await db.query(insert, [2])).toEqual([{ id: 2 }]);
    const fresh = 'insert into retry_probe values ($1) returning id * 10 as tens';
    await db.query(fresh, [3]);
    await expect(db.query('insert into retry_probe values ($1) returning id * 100 as hundreds', [3])).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('insert into retry_probe values ($1) returning id * 100 as hundreds', [4])).toEqual([{ hundreds: 400 }]);
    await expect(db.query('selec nothing')).rejects.toMatchObject({ code: '42601' });
    await expect(db.query('selec nothing')).rejects.toMatchObject({ code: '42601' });
    expect(await db.query('select count(*)::int as n from retry_probe')).toEqual([{ n: 4 }]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('migrations on a shared PostgreSQL', () => {
  it('are applied once when several servers start at the same moment', async () => {
    const schema = await createTestSchema();
    const servers = Array.from({ length: 4 }, () => openPostgres({ connectionString: schema.connectionString, maxConnections: 1 }));
    try {
      const applied = await Promise.all(servers.map((server) => migrate(server)));
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await servers[0]!.query('select version from schema_migrations')).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
      await schema.drop();
    }
  });
});
