import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AddProviderRequestSchema, CalendarScopeRequestSchema, ROUTES, type ProviderAccount } from '../../src/sync/protocol';
import type { ServerContext } from '../context';
import { HttpError, parseInput } from '../errors';
import type { ProviderService } from '../providers/service';

const AccountParamsSchema = z.object({ id: z.uuid() });
const CalendarParamsSchema = z.object({ id: z.uuid(), calendarId: z.string().min(1).max(200) });
const AddQuerySchema = z.object({ timeZone: z.string().min(1).max(64).optional() });

/** The service, or a clear refusal where the server was started without a key to seal secrets. */
export function providersOf(context: ServerContext): ProviderService {
  if (!context.providers) {
    throw new HttpError(503, 'no-secret-key', 'this sync server has no key to seal provider passwords; start it with --data-dir or TEMPOPILOT_SECRET_KEY');
  }
  return context.providers;
}

/** Provider accounts (CalDAV, Google, Microsoft 365): add, list, remove, and each calendar's scope. */
export function registerProviderRoutes(app: FastifyInstance, context: ServerContext): void {
  const { auth } = context;

  app.post(ROUTES.providers, async (request, reply) => {
    const caller = await auth.caller(request);
    const body = parseInput(AddProviderRequestSchema, request.body, 'body');
    const { timeZone } = parseInput(AddQuerySchema, request.query, 'query');
    const added = await providersOf(context).add(caller, body, timeZone);
    const { version: _version, ...answer } = added;
    return reply.code(201).send(answer);
  });

  app.get(ROUTES.providers, async (request) => {
    const caller = await auth.caller(request);
    // Without a key no account can have been added: the list is empty, not an error.
    return { accounts: context.providers ? await context.providers.list(caller.userId) : [] } satisfies { accounts: ProviderAccount[] };
  });

  app.patch(ROUTES.providerCalendar, async (request) => {
    const caller = await auth.caller(request);
    const { id, calendarId } = parseInput(CalendarParamsSchema, request.params, 'params');
    const change = parseInput(CalendarScopeRequestSchema, request.body, 'body');
    if (!context.providers) throw new HttpError(404, 'not-found', `this account has no provider account "${id}"`);
    return { account: await context.providers.setCalendarScope(caller, id, calendarId, change) };
  });

  app.delete(ROUTES.provider, async (request, reply) => {
    const caller = await auth.caller(request);
    const { id } = parseInput(AccountParamsSchema, request.params, 'params');
    if (!context.providers || !(await context.providers.remove(caller, id))) throw new HttpError(404, 'not-found', `this account has no provider account "${id}"`);
    return reply.code(204).send();
  });
}
