import { jwtVerify, SignJWT } from 'jose';
import { HttpError } from '../errors';
import { TOKEN_ALGORITHM, type TokenKey } from './token-key';

/** Short-lived, so a leaked token stops working soon; a revoked device is refused at once anyway. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'tempopilot-sync';
const TOKEN_TYPE = 'at+jwt';
/** Tokens of this many devices are remembered as verified; more are checked again. */
const VERIFIED_TOKENS_KEPT = 10_000;

export interface AccessClaims {
  userId: string;
  deviceId: string;
  /** The thumbprint of the device key every proof sent with this token must be signed by. */
  keyThumbprint: string;
}

/**
 * Issues and checks access tokens (JWTs signed by the server key). A token is immutable, so once
 * its signature checks out it is remembered until it expires: every request then costs one
 * signature check (its proof's) instead of two.
 */
export class AccessTokens {
  private readonly verified = new Map<string, AccessClaims & { expiresAtMs: number }>();

  constructor(private readonly key: TokenKey) {}

  issue(claims: AccessClaims): Promise<string> {
    return new SignJWT({ did: claims.deviceId, cnf: { jkt: claims.keyThumbprint } })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: TOKEN_TYPE, kid: this.key.kid })
      .setIssuer(ISSUER)
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key.privateKey);
  }

  async verify(token: string, nowMs = Date.now()): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAtMs > nowMs) return known;
    this.verified.delete(token);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key.publicKey, { issuer: ISSUER, typ: TOKEN_TYPE, algorithms: [TOKEN_ALGORITHM], currentDate: new Date(nowMs) }));
    } catch {
      throw new HttpError(401, 'invalid-token', 'the access token is not valid or has expired; ask for a new one');
    }
    const cnf = payload.cnf as { jkt?: unknown } | undefined;
    if (typeof payload.sub !== 'string' || typeof payload.did !== 'string' || typeof cnf?.jkt !== 'string' || typeof payload.exp !== 'number') {
      throw new HttpError(401, 'invalid-token', 'the access token lacks its subject, device, key binding or expiry');
    }
    const claims = { userId: payload.sub, deviceId: payload.did, keyThumbprint: cnf.jkt };
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { ...claims, expiresAtMs: payload.exp * 1000 });
    return claims;
  }
}
