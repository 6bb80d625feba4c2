import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofSigner } from '../src/sync/dpop';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { ErrorBodySchema, PushResponseSchema, ROUTES, type MutationResult } from '../src/sync/protocol';
import { mutation, readAnswer, startTestServer, testCalendar, testDatabaseKinds, TestDevice, testEvent, type HttpAnswer, type TestServer } from './testing';

/**
 * Whatever arrives, the server answers 4xx with the error shape, never 5xx: requests made of
 * random methods, paths, credentials and bodies, many of them almost valid.
 */

const PATHS = [...Object.values(ROUTES), `${ROUTES.devices}/00000000-0000-4000-8000-000000000000`, `${ROUTES.devices}/x`, '/healthz', '/readyz', `${ROUTES.pull}?cursor=1&limit=2`];
const pathArbitrary = fc.oneof(
  fc.constantFrom(...PATHS),
  fc.tuple(fc.constantFrom(...PATHS), fc.stringMatching(/^[A-Za-z0-9%._~:@!$&'()*+,;=/?-]{0,20}$/)).map(([path, tail]) => path + tail),
);
type Credentials = 'none' | 'valid' | 'garbage-token' | 'other-device-proof' | 'wrong-url-proof' | 'garbage-proof';
const credentialsArbitrary = fc.constantFrom<Credentials>('none', 'valid', 'valid', 'garbage-token', 'other-device-proof', 'wrong-url-proof', 'garbage-proof');

const eventArbitrary = fc.record({
  id: fc.constantFrom('e1', 'e2', 'e3'),
  calendarId: fc.constantFrom('personal', 'work', 'holidays', 'elsewhere'),
  title: fc.string({ maxLength: 12 }),
  hour: fc.integer({ min: 0, max: 22 }),
  length: fc.integer({ min: -1, max: 3 }),
});
const timeOf = (hour: number) => ({ dateTime: `2026-03-02T${String(Math.min(23, Math.max(0, hour))).padStart(2, '0')}:00`, timeZone: 'Europe/Berlin' });
const baseArbitrary = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });

/** Mutations of a small world (three events, four calendars) so that they collide often. */
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(eventArbitrary, baseArbitrary).map(([e, base]) =>
    mutation<EventMutation>('createEvent', { event: testEvent(e.id, { calendarId: e.calendarId, title: e.title, start: timeOf(e.hour), end: timeOf(e.hour + e.length) }) }, base),
  ),
  fc.tuple(eventArbitrary, fc.boolean(), fc.boolean(), baseArbitrary).map(([e, title, move, base]) =>
    mutation<EventMutation>('updateEvent', { eventId: e.id, patch: { ...(title && { title: e.title }), ...(move ? { calendarId: e.calendarId } : { location: e.title || null }) } }, base),
  ),
  fc.tuple(eventArbitrary, baseArbitrary).map(([e, base]) => mutation<EventMutation>('moveEvent', { eventId: e.id, start: timeOf(e.hour), end: timeOf(e.hour + e.length) }, base)),
  fc.tuple(eventArbitrary, baseArbitrary).map(([e, base]) => mutation<EventMutation>('deleteEvent', { eventId: e.id }, base)),
  fc.tuple(fc.constantFrom('personal', 'work', 'holidays'), fc.boolean()).map(([id, readOnly]) => mutation<Mutation>('putCalendar', { calendar: testCalendar(id, { readOnly }) })),
);

/** Replaces the value at a random path of a JSON document: the almost-valid bodies that find bugs. */
function perturb(document: unknown, steps: readonly number[], replacement: unknown): unknown {
  if (steps.length === 0 || document === null || typeof document !== 'object') return replacement;
  const keys = Object.keys(document);
  if (keys.length === 0) return replacement;
  const key = keys[steps[0]! % keys.length]!;
  const copy = (Array.isArray(document) ? [...document] : { ...document }) as Record<string, unknown>;
  copy[key] = perturb((document as Record<string, unknown>)[key], steps.slice(1), replacement);
  return copy;
}

const bodyArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 30 }).map((text) => ({ raw: text })),
  fc.tuple(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })).map(([mutations, steps, value]) =>
    perturb({ mutations }, steps, value),
  ),
  fc.tuple(fc.array(fc.nat(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })).map(([steps, value]) => perturb({ deviceName: 'Fuzz', publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } }, steps, value)),
  fc.tuple(fc.array(fc.nat(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })).map(([steps, value]) => perturb({ code: 'ABCD-EFGH', deviceName: 'Fuzz', publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'B'.repeat(43) } }, steps, value)),
  fc.tuple(fc.array(fc.nat(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })).map(([steps, value]) => perturb({ settings: { theme: 'dark' } }, steps, value)),
);

describe.each(testDatabaseKinds())('fuzzed requests on %s', (kind) => {
  let server: TestServer;
  let device: TestDevice;
  let other: TestDevice;
  beforeAll(async () => {
    server = await startTestServer(kind);
    device = await TestDevice.register(server.url, 'Fuzzer');
    other = await TestDevice.register(server.url, 'Other');
    await device.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() }), mutation<EventMutation>('createEvent', { event: testEvent('e1') })]);
  });
  afterAll(async () => {
    await server.close();
  });

  async function headersFor(credentials: Credentials, method: string, url: string): Promise<Record<string, string>> {
    if (credentials === 'none') return {};
    const valid = await device.client.authHeaders(method, url);
    const token = valid.authorization!.slice('DPoP '.length);
    switch (credentials) {
      case 'valid':
        return valid;
      case 'garbage-token':
        return { ...valid, authorization: 'DPoP eyJhbGciOiJub25lIn0.e30.' };
      case 'other-device-proof':
        return { ...valid, dpop: await (await proofSigner(other.client.credentials.keys)).sign(method, url, token) };
      case 'wrong-url-proof':
        return { ...valid, dpop: await (await proofSigner(device.client.credentials.keys)).sign(method, `${server.url}/elsewhere`, token) };
      case 'garbage-proof':
        return { ...valid, dpop: 'not-a-jwt' };
    }
  }

  async function send(method: string, path: string, credentials: Credentials, body: unknown): Promise<HttpAnswer> {
    const url = server.url + path;
    const raw = body !== null && typeof body === 'object' && 'raw' in body ? String((body as { raw: unknown }).raw) : undefined;
    const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
    return readAnswer(
      await fetch(url, {
        method,
        headers: { ...(await headersFor(credentials, method, url)), ...(hasBody && { 'content-type': 'application/json' }) },
        ...(hasBody && { body: raw ?? JSON.stringify(body) }),
      }),
    );
  }

  it('answers random requests with a 2xx or a 4xx in the error shape, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'), pathArbitrary, credentialsArbitrary, bodyArbitrary, async (method, path, credentials, body) => {
        const answer = await send(method, path, credentials, body);
        expect(answer.status, `${method} ${path} ${credentials}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
        if (answer.status >= 400 && method !== 'HEAD') expect(ErrorBodySchema.safeParse(answer.body).success, JSON.stringify(answer.body)).toBe(true);
        if (credentials !== 'valid' && credentials !== 'none' && answer.status < 400) expect(path).toMatch(/^\/(healthz|readyz)|^\/api\/v1\/(accounts|devices\/join)|^\/api\/v1\/token/);
      }),
      { seed: 20_260_302, numRuns: 300 },
    );
  });

  it('answers random mutation sequences from two devices, and a replay of all of them changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 8 }), async (pushes) => {
        const laptop = await TestDevice.register(server.url);
        const phone = await laptop.pair();
        await laptop.push([mutation<Mutation>('putCalendar', { calendar: testCalendar('personal') })]);
        const answers: MutationResult[][] = [];
        for (const [fromLaptop, mutations] of pushes) {
          const answer = await (fromLaptop ? laptop : phone).request('POST', ROUTES.push, { mutations });
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          const { results } = PushResponseSchema.parse(answer.body);
          expect(results.map((r) => r.mutationId)).toEqual(mutations.map((m) => m.id));
          for (const result of results) expect(['applied', 'rejected']).toContain(result.status);
          for (const result of results) if (result.error) expect(['not-found', 'deleted', 'forbidden', 'read-only', 'invalid']).toContain(result.error.code);
          answers.push(results);
        }
        const before = await laptop.pullAll();
        for (const [i, [fromLaptop, mutations]] of pushes.entries()) {
          const { results } = await (fromLaptop ? laptop : phone).push(mutations);
          expect(results).toEqual(answers[i]!.map((r) => (r.status === 'applied' ? { ...r, status: 'duplicate' } : r)));
        }
        expect((await phone.pull(before.cursor)).changes).toEqual([]);
      }),
      { seed: 20_260_303, numRuns: 25 },
    );
  });
});
