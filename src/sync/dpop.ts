import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  base64url,
  type CryptoKey,
  type JWK,
} from 'jose';
import { PublicKeyJwkSchema, type PublicKeyJwk } from './protocol';

/**
 * Proof of possession in the manner of DPoP (RFC 9449): each request carries a short JWT signed by
 * the device's Ed25519 key, naming the method and URL, and bound to the access token by its hash.
 * A token stolen without the device's private key is useless. Used by the client to sign and by
 * the server to verify.
 */
export const DPOP_ALGORITHM = 'Ed25519';
/** How far a proof's `iat` may be from the verifier's clock. */
export const PROOF_MAX_SKEW_SECONDS = 60;

export interface DeviceKeys {
  publicJwk: PublicKeyJwk;
  /** The private key as a JWK, to be stored encrypted by the device. */
  privateJwk: JWK;
}

export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const { publicKey, privateKey } = await generateKeyPair(DPOP_ALGORITHM, { extractable: true });
  return { publicJwk: PublicKeyJwkSchema.parse(await exportJWK(publicKey)), privateJwk: await exportJWK(privateKey) };
}

/**
 * Device keys already seen, imported and hashed, by their public `x`: a device signs every
 * request with the same key, and importing it and computing its thumbprint cost more than the
 * signature check itself. Bounded, oldest out first.
 */
const KNOWN_KEYS_MAX = 1_000;
const knownKeys = new Map<string, Promise<{ key: CryptoKey; thumbprint: string }>>();

function knownKey(jwk: PublicKeyJwk): Promise<{ key: CryptoKey; thumbprint: string }> {
  let known = knownKeys.get(jwk.x);
  if (known) {
    knownKeys.delete(jwk.x);
    knownKeys.set(jwk.x, known);
    return known;
  }
  known = (async () => ({ key: (await importJWK(jwk, DPOP_ALGORITHM)) as CryptoKey, thumbprint: await jwkThumbprint(jwk) }))();
  known.catch(() => knownKeys.delete(jwk.x));
  knownKeys.set(jwk.x, known);
  if (knownKeys.size > KNOWN_KEYS_MAX) knownKeys.delete(knownKeys.keys().next().value!);
  return known;
}

export function jwkThumbprint(jwk: PublicKeyJwk): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
}

export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}

/** The URL a proof names: scheme, host and path, without query or fragment (RFC 9449 §4.2). */
export function proofTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

export interface ProofSigner {
  sign(method: string, url: string, accessToken?: string): Promise<string>;
}

export async function proofSigner(keys: DeviceKeys): Promise<ProofSigner> {
  const privateKey = (await importJWK(keys.privateJwk, DPOP_ALGORITHM)) as CryptoKey;
  const jwk = { kty: keys.publicJwk.kty, crv: keys.publicJwk.crv, x: keys.publicJwk.x };
  return {
    async sign(method, url, accessToken) {
      const claims: Record<string, string> = { htm: method.toUpperCase(), htu: proofTarget(url), jti: crypto.randomUUID() };
      if (accessToken !== undefined) claims.ath = await accessTokenHash(accessToken);
      return new SignJWT(claims).setProtectedHeader({ alg: DPOP_ALGORITHM, typ: 'dpop+jwt', jwk }).setIssuedAt().sign(privateKey);
    },
  };
}

export class ProofError extends Error {
  override name = 'ProofError';
}

export interface VerifiedProof {
  jwk: PublicKeyJwk;
  thumbprint: string;
  jti: string;
  iat: number;
}

/** Checks a proof's signature, its method and URL, its age and (with a token) its token hash. */
export async function verifyProof(
  proof: string,
  expected: { method: string; url: string; accessToken?: string; nowSeconds?: number },
): Promise<VerifiedProof> {
  let verified;
  let signer: PublicKeyJwk | undefined;
  try {
    verified = await jwtVerify(
      proof,
      async (header) => {
        const jwk = PublicKeyJwkSchema.safeParse(header.jwk);
        if (!jwk.success) throw new ProofError('the DPoP proof must carry an Ed25519 public key');
        signer = jwk.data;
        return (await knownKey(jwk.data)).key;
      },
      { typ: 'dpop+jwt', algorithms: [DPOP_ALGORITHM, 'EdDSA'] },
    );
  } catch (error) {
    if (error instanceof ProofError) throw error;
    throw new ProofError(`the DPoP proof is not valid: ${(error as Error).message}`);
  }
  const { payload } = verified;
  if (payload.htm !== expected.method.toUpperCase()) throw new ProofError('the DPoP proof was made for another method');
  if (payload.htu !== proofTarget(expected.url)) throw new ProofError('the DPoP proof was made for another URL');
  if (typeof payload.jti !== 'string' || payload.jti.length < 8) throw new ProofError('the DPoP proof has no usable jti');
  const now = expected.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > PROOF_MAX_SKEW_SECONDS) {
    throw new ProofError('the DPoP proof is too old or from the future; check the clock');
  }
  if (expected.accessToken !== undefined && payload.ath !== (await accessTokenHash(expected.accessToken))) {
    throw new ProofError('the DPoP proof is not bound to this access token');
  }
  return { jwk: signer!, thumbprint: (await knownKey(signer!)).thumbprint, jti: payload.jti, iat: payload.iat };
}
