import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from './access-token';
import { ReplayGuard } from './replay-guard';
import { TOKEN_ALGORITHM } from './token-key';

async function tokens(): Promise<AccessTokens> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM);
  return new AccessTokens({ kid: 'test', privateKey, publicKey });
}

const claims = { userId: 'user', deviceId: 'device', keyThumbprint: 'jkt' };

describe('access tokens', () => {
  it('verify what they issued, and refuse it once expired even after a verification was remembered', async () => {
    const issuer = await tokens();
    const token = await issuer.issue(claims);
    expect(await issuer.verify(token)).toEqual(claims);
    expect(await issuer.verify(token)).toMatchObject(claims);
    const later = Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000;
    await expect(issuer.verify(token, later)).rejects.toMatchObject({ status: 401, code: 'invalid-token' });
  });

  it("refuse another server's tokens and tampered ones", async () => {
    const token = await (await tokens()).issue(claims);
    await expect((await tokens()).verify(token)).rejects.toMatchObject({ code: 'invalid-token' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'someone-else', did: 'd', cnf: { jkt: 'x' } })).toString('base64url')}.${signature}`;
    await expect((await tokens()).verify(forged)).rejects.toMatchObject({ code: 'invalid-token' });
  });
});

describe('the replay guard', () => {
  it('accepts a proof once, and forgets it only after it could no longer be accepted', () => {
    const guard = new ReplayGuard();
    const iat = 1_000_000;
    expect(guard.firstUse('jti-1', iat, iat * 1000)).toBe(true);
    expect(guard.firstUse('jti-1', iat, iat * 1000 + 59_000)).toBe(false);
    expect(guard.firstUse('jti-2', iat, iat * 1000)).toBe(true);
    expect(guard.firstUse('jti-3', iat + 200, (iat + 200) * 1000)).toBe(true);
    expect(guard.size).toBe(1);
  });
});
