import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type ApiClient } from '../../src/api/client';
import type { HostEvent } from '../../src/api/contract';
import { createHost, inProcessTransport, type Host } from '../../src/app';
import { createLogger, startSyncServer } from '../../sync-server';

/** The desktop host in a fresh data folder, as the provider tests drive it. */
export interface ProviderHost {
  host: Host;
  api: ApiClient;
  /** Every consent page the host sent the person to, oldest first. */
  consentPages: string[];
  /** Closes the host and its built-in sync server, and removes the data folder. */
  close(): Promise<void>;
}

/**
 * A host whose built-in sync server runs in this process, quiet and with a key of its own, and a
 * stand-in for the person's browser: each consent page the host announces is opened, and the
 * page's redirect reaches TempoPilot's loopback listener as the real one would.
 */
export function startProviderHost(options: { timeZone: string }): ProviderHost {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tempopilot-provider-host-'));
  const host = createHost({
    dataDir,
    timeZone: options.timeZone,
    embeddedServer: (server) => startSyncServer({ ...server, providerJobs: server.providerJobs ? {} : false, secretKey: randomBytes(32).toString('base64'), logger: createLogger({ level: 'silent' }) }),
  });
  const consentPages: string[] = [];
  host.onEvent((event: HostEvent) => {
    if (event.name !== 'accounts.consent') return;
    const { url } = event.payload as { url: string };
    consentPages.push(url);
    void fetch(url).then((response) => response.text());
  });
  return {
    host,
    api: createClient(inProcessTransport(host)),
    consentPages,
    close: async () => {
      host.close();
      await host.context.sync.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
