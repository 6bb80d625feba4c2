import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { PullQuerySchema, PushRequestSchema, ROUTES, SYNC_PROGRESS_TYPE, type PushResponse, type SyncNowResponse, type SyncProgressLine } from '../../src/sync/protocol';
import type { ServerContext } from '../context';
import { errorBody, parseInput } from '../errors';
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
    if (outcome.committedNew) {
      hub.poke(caller.userId, outcome.version, caller.deviceId);
      // The providers hear of it from a job; the push is acknowledged without waiting for that.
      context.providers?.devicePushed(caller.userId).catch((error: unknown) => request.log.error({ err: error }, 'could not queue the provider sync'));
    }
    return { results: outcome.results, version: outcome.version } satisfies PushResponse;
  });

  app.get(ROUTES.pull, async (request) => {
    const caller = await auth.caller(request);
    const query = parseInput(PullQuerySchema, request.query, 'query');
    return pullChanges(db, caller.userId, query.cursor, query.limit);
  });

  // Sync now: every provider account of the user's, then a poke so every device pulls. Asked
  // for NDJSON, the answer streams progress lines (a first full sync can take a while) and ends
  // with the result line; otherwise it is the result alone.
  app.post(ROUTES.syncNow, async (request, reply) => {
    const caller = await auth.caller(request);
    const run = async (onProgress?: (line: SyncProgressLine) => void): Promise<SyncNowResponse> => {
      const providers = context.providers ? await context.providers.syncNow(caller.userId, onProgress && ((progress) => onProgress({ type: 'progress', ...progress }))) : [];
      const version = await userVersion(context, caller.userId);
      hub.poke(caller.userId, version);
      return { version, providers };
    };
    if (!request.headers.accept?.includes(SYNC_PROGRESS_TYPE)) return run();

    const lines = new PassThrough();
    const write = (line: SyncProgressLine) => lines.write(`${JSON.stringify(line)}\n`);
    run(write).then(
      (result) => lines.end(`${JSON.stringify({ type: 'result', result } satisfies SyncProgressLine)}\n`),
      (error: unknown) => {
        request.log.error({ err: error }, 'sync now failed');
        lines.end(`${JSON.stringify({ type: 'error', ...errorBody('internal', 'the sync failed on the server') } satisfies SyncProgressLine)}\n`);
      },
    );
    return reply.type(SYNC_PROGRESS_TYPE).send(lines);
  });
}
