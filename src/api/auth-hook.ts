// HTTP authentication: when an API key is configured every route but the health check needs
// `Authorization: Bearer <key>` or Prefect's basic-auth form (spec §2). WebSocket upgrades are left
// to the in-band handshake (§2.6, `acceptPrefectSocket`), which answers with Prefect's close codes.

import type { FastifyInstance } from 'fastify';
import { HeraldError } from '../errors.js';
import { apiKeyMatches, bearerOrBasicToken } from './auth.js';

export function installAuth(app: FastifyInstance, opts: { apiKey: string; publicRoutes: readonly string[] }): void {
  if (!opts.apiKey) return;
  const open = new Set(opts.publicRoutes);
  app.addHook('onRequest', async (request, reply) => {
    // Upgrade requests never reach an HTTP handler (@fastify/websocket hijacks or closes them).
    if (request.headers.upgrade?.toLowerCase() === 'websocket') return;
    if (open.has(request.routeOptions.url ?? '')) return;
    if (apiKeyMatches(opts.apiKey, bearerOrBasicToken(request.headers.authorization))) return;
    // Lets a browser (e.g. on /docs) prompt for the key; any user name, the key as password.
    reply.header('WWW-Authenticate', 'Basic realm="herald", charset="UTF-8"');
    throw new HeraldError('HERALD_ERR_UNAUTHORIZED');
  });
}
