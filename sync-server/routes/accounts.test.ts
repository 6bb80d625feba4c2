import { decodeJwt, SignJWT, importJWK, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys, jwkThumbprint, proofSigner } from '../../src/sync/dpop';
import { ROUTES } from '../../src/sync/protocol';
import { readAnswer, startTestServer, testDatabaseKinds, TestDevice, type TestServer } from '../testing';

describe.each(testDatabaseKinds())('accounts, tokens and devices on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });

  async function post(route: string, body: unknown, headers: Record<string, string> = {}) {
    return readAnswer(await fetch(server.url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
  }

  describe('enrolment and tokens', () => {
    it('creates an account with its first device, and issues a 15-minute token bound to its key', async () => {
      const keys = await generateDeviceKeys();
      const created = await post(ROUTES.accounts, { deviceName: 'Laptop', publicKey: keys.publicJwk });
      expect(created.status).toBe(201);
      const { userId, deviceId } = created.body as { userId: string; deviceId: string };
      const proof = await (await proofSigner(keys)).sign('POST', server.url + ROUTES.token);
      const token = await post(ROUTES.token, { deviceId }, { dpop: proof });
      expect(token).toMatchObject({ status: 200, body: { tokenType: 'DPoP', expiresIn: 900 } });
      const claims = decodeJwt((token.body as { accessToken: string }).accessToken);
      expect(claims).toMatchObject({ sub: userId, did: deviceId, cnf: { jkt: await jwkThumbprint(keys.publicJwk) } });
      expect(claims.exp! - claims.iat!).toBe(900);
    });

    it('refuses a key that is already registered, and a malformed one, saying which field', async () => {
      const keys = await generateDeviceKeys();
      expect((await post(ROUTES.accounts, { deviceName: 'A', publicKey: keys.publicJwk })).status).toBe(201);
      expect(await post(ROUTES.accounts, { deviceName: 'B', publicKey: keys.publicJwk })).toMatchObject({ status: 409, body: { error: { code: 'key-in-use' } } });
      const bad = await post(ROUTES.accounts, { deviceName: 'C', publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'short' } });
      expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid-request', message: expect.stringContaining('body.publicKey.x') } } });
    });

    it('gives a token only for a fresh proof signed by the device key, for this URL', async () => {
      const keys = await generateDeviceKeys();
      const { deviceId } = (await post(ROUTES.accounts, { deviceName: 'A', publicKey: keys.publicJwk })).body as { deviceId: string };
      const signer = await proofSigner(keys);
      const intruder = await proofSigner(await generateDeviceKeys());
      const tokenUrl = server.url + ROUTES.token;

      expect(await post(ROUTES.token, { deviceId })).toMatchObject({ status: 401, body: { error: { code: 'missing-proof' } } });
      expect(await post(ROUTES.token, { deviceId }, { dpop: await intruder.sign('POST', tokenUrl) })).toMatchObject({ status: 401, body: { error: { code: 'invalid-proof' } } });
      expect(await post(ROUTES.token, { deviceId }, { dpop: await signer.sign('POST', server.url + ROUTES.push) })).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/another URL/) } } });
      expect(await post(ROUTES.token, { deviceId: crypto.randomUUID() }, { dpop: await signer.sign('POST', tokenUrl) })).toMatchObject({ status: 401, body: { error: { code: 'unknown-device' } } });
      expect(await post(ROUTES.token, { deviceId: 'nope' }, { dpop: await signer.sign('POST', tokenUrl) })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('body.deviceId') } } });
      const proof = await signer.sign('POST', tokenUrl);
      expect((await post(ROUTES.token, { deviceId }, { dpop: proof })).status).toBe(200);
      expect(await post(ROUTES.token, { deviceId }, { dpop: proof })).toMatchObject({ status: 401, body: { error: { code: 'replayed-proof' } } });
    });
  });

  describe('authenticated calls', () => {
    let device: TestDevice;
    let other: TestDevice;
    beforeAll(async () => {
      device = await TestDevice.register(server.url, 'Laptop');
      other = await TestDevice.register(server.url, 'Someone else');
    });

    async function call(headers: Record<string, string>) {
      return readAnswer(await fetch(server.url + ROUTES.devices, { headers }));
    }

    it('answers with a valid token and proof', async () => {
      expect(await device.request('GET', ROUTES.devices)).toMatchObject({ status: 200 });
    });

    it('refuses a missing, malformed, forged or expired token', async () => {
      const url = server.url + ROUTES.devices;
      const { authorization, dpop } = await device.client.authHeaders('GET', url);
      const token = authorization!.slice('DPoP '.length);
      expect(await call({ dpop: dpop! })).toMatchObject({ status: 401, body: { error: { code: 'missing-token' } } });
      expect(await call({ authorization: `Bearer ${token}`, dpop: dpop! })).toMatchObject({ status: 401, body: { error: { code: 'missing-token' } } });
      expect(await call({ authorization: 'DPoP not.a.token', dpop: dpop! })).toMatchObject({ status: 401, body: { error: { code: 'invalid-token' } } });

      const [stored] = await server.database.query<{ private_jwk: JWK }>('select private_jwk from server_keys');
      const key = (await importJWK(stored!.private_jwk, 'Ed25519')) as CryptoKey;
      const claims = decodeJwt(token);
      const expired = await new SignJWT({ ...claims, iat: claims.iat! - 3600, exp: claims.iat! - 1800 }).setProtectedHeader({ alg: 'Ed25519', typ: 'at+jwt' }).sign(key);
      const signer = await proofSigner(device.client.credentials.keys);
      expect(await call({ authorization: `DPoP ${expired}`, dpop: await signer.sign('GET', url, expired) })).toMatchObject({ status: 401, body: { error: { code: 'invalid-token' } } });
      const selfMade = await proofSigner(await generateDeviceKeys());
      const forgedKey = (await importJWK((await generateDeviceKeys()).privateJwk, 'Ed25519')) as CryptoKey;
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'Ed25519', typ: 'at+jwt' }).sign(forgedKey);
      expect(await call({ authorization: `DPoP ${forged}`, dpop: await selfMade.sign('GET', url, forged) })).toMatchObject({ status: 401, body: { error: { code: 'invalid-token' } } });
      const response = await fetch(url, { headers: { dpop: dpop! } });
      expect(response.headers.get('www-authenticate')).toMatch(/^DPoP/);
    });

    it("refuses a token sent with another device's proof, or a proof for another request", async () => {
      const url = server.url + ROUTES.devices;
      const { authorization } = await device.client.authHeaders('GET', url);
      const token = authorization!.slice('DPoP '.length);
      const otherSigner = await proofSigner(other.client.credentials.keys);
      const ownSigner = await proofSigner(device.client.credentials.keys);
      expect(await call({ authorization: authorization!, dpop: await otherSigner.sign('GET', url, token) })).toMatchObject({
        status: 401,
        body: { error: { code: 'invalid-proof', message: expect.stringMatching(/another key/) } },
      });
      expect(await call({ authorization: authorization!, dpop: await ownSigner.sign('POST', url, token) })).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/another method/) } } });
      expect(await call({ authorization: authorization!, dpop: await ownSigner.sign('GET', url, 'another-token') })).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/access token/) } } });
      expect(await call({ authorization: authorization!, dpop: await ownSigner.sign('GET', url) })).toMatchObject({ status: 401, body: { error: { code: 'invalid-proof' } } });
    });

    it('checks proofs against the URL the client used, not the proxy-forwarded one unless told to trust the proxy', async () => {
      const url = server.url + ROUTES.devices;
      const { authorization } = await device.client.authHeaders('GET', url);
      const token = authorization!.slice('DPoP '.length);
      const signer = await proofSigner(device.client.credentials.keys);
      const proxied = { authorization: authorization!, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sync.example.com' };
      expect(await call({ ...proxied, dpop: await signer.sign('GET', `https://sync.example.com${ROUTES.devices}`, token) })).toMatchObject({ status: 401 });
      expect(await call({ ...proxied, dpop: await signer.sign('GET', url, token) })).toMatchObject({ status: 200 });

      const behindProxy = await startTestServer(kind, { trustProxy: true });
      try {
        const viaProxy = await TestDevice.register(behindProxy.url);
        const proxiedUrl = `https://sync.example.com${ROUTES.devices}`;
        const headers = { ...(await viaProxy.client.authHeaders('GET', proxiedUrl)), 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sync.example.com' };
        expect((await fetch(behindProxy.url + ROUTES.devices, { headers })).status).toBe(200);
      } finally {
        await behindProxy.close();
      }
    });

    it('refuses a replayed proof', async () => {
      const url = server.url + ROUTES.devices;
      const headers = await device.client.authHeaders('GET', url);
      expect((await call(headers)).status).toBe(200);
      expect(await call(headers)).toMatchObject({ status: 401, body: { error: { code: 'replayed-proof' } } });
    });
  });

  describe('pairing and devices', () => {
    it('pairs a second device with a one-time code, in any case and with or without its dash', async () => {
      const first = await TestDevice.register(server.url, 'Laptop');
      const { code, expiresAt } = await first.client.pairingCode();
      expect(code).toMatch(/^[2-9A-HJ-KMNP-Z]{4}-[2-9A-HJ-KMNP-Z]{4}$/);
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
      const second = await TestDevice.join(server.url, code.replace('-', '').toLowerCase(), 'Phone');
      expect(second.userId).toBe(first.userId);
      const again = await post(ROUTES.join, { code, deviceName: 'Tablet', publicKey: (await generateDeviceKeys()).publicJwk });
      expect(again).toMatchObject({ status: 400, body: { error: { code: 'invalid-code' } } });
      const devices = await second.client.devices();
      expect(devices.map((d) => [d.name, d.current])).toEqual([
        ['Laptop', false],
        ['Phone', true],
      ]);
    });

    it('refuses an expired code and a code unknown to the server', async () => {
      const first = await TestDevice.register(server.url);
      const { code } = await first.client.pairingCode();
      await server.database.query(`update pairing_codes set expires_at = now() - interval '1 second' where user_id = $1`, [first.userId]);
      const publicKey = (await generateDeviceKeys()).publicJwk;
      expect(await post(ROUTES.join, { code, deviceName: 'Late', publicKey })).toMatchObject({ status: 400, body: { error: { code: 'invalid-code' } } });
      expect(await post(ROUTES.join, { code: 'ABCD-EFGH', deviceName: 'Guess', publicKey })).toMatchObject({ status: 400, body: { error: { code: 'invalid-code' } } });
      expect(await post(ROUTES.join, { code: 'x', deviceName: 'Short', publicKey })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('body.code') } } });
    });

    it("revokes a device: its next request is refused, others' devices are out of reach", async () => {
      const laptop = await TestDevice.register(server.url, 'Laptop');
      const phone = await laptop.pair('Phone');
      const stranger = await TestDevice.register(server.url, 'Stranger');
      expect((await phone.request('GET', ROUTES.settings)).status).toBe(200);

      expect(await stranger.request('DELETE', `${ROUTES.devices}/${phone.deviceId}`)).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
      expect(await laptop.request('DELETE', `${ROUTES.devices}/not-a-uuid`)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('params.id') } } });
      expect((await laptop.request('DELETE', `${ROUTES.devices}/${phone.deviceId}`)).status).toBe(204);

      expect(await phone.request('GET', ROUTES.settings)).toMatchObject({ status: 401, body: { error: { code: 'device-revoked' } } });
      const signer = await proofSigner(phone.client.credentials.keys);
      expect(await post(ROUTES.token, { deviceId: phone.deviceId }, { dpop: await signer.sign('POST', server.url + ROUTES.token) })).toMatchObject({
        status: 401,
        body: { error: { code: 'device-revoked' } },
      });
      const listed = await laptop.client.devices();
      expect(listed.find((d) => d.id === phone.deviceId)?.revokedAt).not.toBeNull();
      expect(listed.find((d) => d.id === laptop.deviceId)).toMatchObject({ revokedAt: null, current: true });
    });

    it('records each step in the audit log, by identifier only', async () => {
      const laptop = await TestDevice.register(server.url, 'Personal Laptop of Dana');
      const phone = await laptop.pair('Dana phone');
      await laptop.client.revokeDevice(phone.deviceId);
      const rows = await server.database.query<Record<string, unknown>>('select action, outcome, device_id from audit_log where user_id = $1 order by id', [laptop.userId]);
      expect(rows.map((r) => r.action)).toEqual(['account.create', 'device.pairing-code', 'device.join', 'device.revoke']);
      expect(JSON.stringify(rows)).not.toMatch(/Dana/);
    });
  });
});
