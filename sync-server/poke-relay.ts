import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from './db/database';
import type { PokeHub, UserPoke } from './stream';

/**
 * The NOTIFY channel of the server processes sharing this schema. Channels are database-wide, so
 * the schema is part of the name (hashed: a channel name has at most 63 bytes).
 */
async function pokeChannel(db: Database): Promise<string> {
  const [row] = await db.query<{ schema: string }>('select current_schema() as schema');
  return `tempopilot_pokes_${createHash('sha256').update(row?.schema ?? '').digest('hex').slice(0, 16)}`;
}

const RelayedPokeSchema = z.object({ userId: z.string(), version: z.number().int().nonnegative(), exceptDeviceId: z.string().optional() });

/**
 * Pokes through PostgreSQL's NOTIFY, so a push taken by one server process pokes the devices
 * streaming from another (several processes behind one load balancer). Each process, this one
 * included, delivers what it hears to its own sockets. A poke carries no data: one lost while the
 * listening connection is down costs those devices only latency (they pull on their next poke,
 * reconnect or timer). Without `listen` (PGlite: one process) the hub delivers directly.
 */
export async function relayPokes(db: Database, hub: PokeHub, logger: Logger): Promise<(() => Promise<void>) | undefined> {
  if (!db.listen) return undefined;
  const channel = await pokeChannel(db);
  const stop = await db.listen(
    channel,
    (payload) => {
      const poke = RelayedPokeSchema.safeParse(parseJson(payload));
      if (poke.success) hub.deliver(poke.data);
      else logger.warn({ channel }, 'ignored a malformed poke notification');
    },
    (error) => logger.warn({ err: error }, 'poke relay connection lost; reconnecting (devices of other processes miss pokes meanwhile)'),
  );
  hub.relayThrough((poke: UserPoke) => {
    db.query('select pg_notify($1, $2)', [channel, JSON.stringify(poke)]).catch((error: unknown) => {
      logger.warn({ err: error }, 'poke relay failed; poking this process only');
      hub.deliver(poke);
    });
  });
  return stop;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
