// HTTP authentication: when an API key is configured every route but the public ones (the health
// check) needs `Authorization: Bearer <key>` or Prefect's basic-auth form (docs/server.md
// "Authentication"). WebSocket routes are authenticated in-band by the handshake
// (`acceptPrefectSocket`), which answers with Prefect's close codes.
//
// What is skipped is decided by what the route IS, never by a header the client chooses: a request
// skips this hook only when it is a genuine upgrade (@fastify/websocket saw Node's 'upgrade' event,
// which needs both `Connection: Upgrade` and `Upgrade: websocket`) AND it reached a route declared
// `websocket: true`. A plain request carrying `Upgrade: websocket` is an ordinary HTTP request.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HeraldError } from '../errors.js';
import { apiKeyMatches, bearerOrBasicToken } from './auth.js';

export function installAuth(app: FastifyInstance, opts: { apiKey: string; publicRoutes: readonly string[] }): void {
  if (!opts.apiKey) return;
  const open = new Set(opts.publicRoutes);
  const socketRoutes = new Set<string>();
  app.addHook('onRoute', (route) => {
    if ((route as { websocket?: boolean }).websocket) socketRoutes.add(route.url);
  });
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== undefined && isSocketHandshake(request) && socketRoutes.has(route)) return;
    if (route !== undefined && open.has(route)) return;
    if (apiKeyMatches(opts.apiKey, bearerOrBasicToken(request.headers.authorization))) return;
    // Lets a browser (e.g. on /docs) prompt for the key; any user name, the key as password.
    reply.header('WWW-Authenticate', 'Basic realm="herald", charset="UTF-8"');
    throw new HeraldError('HERALD_ERR_UNAUTHORIZED');
  });
}

/** True only for a request that arrived through Node's 'upgrade' event (set by @fastify/websocket). */
function isSocketHandshake(request: FastifyRequest): boolean {
  return (request as FastifyRequest & { ws?: boolean }).ws === true;
}
