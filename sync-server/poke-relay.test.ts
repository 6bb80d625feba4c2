import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { buildServer } from './server';
import { createLogger } from './logging';
import { openPostgres } from './db/postgres';
import { createTestSchema, mutation, startServerProcess, testCalendar, TestDevice, testEvent, type ServerProcess, type TestSchema } from './testing';
import type { FastifyInstance } from 'fastify';

/**
 * Two server processes on one PostgreSQL database, as behind a load balancer: a push taken by
 * one must poke the devices streaming from the other. PGlite serves one process only, so this
 * runs where TEST_DATABASE_URL is set (as .ci/run sets it).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('pokes across server processes sharing PostgreSQL', () => {
  let schema: TestSchema;
  let here: FastifyInstance;
  let hereUrl: string;
  let there: ServerProcess;

  beforeAll(async () => {
    schema = await createTestSchema();
    here = await buildServer({ database: openPostgres({ connectionString: schema.connectionString }), closeDatabase: true, logger: createLogger({ level: 'silent' }) });
    hereUrl = await here.listen({ host: '127.0.0.1', port: 0 });
    there = await startServerProcess({ databaseUrl: schema.connectionString });
  }, 60_000);
  afterAll(async () => {
    await there?.kill();
    await here?.close();
    await schema?.drop();
  });

  it('pokes a device on the other process, both ways, and never the device that pushed', async () => {
    const laptop = await TestDevice.register(hereUrl);
    const phone = await TestDevice.join(there.url, (await laptop.client.pairingCode()).code);
    const stranger = await TestDevice.register(there.url);
    const [laptopStream, phoneStream, strangerStream] = await Promise.all([laptop.stream(), phone.stream(), stranger.stream()]);
    try {
      const first = await laptop.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() }), mutation<EventMutation>('createEvent', { event: testEvent('e1') })]);
      expect(await phoneStream.nextPoke(first.version)).toEqual({ type: 'poke', version: first.version });

      const second = await phone.push([mutation<EventMutation>('createEvent', { event: testEvent('e2') })]);
      expect(await laptopStream.nextPoke(second.version)).toEqual({ type: 'poke', version: second.version });
      expect((await laptop.pullAll(first.version)).changes.map((change) => change.kind === 'event' && change.eventId)).toEqual(['e2']);

      expect(laptopStream.pokes).toEqual([{ type: 'poke', version: second.version }]);
      expect(phoneStream.pokes).toEqual([{ type: 'poke', version: first.version }]);
      expect(strangerStream.pokes).toEqual([]);
    } finally {
      for (const stream of [laptopStream, phoneStream, strangerStream]) stream.close();
    }
  }, 60_000);
});
