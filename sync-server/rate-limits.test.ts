import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKeys } from '../src/sync/dpop';
import { ROUTES } from '../src/sync/protocol';
import { createLogger } from './logging';
import { buildServer } from './server';
import { openTestDatabase } from './testing';

/** The per-address limits on the routes used before a device holds a token. */
describe('rate limits on enrolment', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ database: await openTestDatabase('pglite'), closeDatabase: true, logger: createLogger({ level: 'silent' }), rateLimits: { accountsPerHour: 3, joinsPerHour: 2 } });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const register = async (remoteAddress: string) => {
    const { publicJwk } = await generateDeviceKeys();
    return app.inject({ method: 'POST', url: ROUTES.accounts, remoteAddress, payload: { deviceName: 'laptop', publicKey: publicJwk } });
  };
  const join = (remoteAddress: string) => app.inject({ method: 'POST', url: ROUTES.join, remoteAddress, payload: { code: 'ABCD-EFGH', deviceName: 'phone', publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'a'.repeat(43) } } });

  it('refuses an address past its limit with 429, Retry-After and a message, and counts each address alone', async () => {
    for (let i = 0; i < 3; i++) expect((await register('203.0.113.7')).statusCode).toBe(201);
    const refused = await register('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toEqual({ error: { code: 'rate-limited', message: expect.stringMatching(/^too many requests from this address; try again in /) } });
    expect((await register('198.51.100.9')).statusCode).toBe(201);

    // Joining has a budget of its own: wrong codes are answered as such until it is spent.
    expect((await join('203.0.113.7')).statusCode).toBe(400);
    expect((await join('203.0.113.7')).statusCode).toBe(400);
    expect((await join('203.0.113.7')).statusCode).toBe(429);
  });

  it('does not limit this machine, which the built-in server serves', async () => {
    for (let i = 0; i < 5; i++) expect((await register('127.0.0.1')).statusCode).toBe(201);
  });
});
