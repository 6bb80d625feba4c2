import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The sync server of single-user mode (DESIGN.md §2): PGlite in the data folder, on 127.0.0.1
 * and a port of its own, started by whichever TempoPilot process needs it first. PGlite allows
 * one process per data folder, so the process that starts it records its URL in a lock file and
 * every other process of the same user (the CLI beside the desktop app) talks to that one.
 */

/** What a device's stored server URL says when it syncs with the embedded server. */
export const EMBEDDED_SERVER_URL = 'embedded:';

export interface EmbeddedServerLauncher {
  (options: { host: string; port: number; dataDir: string; secretKeyFile: string; providerJobs: boolean }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface EmbeddedServer {
  url: string;
  /** Closes it when this process started it; leaves another process's server alone. */
  close(): Promise<void>;
}

const LockSchema = z.object({ pid: z.number().int(), url: z.string().optional() });

const WAIT_FOR_PEER_MS = 15_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): z.infer<typeof LockSchema> | undefined {
  try {
    return LockSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

export class EmbeddedServerError extends Error {
  override name = 'EmbeddedServerError';
}

export interface EmbeddedServerOptions {
  host?: string;
  /** 0 (the default) takes any free port. */
  port?: number;
  /** Use a server another process already runs (the default); false refuses to share. */
  reuse?: boolean;
  /**
   * Run the provider jobs (periodic pulls, pushes, retries). Only where the server lives long
   * (the app, `tempopilot web`, `tempopilot server`): in a one-shot command a job would race the
   * command's own sync and be cut off when the process ends.
   */
  providerJobs?: boolean;
}

/** The embedded server: the one another process runs, or a new one run by this process. */
export async function openEmbeddedServer(dataDir: string, launch: EmbeddedServerLauncher, options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const folder = path.join(dataDir, 'server');
  const lockFile = path.join(dataDir, 'server.lock');
  mkdirSync(folder, { recursive: true });
  const deadline = Date.now() + WAIT_FOR_PEER_MS;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lock = readLock(lockFile);
      if (lock && alive(lock.pid)) {
        if (options.reuse === false) throw new EmbeddedServerError(`the built-in sync server already runs${lock.url ? ` at ${lock.url}` : ''} (process ${lock.pid})`);
        if (lock.url && (await answers(lock.url))) return { url: lock.url, close: async () => undefined };
        if (Date.now() > deadline) throw new EmbeddedServerError(`the sync server of process ${lock.pid} does not answer; stop that TempoPilot and try again`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      // Left by a process that died: take it over.
      rmSync(lockFile, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      const server = await launch({
        host: options.host ?? '127.0.0.1',
        port: options.port ?? 0,
        dataDir: folder,
        secretKeyFile: path.join(dataDir, 'server.key'),
        providerJobs: options.providerJobs ?? false,
      });
      writeSync(fd, JSON.stringify({ pid: process.pid, url: server.url }), 0);
      closeSync(fd);
      return {
        url: server.url,
        async close() {
          await server.close();
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      closeSync(fd);
      rmSync(lockFile, { force: true });
      throw new EmbeddedServerError(`the embedded sync server could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
