import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { HttpError } from './errors';

/**
 * Limits per client address on the routes anyone can call before they hold a token: creating an
 * account (each makes rows for good), joining with a pairing code, and exchanging a proof for a
 * token (each costs a signature check). Routes behind a token are the device's own business.
 * Loopback callers are not limited: the built-in server of a desktop serves only its own
 * machine. Behind a reverse proxy the server must be told (`trustProxy`), or every request would
 * look local.
 */
export interface RateLimits {
  /** New accounts per address per hour. */
  accountsPerHour: number;
  /** Pairing-code redemptions per address per hour. */
  joinsPerHour: number;
  /** Token requests per address per minute (a device needs one every few minutes). */
  tokensPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { accountsPerHour: 20, joinsPerHour: 30, tokensPerMinute: 120 };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export async function installRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    allowList: (request) => LOOPBACK.has(request.ip),
    errorResponseBuilder: (_request, context) => new HttpError(429, 'rate-limited', `too many requests from this address; try again in ${context.after}`),
  });
}

/** The route option that limits a route to `max` requests per address per `timeWindow`. */
export function limitedTo(max: number, timeWindow: '1 minute' | '1 hour'): RouteShorthandOptions {
  return { config: { rateLimit: { max, timeWindow } } };
}
