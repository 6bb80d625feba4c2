import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Queryable } from '../db/database';
import { SealedSecretSchema, VaultError, type SecretVault } from '../providers/vault';

/** The key that signs access tokens: generated once, kept in the database, shared by every server. */
export interface TokenKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export const TOKEN_ALGORITHM = 'Ed25519';
const PURPOSE = 'access-token';

/** The private half as stored: sealed by the server's key-encryption key, or (without one) in the clear. */
const SealedKeySchema = z.object({ sealed: SealedSecretSchema });
const PlainKeySchema = z.looseObject({ d: z.string() });

interface KeyRow {
  kid: string;
  private_jwk: unknown;
  public_jwk: JWK;
}

async function newKeyPair(vault: SecretVault | undefined): Promise<{ kid: string; privateStored: string; publicJwk: string }> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  return { kid: crypto.randomUUID(), privateStored: JSON.stringify(vault ? { sealed: vault.seal(privateJwk) } : JSON.parse(privateJwk)), publicJwk: JSON.stringify(await exportJWK(publicKey)) };
}

/**
 * Loads the token key, making it on first start. With a vault (the key-encryption key that also
 * seals provider credentials) the private half is stored sealed, so a copy of the database cannot
 * mint tokens; a key an earlier server stored in the clear is sealed now. A key that cannot be
 * opened (sealed under another key-encryption key, or this server has none) is replaced: tokens
 * live 15 minutes and devices fetch a new one with their own keys on the next 401, so nothing but
 * one round trip is lost.
 */
export async function loadTokenKey(db: Queryable, vault?: SecretVault, logger?: Logger): Promise<TokenKey> {
  const fresh = await newKeyPair(vault);
  // Two servers starting on an empty database both generate one; the first insert wins for both.
  await db.query(
    `insert into server_keys (purpose, kid, private_jwk, public_jwk) values ($1, $2, $3::jsonb, $4::jsonb)
     on conflict (purpose) do nothing`,
    [PURPOSE, fresh.kid, fresh.privateStored, fresh.publicJwk],
  );
  const [row] = await db.query<KeyRow>('select kid, private_jwk, public_jwk from server_keys where purpose = $1', [PURPOSE]);
  if (!row) throw new Error('the access-token key could not be stored');

  const sealed = SealedKeySchema.safeParse(row.private_jwk);
  let privateJwk: JWK;
  if (sealed.success) {
    try {
      if (!vault) throw new VaultError('this server has no key to open it');
      privateJwk = JSON.parse(vault.open(sealed.data.sealed)) as JWK;
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      logger?.warn({ reason: error.message }, 'the stored access-token key cannot be opened; replacing it (devices fetch new tokens)');
      await db.query('update server_keys set kid = $2, private_jwk = $3::jsonb, public_jwk = $4::jsonb where purpose = $1 and kid = $5', [
        PURPOSE,
        fresh.kid,
        fresh.privateStored,
        fresh.publicJwk,
        row.kid,
      ]);
      // Another server may have replaced it first: whatever is stored now is the key.
      return loadTokenKey(db, vault, logger);
    }
  } else {
    privateJwk = PlainKeySchema.parse(row.private_jwk) as JWK;
    if (vault) await db.query('update server_keys set private_jwk = $2::jsonb where purpose = $1 and kid = $3', [PURPOSE, JSON.stringify({ sealed: vault.seal(JSON.stringify(privateJwk)) }), row.kid]);
  }
  return {
    kid: row.kid,
    privateKey: (await importJWK(privateJwk, TOKEN_ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(row.public_jwk, TOKEN_ALGORITHM)) as CryptoKey,
  };
}
