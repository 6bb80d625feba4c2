import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, in a registry of its own (several servers can share a process). */
export interface ServerMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  mutations: Counter<'name' | 'status'>;
  streamClients: Gauge;
  pokes: Counter;
}

export function createMetrics(options: { processMetrics: boolean }): ServerMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    mutations: new Counter({
      name: 'sync_mutations_total',
      help: 'Pushed mutations by name and outcome',
      labelNames: ['name', 'status'],
      registers: [registry],
    }),
    streamClients: new Gauge({ name: 'sync_stream_clients', help: 'Open WebSocket streams', registers: [registry] }),
    pokes: new Counter({ name: 'sync_pokes_total', help: 'Pokes sent to streams', registers: [registry] }),
  };
}

/** Times every answered request under its route pattern (`/api/v1/devices/:id`), never the raw URL. */
export function recordRequestDurations(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
