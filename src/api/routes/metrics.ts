// GET /metrics: Prometheus text exposition of the server's registry (outside the API prefix, where
// scrapers look by default). Behind the API key like every route but /health; scrapers send the
// key with `authorization` / `bearer_token` in their scrape config.

import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import * as R from '../schemas/server.js';

export async function metricsRoutes(app: FastifyInstance, deps: { metrics: Registry }): Promise<void> {
  app.get('/metrics', { schema: R.metrics }, async (_request, reply) => {
    const text = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(text);
  });
}
