import { createServer, type Server } from 'node:http';
import { SYNC_PROTOCOL_VERSION } from '../src/sync/protocol';

/**
 * The sync server's entry. For now it answers health checks and says which protocol it speaks;
 * push, pull, Postgres and the provider connectors arrive with the sync-server issue.
 */
export function createSyncServer(): Server {
  return createServer((request, response) => {
    if (request.method === 'GET' && (request.url === '/healthz' || request.url === '/readyz')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', protocol: SYNC_PROTOCOL_VERSION }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'not-found', message: `no route ${request.method} ${request.url}` } }));
  });
}
