import { createHash, createPrivateKey, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import type { DeviceKeys } from '../src/sync/dpop';
import type { EventMutation, Mutation } from '../src/sync/mutations';
import { PokeSchema, ROUTES } from '../src/sync/protocol';
import { createTestSchema, mutation, startServerProcess, testCalendar, TestDevice, testEvent, type ServerProcess } from '../sync-server/testing';
import { printTable, round, writeResults, type Timing } from './support';

/**
 * `npm run bench:sync`: the sync server as a child process (sync-server/main.ts), loaded from
 * this process over 127.0.0.1, on PGlite (a data folder) and on PostgreSQL when TEST_DATABASE_URL
 * or DATABASE_URL is set (in a schema of its own, dropped after).
 *
 * - Latency at 500 req/s: an open-loop generator sends one request every 2 ms whatever the
 *   answers do, and times each from the moment it was due. autocannon's `overallRate` is not
 *   used for this: it lets each connection send its quota for the second back to back and then
 *   wait, so the load arrives as one burst per second and the latencies are those of a queue.
 *   Pushes are measured after 3 s of the same load unmeasured (the server warming up).
 * - Capacity: autocannon, closed loop (each connection sends when its previous answer arrives).
 * - Streams: 1,000 WebSocket clients of one user poked by pushes from another of its devices.
 */

const RATE = 500;
const LOAD_SECONDS = 10;
const WARM_UP_SECONDS = 3;
const CAPACITY_SECONDS = 5;
const CAPACITY_CONNECTIONS = 20;
const USERS = 20;
const PULL_CHANGES = 20;
const STREAM_CLIENTS = 1000;
const STREAM_DEVICES = 10;
const POKE_ROUNDS = 20;
const VISIBILITY_SAMPLE = 10;
const TARGET_MS = 50;
const VISIBLE_TARGET_MS = 300;
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const CLOCK_TICKS_PER_SECOND = 100;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * DPoP proofs signed synchronously with node:crypto, so that building a request never waits:
 * the same JWS the client's jose signer makes, with a fresh jti each time.
 */
class SyncProofs {
  private readonly key: KeyObject;
  private readonly header: string;
  private readonly ath: string;

  constructor(
    keys: DeviceKeys,
    private readonly accessToken: string,
  ) {
    this.key = createPrivateKey({ key: keys.privateJwk as JsonWebKey, format: 'jwk' });
    const { kty, crv, x } = keys.publicJwk;
    this.header = Buffer.from(JSON.stringify({ alg: 'Ed25519', typ: 'dpop+jwt', jwk: { kty, crv, x } })).toString('base64url');
    this.ath = createHash('sha256').update(accessToken).digest('base64url');
  }

  headers(method: string, url: string): Record<string, string> {
    const claims = { htm: method, htu: url, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ath: this.ath };
    const input = `${this.header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return { authorization: `DPoP ${this.accessToken}`, dpop: `${input}.${sign(null, Buffer.from(input), this.key).toString('base64url')}` };
  }
}

async function proofsFor(device: TestDevice): Promise<SyncProofs> {
  const { authorization } = await device.client.authHeaders('GET', device.url + ROUTES.devices);
  return new SyncProofs(device.client.credentials.keys, authorization!.slice('DPoP '.length));
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface PacedResult {
  timing: Timing;
  sent: number;
  failed: number;
  /** The server process's CPU time per request: what the rate costs, whatever else runs here. */
  serverCpuMsPerRequest: number;
  /** The machine's 1-minute load average as the run started (other work shares these cores). */
  loadAverage: number;
}

/** Sends RATE requests per second for LOAD_SECONDS, open loop, over keep-alive connections. */
async function paced(name: string, server: ServerProcess, build: () => Request, loadSeconds = LOAD_SECONDS): Promise<PacedResult> {
  const { hostname, port } = new URL(server.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let failed = 0;
  const total = RATE * loadSeconds;
  const loadAverage = round(os.loadavg()[0]!, 2);
  const cpuBefore = cpuMs(server.child.pid!);
  const start = performance.now();

  const send = (dueAt: number) => {
    const request = build();
    const answered = new Promise<void>((resolve) => {
      const outgoing = http.request({ agent, hostname, port, method: request.method, path: request.path, headers: request.headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== undefined && response.statusCode < 300) latencies.push(performance.now() - dueAt);
          else failed += 1;
          resolve();
        });
      });
      outgoing.on('error', () => {
        failed += 1;
        resolve();
      });
      outgoing.end(request.body);
    });
    pending.add(answered);
    void answered.then(() => pending.delete(answered));
  };

  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
    for (; sent < due; sent++) send(start + (sent * 1000) / RATE);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  agent.destroy();
  const serverCpuMsPerRequest = round((cpuMs(server.child.pid!) - cpuBefore) / total, 2);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    timing: {
      name,
      runs: latencies.length,
      medianMs: round(quantile(latencies, 0.5)),
      p95Ms: round(quantile(latencies, 0.95)),
      targetMs: TARGET_MS,
      note: `${round(latencies.length / seconds, 1)} answered/s, server CPU ${serverCpuMsPerRequest} ms/req, ${failed} failed, load avg ${loadAverage}`,
    },
    sent: total,
    failed,
    serverCpuMsPerRequest,
    loadAverage,
  };
}

interface CapacityResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p97_5Ms: number;
  non2xx: number;
}

/** The most requests per second the server answers (autocannon, closed loop). */
async function capacity(name: string, server: ServerProcess, build: () => Request): Promise<CapacityResult> {
  const result = await autocannon({
    url: server.url,
    connections: CAPACITY_CONNECTIONS,
    duration: CAPACITY_SECONDS,
    // autocannon's request carries its own settings: keep them, replace what this request says.
    requests: [
      {
        setupRequest: (request) => {
          const built = build();
          return { ...request, ...built, headers: { ...request.headers, ...built.headers } };
        },
      },
    ],
  });
  return { name, requestsPerSecond: round(result.requests.total / result.duration, 1), p50Ms: result.latency.p50, p97_5Ms: result.latency.p97_5, non2xx: result.non2xx };
}

async function benchPushPull(server: ServerProcess, label: string) {
  const devices = await Promise.all(Array.from({ length: USERS }, (_, i) => TestDevice.register(server.url, `bench ${i}`)));
  for (const device of devices) await device.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() })]);
  const proofs = await Promise.all(devices.map(proofsFor));
  let next = 0;
  const pushRequest = (): Request => {
    const index = next++ % USERS;
    const body = JSON.stringify({ mutations: [mutation<EventMutation>('createEvent', { event: testEvent(randomUUID(), { title: `Load ${next}` }) })] });
    return { method: 'POST', path: ROUTES.push, headers: { ...proofs[index]!.headers('POST', server.url + ROUTES.push), 'content-type': 'application/json' }, body };
  };
  // A server just started compiles its hot paths and opens its database connections (each
  // preparing its statements) under the first seconds of load: the same load, unmeasured, first.
  await paced(`${label}: warm-up`, server, pushRequest, WARM_UP_SECONDS);
  const push = await paced(`${label}: push (1 createEvent)`, server, pushRequest);

  // Each pull starts PULL_CHANGES versions before the user's newest: a catch-up after a poke.
  const cursors = await Promise.all(
    devices.map(async (device) => {
      const versions = (await device.pullAll()).changes.map((c) => c.version);
      return versions[Math.max(0, versions.length - PULL_CHANGES - 1)] ?? 0;
    }),
  );
  const pullRequest = (): Request => {
    const index = next++ % USERS;
    return { method: 'GET', path: `${ROUTES.pull}?cursor=${cursors[index]}&limit=100`, headers: proofs[index]!.headers('GET', server.url + ROUTES.pull) };
  };
  const pull = await paced(`${label}: pull (${PULL_CHANGES} changes)`, server, pullRequest);
  const pushCapacity = await capacity(`${label}: push`, server, pushRequest);
  const pullCapacity = await capacity(`${label}: pull`, server, pullRequest);
  return { push, pull, capacity: [pushCapacity, pullCapacity] };
}

interface StreamResult {
  poke: Timing;
  visible: Timing;
  pokesExpected: number;
  pokesReceived: number;
}

/**
 * 1,000 sockets of one user (STREAM_DEVICES devices), poked by pushes from another of its devices.
 * The first socket of each of VISIBILITY_SAMPLE devices pulls when poked, as the client does: that
 * is the time until a push on one device is visible on another.
 */
async function benchStream(server: ServerProcess, label: string): Promise<StreamResult> {
  const pusher = await TestDevice.register(server.url, 'pusher');
  await pusher.push([mutation<Mutation>('putCalendar', { calendar: testCalendar() })]);
  const listeners = await Promise.all(Array.from({ length: STREAM_DEVICES }, (_, i) => pusher.pair(`listener ${i}`)));
  const listenerProofs = await Promise.all(listeners.map(proofsFor));
  const streamUrl = server.url + ROUTES.stream;
  const pullUrl = server.url + ROUTES.pull;

  let pushStartedAt = 0;
  let baseline = (await pusher.pull(0)).cursor;
  let expectedEvent = '';
  const pokeDelays: number[] = [];
  const visibleDelays: number[] = [];
  let received = 0;

  const pullAfterPoke = async (device: number, cursor: number, eventId: string) => {
    const response = await fetch(`${pullUrl}?cursor=${cursor}&limit=100`, { headers: listenerProofs[device]!.headers('GET', pullUrl) });
    const page = (await response.json()) as { changes: { eventId?: string }[] };
    if (page.changes.some((c) => c.eventId === eventId)) visibleDelays.push(performance.now() - pushStartedAt);
  };

  const sockets: WebSocket[] = [];
  for (let opened = 0; opened < STREAM_CLIENTS; opened += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, STREAM_CLIENTS - opened) }, (_, i) => {
        const index = opened + i;
        const device = index % STREAM_DEVICES;
        const socket = new WebSocket(streamUrl.replace(/^http/, 'ws'), { headers: listenerProofs[device]!.headers('GET', streamUrl) });
        sockets.push(socket);
        socket.on('message', (data) => {
          const poke = PokeSchema.parse(JSON.parse(String(data)));
          if (poke.version <= baseline) return;
          received += 1;
          pokeDelays.push(performance.now() - pushStartedAt);
          if (index < VISIBILITY_SAMPLE) void pullAfterPoke(device, baseline, expectedEvent);
        });
        return new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
      }),
    );
  }

  for (let round = 0; round < POKE_ROUNDS; round++) {
    const receivedBefore = received;
    const visibleBefore = visibleDelays.length;
    expectedEvent = `poke-${round}`;
    pushStartedAt = performance.now();
    const { version } = await pusher.push([mutation<EventMutation>('createEvent', { event: testEvent(expectedEvent) })]);
    const deadline = performance.now() + 5000;
    while ((received - receivedBefore < STREAM_CLIENTS || visibleDelays.length - visibleBefore < VISIBILITY_SAMPLE) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    baseline = version;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const socket of sockets) socket.terminate();

  pokeDelays.sort((a, b) => a - b);
  visibleDelays.sort((a, b) => a - b);
  return {
    poke: {
      name: `${label}: push sent → poke at ${STREAM_CLIENTS} sockets`,
      runs: pokeDelays.length,
      medianMs: round(quantile(pokeDelays, 0.5)),
      p95Ms: round(quantile(pokeDelays, 0.95)),
      targetMs: TARGET_MS,
      note: `${received}/${STREAM_CLIENTS * POKE_ROUNDS} pokes received`,
    },
    visible: {
      name: `${label}: push on A → pulled on B after poke`,
      runs: visibleDelays.length,
      medianMs: round(quantile(visibleDelays, 0.5)),
      p95Ms: round(quantile(visibleDelays, 0.95)),
      targetMs: VISIBLE_TARGET_MS,
      note: `${visibleDelays.length}/${VISIBILITY_SAMPLE * POKE_ROUNDS} pulls saw the event`,
    },
    pokesExpected: STREAM_CLIENTS * POKE_ROUNDS,
    pokesReceived: received,
  };
}

async function benchBackend(label: string, location: { dataDir: string } | { databaseUrl: string }) {
  const server = await startServerProcess({ ...location, logLevel: 'warn', startTimeoutMs: 60_000 });
  try {
    const { push, pull, capacity: capacities } = await benchPushPull(server, label);
    const stream = await benchStream(server, label);
    return { push, pull, capacity: capacities, stream };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const results: Record<string, Awaited<ReturnType<typeof benchBackend>>> = {};
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-bench-sync-'));
  try {
    results.pglite = await benchBackend('pglite', { dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (postgresUrl) {
    const schema = await createTestSchema(postgresUrl);
    try {
      results.postgres = await benchBackend('postgres', { databaseUrl: schema.connectionString });
    } finally {
      await schema.drop();
    }
  } else {
    console.log('\nPostgreSQL skipped: set TEST_DATABASE_URL or DATABASE_URL to measure it too.');
  }

  const all = Object.values(results);
  printTable(`sync server, ${RATE} req/s open loop for ${LOAD_SECONDS} s each (server: child process; load: this process)`, all.flatMap((r) => [r.push.timing, r.pull.timing, r.stream.poke, r.stream.visible]));
  console.log(`\ncapacity (autocannon, ${CAPACITY_CONNECTIONS} connections, closed loop, ${CAPACITY_SECONDS} s)`);
  for (const c of all.flatMap((r) => r.capacity)) console.log(`${c.name.padEnd(16)} ${String(c.requestsPerSecond).padStart(8)} req/s  p50 ${c.p50Ms} ms  p97.5 ${c.p97_5Ms} ms  ${c.non2xx} non-2xx`);
  writeResults(path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'sync.json'), {
    benchmark: 'sync',
    settings: { rate: RATE, seconds: LOAD_SECONDS, users: USERS, pullChanges: PULL_CHANGES, streamClients: STREAM_CLIENTS, pokeRounds: POKE_ROUNDS, capacityConnections: CAPACITY_CONNECTIONS },
    results,
  });
}

await main();
