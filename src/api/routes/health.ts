// GET /health and GET /version. Health answers Prefect's body (`true`) when storage answers a ping,
// 503 otherwise, so load balancers and `prefect` clients can both use it; it is the one route
// that never needs the API key.

import type { FastifyInstance } from 'fastify';
import { HeraldError } from '../../errors.js';
import type { ServerDeps } from '../deps.js';
import * as R from '../schemas/server.js';
import { heraldVersion } from '../version.js';

export async function healthRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'storage'>): Promise<void> {
  app.get('/health', { schema: R.health }, async (request) => {
    try {
      await deps.storage.ping();
    } catch (err) {
      request.log.warn({ err }, 'health check: storage does not answer');
      // 503, not the code's 500: "not ready" is what load balancers act on.
      throw new HeraldError('HERALD_ERR_STORAGE', { reason: (err as Error)?.message ?? String(err) }, { cause: err, status: 503 });
    }
    return true;
  });

  app.get('/version', { schema: R.version }, async () => ({
    name: 'herald' as const,
    version: heraldVersion(),
    prefect_api: '3',
    storage: deps.storage.dialect,
  }));
}
