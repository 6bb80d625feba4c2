import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Queryable } from '../db/database';

/** The key that signs access tokens: generated once, kept in the database, shared by every server. */
export interface TokenKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export const TOKEN_ALGORITHM = 'Ed25519';
const PURPOSE = 'access-token';

export async function loadTokenKey(db: Queryable): Promise<TokenKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  // Two servers starting on an empty database both generate one; the first insert wins for both.
  await db.query(
    `insert into server_keys (purpose, kid, private_jwk, public_jwk) values ($1, $2, $3::jsonb, $4::jsonb)
     on conflict (purpose) do nothing`,
    [PURPOSE, crypto.randomUUID(), JSON.stringify(await exportJWK(privateKey)), JSON.stringify(await exportJWK(publicKey))],
  );
  const [row] = await db.query<{ kid: string; private_jwk: JWK; public_jwk: JWK }>('select kid, private_jwk, public_jwk from server_keys where purpose = $1', [PURPOSE]);
  if (!row) throw new Error('the access-token key could not be stored');
  return {
    kid: row.kid,
    privateKey: (await importJWK(row.private_jwk, TOKEN_ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(row.public_jwk, TOKEN_ALGORITHM)) as CryptoKey,
  };
}
