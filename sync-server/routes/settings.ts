import type { FastifyInstance } from 'fastify';
import { ROUTES, SettingsBodySchema, type Settings, type SettingsResponse } from '../../src/sync/protocol';
import type { ServerContext } from '../context';
import { parseInput } from '../errors';

/** The user's preferences, shared by their devices: one JSON object, replaced as a whole. */
export function registerSettingsRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, auth } = context;

  app.get(ROUTES.settings, async (request) => {
    const caller = await auth.caller(request);
    const [row] = await db.query<{ data: Settings; updated_at: Date }>('select data, updated_at from settings where user_id = $1', [caller.userId]);
    return { settings: row?.data ?? {}, updatedAt: row?.updated_at.toISOString() ?? null } satisfies SettingsResponse;
  });

  app.put(ROUTES.settings, async (request) => {
    const caller = await auth.caller(request);
    const { settings } = parseInput(SettingsBodySchema, request.body, 'body');
    const [row] = await db.query<{ data: Settings; updated_at: Date }>(
      `insert into settings (user_id, data, updated_at) values ($1, $2::jsonb, now())
       on conflict (user_id) do update set data = excluded.data, updated_at = excluded.updated_at
       returning data, updated_at`,
      [caller.userId, JSON.stringify(settings)],
    );
    return { settings: row!.data, updatedAt: row!.updated_at.toISOString() } satisfies SettingsResponse;
  });
}
