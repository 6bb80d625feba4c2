import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROUTES, type DeviceInfo, type PairingCodeResponse } from '../../src/sync/protocol';
import { listDevices, revokeDevice } from '../auth/devices';
import { storePairingCode } from '../auth/pairing';
import { audit } from '../audit';
import type { ServerContext } from '../context';
import { HttpError, parseInput } from '../errors';

const DeviceParamsSchema = z.object({ id: z.uuid() });

/** A user's devices: pairing a new one, listing them, revoking one. */
export function registerDeviceRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, auth } = context;

  app.post(ROUTES.pairingCodes, async (request, reply) => {
    const caller = await auth.caller(request);
    const pairing = await storePairingCode(db, caller.userId, caller.deviceId);
    await audit(db, { userId: caller.userId, deviceId: caller.deviceId, action: 'device.pairing-code', outcome: 'issued' });
    return reply.code(201).send(pairing satisfies PairingCodeResponse);
  });

  app.get(ROUTES.devices, async (request) => {
    const caller = await auth.caller(request);
    return { devices: await listDevices(db, caller.userId, caller.deviceId) } satisfies { devices: DeviceInfo[] };
  });

  app.delete(`${ROUTES.devices}/:id`, async (request, reply) => {
    const caller = await auth.caller(request);
    const { id } = parseInput(DeviceParamsSchema, request.params, 'params');
    if (!(await revokeDevice(db, caller.userId, id))) throw new HttpError(404, 'not-found', `this account has no device "${id}"`);
    context.hub.closeDevice(id);
    await audit(db, { userId: caller.userId, deviceId: caller.deviceId, action: 'device.revoke', outcome: `revoked:${id}` });
    return reply.code(204).send();
  });
}
