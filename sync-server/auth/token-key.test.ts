import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { migrate } from '../db/migrations';
import { SecretVault } from '../providers/vault';
import { openTestDatabase, testDatabaseKinds } from '../testing';
import { AccessTokens } from './access-token';
import { loadTokenKey } from './token-key';

const claims = { userId: 'user', deviceId: 'device', keyThumbprint: 'jkt' };

describe.each(testDatabaseKinds())('the access-token key on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query('delete from server_keys');
  });

  const stored = async () => (await db.query<{ kid: string; private_jwk: Record<string, unknown> }>('select kid, private_jwk from server_keys'))[0]!;

  it('is stored sealed where the server has a vault, and the same key after a restart', async () => {
    const vault = new SecretVault(randomBytes(32));
    const first = await loadTokenKey(db, vault);
    const row = await stored();
    expect(Object.keys(row.private_jwk)).toEqual(['sealed']);
    expect(JSON.stringify(row.private_jwk)).not.toContain('"d"');
    const token = await new AccessTokens(first).issue(claims);
    const again = await loadTokenKey(db, vault);
    expect(again.kid).toBe(first.kid);
    expect(await new AccessTokens(again).verify(token)).toEqual(claims);
  });

  it('seals a key an earlier server kept in the clear, keeping it', async () => {
    const plain = await loadTokenKey(db);
    expect((await stored()).private_jwk).toHaveProperty('d');
    const token = await new AccessTokens(plain).issue(claims);
    const sealed = await loadTokenKey(db, new SecretVault(randomBytes(32)));
    expect(sealed.kid).toBe(plain.kid);
    expect(Object.keys((await stored()).private_jwk)).toEqual(['sealed']);
    expect(await new AccessTokens(sealed).verify(token)).toEqual(claims);
  });

  it('replaces a key it cannot open, so the server starts and old tokens are refused', async () => {
    const first = await loadTokenKey(db, new SecretVault(randomBytes(32)));
    const token = await new AccessTokens(first).issue(claims);
    const other = await loadTokenKey(db, new SecretVault(randomBytes(32)));
    expect(other.kid).not.toBe(first.kid);
    await expect(new AccessTokens(other).verify(token)).rejects.toMatchObject({ code: 'invalid-token' });
    const withoutVault = await loadTokenKey(db);
    expect(withoutVault.kid).not.toBe(other.kid);
    expect((await stored()).private_jwk).toHaveProperty('d');
  });
});
