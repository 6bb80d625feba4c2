import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, jwkThumbprint, ProofError, proofSigner, verifyProof } from './dpop';

describe('DPoP proofs', () => {
  it('verify for the method, URL and token they were made for, and for nothing else', async () => {
    const keys = await generateDeviceKeys();
    const signer = await proofSigner(keys);
    const proof = await signer.sign('post', 'http://127.0.0.1:4000/api/v1/push?x=1', 'token-a');
    const verified = await verifyProof(proof, { method: 'POST', url: 'http://127.0.0.1:4000/api/v1/push', accessToken: 'token-a' });
    expect(verified.thumbprint).toBe(await jwkThumbprint(keys.publicJwk));
    await expect(verifyProof(proof, { method: 'GET', url: 'http://127.0.0.1:4000/api/v1/push', accessToken: 'token-a' })).rejects.toThrow(/another method/);
    await expect(verifyProof(proof, { method: 'POST', url: 'http://127.0.0.1:4000/api/v1/pull', accessToken: 'token-a' })).rejects.toThrow(/another URL/);
    await expect(verifyProof(proof, { method: 'POST', url: 'http://127.0.0.1:4000/api/v1/push', accessToken: 'token-b' })).rejects.toThrow(/this access token/);
    await expect(verifyProof(proof, { method: 'POST', url: 'http://127.0.0.1:4000/api/v1/push', accessToken: 'token-a', nowSeconds: Math.floor(Date.now() / 1000) + 600 })).rejects.toThrow(
      ProofError,
    );
  });

  it('refuses a tampered proof', async () => {
    const signer = await proofSigner(await generateDeviceKeys());
    const proof = await signer.sign('GET', 'http://127.0.0.1/api/v1/pull');
    const [header, payload, signature] = proof.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ htm: 'GET', htu: 'http://127.0.0.1/api/v1/pull', jti: 'abcdefghij', iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.${signature}`;
    expect(payload).toBeDefined();
    await expect(verifyProof(forged, { method: 'GET', url: 'http://127.0.0.1/api/v1/pull' })).rejects.toThrow(/not valid/);
  });

  it('checks the signature against the key the proof names, whoever signed before with it', async () => {
    const [alice, mallory] = await Promise.all([generateDeviceKeys(), generateDeviceKeys()]);
    const url = 'http://127.0.0.1/api/v1/pull';
    // Alice's key is known to the verifier (imported once); a proof naming it but signed by another key fails.
    await verifyProof(await (await proofSigner(alice)).sign('GET', url), { method: 'GET', url });
    const byMallory = await (await proofSigner(mallory)).sign('GET', url);
    const [header, payload, signature] = byMallory.split('.');
    const claimsAlice = JSON.parse(Buffer.from(header!, 'base64url').toString());
    claimsAlice.jwk = alice.publicJwk;
    const substituted = `${Buffer.from(JSON.stringify(claimsAlice)).toString('base64url')}.${payload}.${signature}`;
    await expect(verifyProof(substituted, { method: 'GET', url })).rejects.toThrow(/not valid/);
    const other = { ...claimsAlice, jwk: { kty: 'EC', crv: 'P-256', x: 'abc', y: 'def' } };
    await expect(verifyProof(`${Buffer.from(JSON.stringify(other)).toString('base64url')}.${payload}.${signature}`, { method: 'GET', url })).rejects.toThrow(/must carry an Ed25519 public key/);
    expect((await verifyProof(byMallory, { method: 'GET', url })).thumbprint).toBe(await jwkThumbprint(mallory.publicJwk));
  });
});
