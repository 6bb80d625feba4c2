import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import WebSocket from 'ws';
import type { Calendar, CalendarEvent } from '../src/domain/event';
import { SyncClient } from '../src/sync/client';
import type { Mutation } from '../src/sync/mutations';
import { PokeSchema, PullResponseSchema, PushResponseSchema, ROUTES, type Poke, type PulledChange, type PullResponse, type PushResponse } from '../src/sync/protocol';
import type { Database } from './db/database';
import { openPglite } from './db/pglite';
import { openPostgres } from './db/postgres';
import { createLogger } from './logging';
import { buildServer, type SyncServerOptions } from './server';

/**
 * Helpers for tests and benchmarks: fresh databases, the server in-process or as a child process,
 * and a device that speaks the protocol through the real client (src/sync/client.ts).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(repoRoot, 'sync-server', 'main.ts');

export type TestDatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/**
 * A freshly initialised PGlite cluster as a tarball, made once per PGlite version and kept in the
 * temporary folder: loading it takes ~0.5 s where initdb takes ~3.5 s.
 */
async function pgliteTemplate(): Promise<Blob> {
  const require = createRequire(import.meta.url);
  const packageFile = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
  const file = path.join(os.tmpdir(), `tempopilot-pglite-${version}.tar`);
  if (!existsSync(file)) {
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('none');
    await fresh.close();
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

export interface TestSchema {
  /** TEST_DATABASE_URL with this schema as every connection's search_path. */
  connectionString: string;
  drop(): Promise<void>;
}

/** A schema of its own on the test PostgreSQL, so concurrent runs never see each other's rows. */
export async function createTestSchema(base = testDatabaseUrl()): Promise<TestSchema> {
  const schema = `sync_test_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    connectionString: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** An empty database of that kind; closing it also drops what it held. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openPglite({ loadDataDir: await pgliteTemplate() });
  const schema = await createTestSchema();
  const database = openPostgres({ connectionString: schema.connectionString });
  return {
    ...database,
    async close() {
      await database.close();
      await schema.drop();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  close(): Promise<void>;
}

/** The server in this process on 127.0.0.1 and a free port, over a fresh database. */
export async function startTestServer(kind: TestDatabaseKind, options: Partial<SyncServerOptions> = {}): Promise<TestServer> {
  const database = await openTestDatabase(kind);
  let app: FastifyInstance;
  try {
    app = await buildServer({ logger: createLogger({ level: 'silent' }), ...options, database, closeDatabase: true });
  } catch (error) {
    await database.close();
    throw error;
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the test server has no address');
  return { app, database, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export async function readAnswer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text itself is the answer.
  }
  return { status: response.status, body };
}

/** A stream's pokes as they arrive. */
export interface TestStream {
  socket: WebSocket;
  pokes: Poke[];
  /** Resolves once a poke of at least `version` has arrived. */
  nextPoke(version: number, timeoutMs?: number): Promise<Poke>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  close(): void;
}

/** A one-hour event on 2 March 2026 in Berlin, or whatever `fields` change. */
export function testEvent(id: string, fields: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    id,
    calendarId: 'personal',
    title: `Event ${id}`,
    start: { dateTime: '2026-03-02T09:00', timeZone: 'Europe/Berlin' },
    end: { dateTime: '2026-03-02T10:00', timeZone: 'Europe/Berlin' },
    attendees: [],
    status: 'confirmed',
    transparency: 'opaque',
    ...fields,
  };
}

export function testCalendar(id = 'personal', fields: Partial<Calendar> = {}): Calendar {
  return { id, name: `Calendar ${id}`, timeZone: 'Europe/Berlin', readOnly: false, ...fields };
}

/** A mutation with a fresh id, as a device's outbox would hold it. */
export function mutation<M extends Mutation>(name: M['name'], args: M['args'], baseVersion?: number): M {
  return { id: crypto.randomUUID(), createdAt: new Date().toISOString(), name, args, ...(baseVersion !== undefined && { baseVersion }) } as M;
}

/** A device enrolled on a server, calling it through the real client's credentials and proofs. */
export class TestDevice {
  private constructor(
    readonly client: SyncClient,
    readonly url: string,
  ) {}

  static async register(url: string, name = 'test device'): Promise<TestDevice> {
    return new TestDevice(await SyncClient.open(await SyncClient.register(url, name)), url);
  }

  static async join(url: string, code: string, name = 'second device'): Promise<TestDevice> {
    return new TestDevice(await SyncClient.open(await SyncClient.join(url, code, name)), url);
  }

  /** Another device of the same user, paired through a one-time code. */
  async pair(name = 'paired device'): Promise<TestDevice> {
    return TestDevice.join(this.url, (await this.client.pairingCode()).code, name);
  }

  get userId(): string {
    return this.client.credentials.userId;
  }

  get deviceId(): string {
    return this.client.credentials.deviceId;
  }

  /** An authenticated request; `headers` are added last, to test what the server does with bad ones. */
  async request(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const url = this.url + route;
    const response = await fetch(url, {
      method,
      headers: { ...(await this.client.authHeaders(method, url)), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return readAnswer(response);
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const answer = await this.request('POST', ROUTES.push, { mutations });
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return PushResponseSchema.parse(answer.body);
  }

  async pull(cursor = 0, limit = 500): Promise<PullResponse> {
    const answer = await this.request('GET', `${ROUTES.pull}?cursor=${cursor}&limit=${limit}`);
    if (answer.status !== 200) throw new Error(`pull answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return PullResponseSchema.parse(answer.body);
  }

  /** Every change since `cursor`, page after page. */
  async pullAll(cursor = 0, limit = 500): Promise<{ changes: PulledChange[]; cursor: number }> {
    const changes: PulledChange[] = [];
    for (let page = await this.pull(cursor, limit); ; page = await this.pull(cursor, limit)) {
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { changes, cursor };
    }
  }

  /** The server's current state of this user's events (deleted ones absent). */
  async events(): Promise<Map<string, CalendarEvent>> {
    const events = new Map<string, CalendarEvent>();
    for (const change of (await this.pullAll()).changes) {
      if (change.kind !== 'event') continue;
      if (change.deleted || !change.event) events.delete(change.eventId);
      else events.set(change.eventId, change.event);
    }
    return events;
  }

  async stream(): Promise<TestStream> {
    const httpUrl = this.url + ROUTES.stream;
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), { headers: await this.client.authHeaders('GET', httpUrl) });
    const pokes: Poke[] = [];
    const waiters: { version: number; resolve(poke: Poke): void }[] = [];
    socket.on('message', (data) => {
      const poke = PokeSchema.parse(JSON.parse(String(data)));
      pokes.push(poke);
      for (const waiter of waiters.filter((w) => poke.version >= w.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(poke);
      }
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new Error(`stream refused with HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
    return {
      socket,
      pokes,
      closed,
      nextPoke(version, timeoutMs = 5000) {
        const already = pokes.find((poke) => poke.version >= version);
        if (already) return Promise.resolve(already);
        return new Promise<Poke>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no poke of version ${version} within ${timeoutMs} ms`)), timeoutMs);
          waiters.push({ version, resolve: (poke) => (clearTimeout(timer), resolve(poke)) });
        });
      },
      close: () => socket.close(),
    };
  }
}

/** A TCP port nobody listens on right now (to restart a server process on the same URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcessOptions {
  /** PGlite's data folder; in memory when neither this nor `databaseUrl` is given. */
  dataDir?: string;
  databaseUrl?: string;
  /** 0 (default) lets the system pick; give one to restart a server on the same URL. */
  port?: number;
  logLevel?: string;
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What the process wrote so far (standard output and error, the last 64 KiB). */
  output(): string;
  /** Sends `signal` (SIGKILL by default) and resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** A graceful stop: SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const OUTPUT_KEPT = 64 * 1024;
const LISTENING = /sync server listening on (http:\/\/\S+)/;

/**
 * `sync-server/main.ts` as a real child process (node with tsx's loader, so a signal reaches the
 * server itself, not a wrapper). Resolves once it prints its listening line.
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATA_DIR: options.dataDir ?? '',
      DATABASE_URL: options.databaseUrl ?? '',
      LOG_LEVEL: options.logLevel ?? 'warn',
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sync server did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 30_000);
    const watch = () => {
      const match = LISTENING.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout.off('data', watch);
      resolve(match[1]);
    };
    child.stdout.on('data', watch);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the sync server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    child,
    output: () => output,
    kill,
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
