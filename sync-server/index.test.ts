import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncServer } from './index';

const server = createSyncServer();
afterEach(() => {
  server.close();
});

describe('sync server', () => {
  it('answers health checks with its protocol version, and 404 elsewhere', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', protocol: 1 });
    const missing = await fetch(`http://127.0.0.1:${port}/api/v1/nothing`);
    expect(missing.status).toBe(404);
  });
});
