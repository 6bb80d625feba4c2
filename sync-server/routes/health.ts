import type { FastifyInstance } from 'fastify';
import { SYNC_PROTOCOL_VERSION } from '../../src/sync/protocol';
import type { ServerContext } from '../context';
import { errorBody } from '../errors';

/** Liveness, readiness (the database answers) and metrics: public, and without personal data. */
export function registerHealthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/healthz', async () => ({ status: 'ok', protocol: SYNC_PROTOCOL_VERSION }));

  app.get('/readyz', async (request, reply) => {
    try {
      await context.db.query('select 1');
      return { status: 'ready', database: context.db.kind };
    } catch (error) {
      request.log.warn({ err: error }, 'database not ready');
      return reply.code(503).send(errorBody('not-ready', 'the database does not answer'));
    }
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type(context.metrics.registry.contentType).send(await context.metrics.registry.metrics());
  });
}
