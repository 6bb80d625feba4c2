import type { FastifyInstance } from 'fastify';
import { PullQuerySchema, PushRequestSchema, ROUTES, type PushResponse, type SyncNowResponse } from '../../src/sync/protocol';
import type { ServerContext } from '../context';
import { parseInput } from '../errors';
import { pullChanges } from '../pull';
import { pushMutations } from '../push';

async function userVersion(context: ServerContext, userId: string): Promise<number> {
  const [row] = await context.db.query<{ version: number }>('select version from users where id = $1', [userId]);
  return row?.version ?? 0;
}

/** Push, pull and "sync now": the replication routes of DESIGN.md §5. */
export function registerSyncRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, auth, hub, metrics } = context;

  app.post(ROUTES.push, async (request) => {
    const caller = await auth.caller(request);
    const { mutations } = parseInput(PushRequestSchema, request.body, 'body');
    const outcome = await pushMutations(db, caller, mutations);
    if (outcome.failure !== undefined) {
      request.log.error({ err: outcome.failure, acknowledged: outcome.results.length, sent: mutations.length }, 'push stopped by a server failure');
    }
    outcome.results.forEach((result, i) => metrics.mutations.inc({ name: mutations[i]!.name, status: result.status }));
    if (outcome.committedNew) hub.poke(caller.userId, outcome.version, caller.deviceId);
    return { results: outcome.results, version: outcome.version } satisfies PushResponse;
  });

  app.get(ROUTES.pull, async (request) => {
    const caller = await auth.caller(request);
    const query = parseInput(PullQuerySchema, request.query, 'query');
    return pullChanges(db, caller.userId, query.cursor, query.limit);
  });

  // Provider connectors arrive with the next issue; until then a sync now asks every device to pull.
  app.post(ROUTES.syncNow, async (request) => {
    const caller = await auth.caller(request);
    const version = await userVersion(context, caller.userId);
    hub.poke(caller.userId, version);
    return { version, providers: [] } satisfies SyncNowResponse;
  });
}
