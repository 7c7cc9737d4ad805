// GET /metrics: Prometheus text exposition of the server's registry (outside the API prefix, where
// scrapers look by default). Behind the API key like every route but /health; scrapers send the
// key with `authorization` / `bearer_token` in their scrape config.

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export async function metricsRoutes(app: FastifyInstance, deps: { metrics: Registry }): Promise<void> {
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics.', tags: ['server'], produces: ['text/plain'] } },
    async (_request, reply) => {
      const text = await deps.metrics.metrics();
      return reply.type(deps.metrics.contentType).send(text);
    },
  );
}
