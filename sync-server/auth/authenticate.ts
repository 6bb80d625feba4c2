import type { FastifyRequest } from 'fastify';
import { ProofError, verifyProof, type VerifiedProof } from '../../src/sync/dpop';
import type { Queryable } from '../db/database';
import { HttpError } from '../errors';
import type { AccessTokens } from './access-token';
import { findDevice, noteSeen, type DeviceRecord } from './devices';
import type { ReplayGuard } from './replay-guard';

/** Who is calling: an active device of a user, proven by a token and a proof signed by its key. */
export interface Caller {
  userId: string;
  deviceId: string;
}

/**
 * The URL the client signed: scheme, host and path (the query is ignored). Behind a proxy that
 * terminates TLS, the server's `trustProxy` makes these the X-Forwarded ones the client used.
 */
function requestUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.url}`;
}

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export class Authenticator {
  constructor(
    private readonly db: Queryable,
    private readonly tokens: AccessTokens,
    private readonly replays: ReplayGuard,
  ) {}

  /** Checks the request's DPoP proof (signature, method, URL, age, token hash) and that it is fresh. */
  async proof(request: FastifyRequest, accessToken?: string): Promise<VerifiedProof> {
    const proof = singleHeader(request, 'dpop');
    if (!proof) throw new HttpError(401, 'missing-proof', 'this request needs a DPoP header: a proof signed by the device key');
    let verified: VerifiedProof;
    try {
      verified = await verifyProof(proof, { method: request.method, url: requestUrl(request), ...(accessToken !== undefined && { accessToken }) });
    } catch (error) {
      throw new HttpError(401, 'invalid-proof', error instanceof ProofError ? error.message : 'the DPoP proof could not be checked');
    }
    if (!this.replays.firstUse(verified.jti, verified.iat)) throw new HttpError(401, 'replayed-proof', 'this DPoP proof was already used; sign a new one for each request');
    return verified;
  }

  /** A registered, active device; a revoked one is refused on its very next request. */
  async activeDevice(deviceId: string): Promise<DeviceRecord> {
    const device = await findDevice(this.db, deviceId);
    if (!device) throw new HttpError(401, 'unknown-device', 'this device is not registered on this server');
    if (device.revoked) throw new HttpError(401, 'device-revoked', 'this device has been revoked; pair it again to sync');
    return device;
  }

  /** For every route but the public ones: `Authorization: DPoP <token>` and a proof bound to it. */
  async caller(request: FastifyRequest): Promise<Caller> {
    const authorization = singleHeader(request, 'authorization');
    const match = authorization && /^DPoP\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
    if (!match?.[1]) throw new HttpError(401, 'missing-token', 'this request needs an "Authorization: DPoP <access token>" header');
    const accessToken = match[1];
    const claims = await this.tokens.verify(accessToken);
    const proof = await this.proof(request, accessToken);
    if (proof.thumbprint !== claims.keyThumbprint) {
      throw new HttpError(401, 'invalid-proof', 'the DPoP proof is signed by another key than the one this token was issued to');
    }
    const device = await this.activeDevice(claims.deviceId);
    if (device.userId !== claims.userId || device.keyThumbprint !== claims.keyThumbprint) {
      throw new HttpError(401, 'invalid-token', 'the access token does not match this device');
    }
    await noteSeen(this.db, device);
    return { userId: device.userId, deviceId: device.id };
  }
}
