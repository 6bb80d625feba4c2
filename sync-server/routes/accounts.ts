import type { FastifyInstance } from 'fastify';
import { jwkThumbprint } from '../../src/sync/dpop';
import { JoinRequestSchema, RegisterRequestSchema, ROUTES, TokenRequestSchema, type DeviceIdentity, type TokenResponse } from '../../src/sync/protocol';
import { ACCESS_TOKEN_TTL_SECONDS } from '../auth/access-token';
import { insertDevice, noteSeen } from '../auth/devices';
import { redeemPairingCode } from '../auth/pairing';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { HttpError, parseInput } from '../errors';
import { limitedTo, type RateLimits } from '../rate-limits';

/** Enrolment and tokens: the routes a device calls before it has an access token. */
export function registerAccountRoutes(app: FastifyInstance, context: ServerContext, limits: RateLimits): void {
  const { db } = context;

  app.post(ROUTES.accounts, limitedTo(limits.accountsPerHour, '1 hour'), async (request, reply) => {
    const body = parseInput(RegisterRequestSchema, request.body, 'body');
    const keyThumbprint = await jwkThumbprint(body.publicKey);
    const identity = await db.transaction(async (tx): Promise<DeviceIdentity> => {
      const userId = crypto.randomUUID();
      await tx.query('insert into users (id) values ($1)', [userId]);
      const deviceId = await insertDevice(tx, userId, { name: body.deviceName, publicKey: body.publicKey, keyThumbprint });
      await audit(tx, { userId, deviceId, action: 'account.create', outcome: 'created' });
      return { userId, deviceId };
    });
    return reply.code(201).send(identity);
  });

  app.post(ROUTES.join, limitedTo(limits.joinsPerHour, '1 hour'), async (request, reply) => {
    const body = parseInput(JoinRequestSchema, request.body, 'body');
    const keyThumbprint = await jwkThumbprint(body.publicKey);
    const identity = await db.transaction(async (tx): Promise<DeviceIdentity> => {
      const userId = await redeemPairingCode(tx, body.code);
      if (!userId) throw new HttpError(400, 'invalid-code', 'this pairing code is unknown, used or expired; make a new one on a paired device');
      const deviceId = await insertDevice(tx, userId, { name: body.deviceName, publicKey: body.publicKey, keyThumbprint });
      await audit(tx, { userId, deviceId, action: 'device.join', outcome: 'joined' });
      return { userId, deviceId };
    });
    return reply.code(201).send(identity);
  });

  app.post(ROUTES.token, limitedTo(limits.tokensPerMinute, '1 minute'), async (request) => {
    const body = parseInput(TokenRequestSchema, request.body, 'body');
    const proof = await context.auth.proof(request);
    const device = await context.auth.activeDevice(body.deviceId);
    if (proof.thumbprint !== device.keyThumbprint) throw new HttpError(401, 'invalid-proof', "the DPoP proof is not signed by this device's registered key");
    await noteSeen(db, device);
    const accessToken = await context.tokens.issue({ userId: device.userId, deviceId: device.id, keyThumbprint: device.keyThumbprint });
    return { accessToken, tokenType: 'DPoP', expiresIn: ACCESS_TOKEN_TTL_SECONDS } satisfies TokenResponse;
  });
}
