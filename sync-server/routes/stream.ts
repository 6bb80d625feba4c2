import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROUTES } from '../../src/sync/protocol';
import type { Caller } from '../auth/authenticate';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';

/**
 * The poke stream. The upgrade request is authenticated like any call (its proof names GET and
 * the route's http(s) URL); a refused one gets an HTTP 401 and no socket.
 */
export function registerStreamRoute(app: FastifyInstance, context: ServerContext): void {
  const callers = new WeakMap<FastifyRequest, Caller>();
  app.route({
    method: 'GET',
    url: ROUTES.stream,
    preValidation: async (request) => {
      callers.set(request, await context.auth.caller(request));
    },
    handler: async () => {
      throw new HttpError(426, 'upgrade-required', 'this route is a WebSocket stream: open it with an "Upgrade: websocket" request');
    },
    wsHandler: (socket, request) => {
      const caller = callers.get(request);
      if (!caller) {
        socket.terminate();
        return;
      }
      socket.on('error', () => socket.terminate());
      context.hub.add(caller.userId, caller.deviceId, socket);
    },
  });
}
