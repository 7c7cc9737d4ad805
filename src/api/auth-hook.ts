// HTTP authentication: every request but those to the public routes (the health check) resolves
// its RequestContext from `Authorization: Bearer <key>` or Prefect's basic-auth form through the
// server's Authenticator (docs/server.md "Authentication"); routes read it with `requestContext`.
// WebSocket routes resolve theirs in-band, through the same Authenticator, in the handshake
// (`acceptPrefectSocket`), which answers with Prefect's close codes.
//
// What is skipped is decided by what the route IS, never by a header the client chooses: a request
// skips this hook only when it is a genuine upgrade (@fastify/websocket saw Node's 'upgrade' event,
// which needs both `Connection: Upgrade` and `Upgrade: websocket`) AND it reached a route declared
// `websocket: true`. A plain request carrying `Upgrade: websocket` is an ordinary HTTP request.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HeraldError } from '../errors.js';
import type { RequestContext } from '../request-context.js';
import { type Authenticator, bearerOrBasicToken } from './auth.js';

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/** The context resolved for this request; a route outside the hook's reach is a programming error. */
export function requestContext(request: FastifyRequest): RequestContext {
  const context = contexts.get(request);
  if (!context) throw new Error(`internal: no request context for ${request.method} ${request.routeOptions.url ?? request.url}`);
  return context;
}

export function installAuth(app: FastifyInstance, opts: { authenticator: Authenticator; publicRoutes: readonly string[] }): void {
  const open = new Set(opts.publicRoutes);
  const socketRoutes = new Set<string>();
  app.addHook('onRoute', (route) => {
    if ((route as { websocket?: boolean }).websocket) socketRoutes.add(route.url);
  });
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route !== undefined && isSocketHandshake(request) && socketRoutes.has(route)) return;
    const context = opts.authenticator.authenticate(bearerOrBasicToken(request.headers.authorization));
    if (context) {
      contexts.set(request, context);
      return;
    }
    if (route !== undefined && open.has(route)) return;
    if (wantsChallenge(request)) reply.header('WWW-Authenticate', 'Basic realm="herald", charset="UTF-8"');
    throw new HeraldError('HERALD_ERR_UNAUTHORIZED');
  });
}

/**
 * Whether a 401 carries `WWW-Authenticate: Basic`, which lets a browser (e.g. on /docs) prompt for
 * the key (any user name, the key as password). Not when the request says it comes from a page
 * script (`X-Requested-With`, the convention Spring Security and others follow): the browser would
 * hold that request behind its own login dialog instead of letting the page — the web UI, which
 * asks for the key itself — see the 401.
 */
export function wantsChallenge(request: FastifyRequest): boolean {
  return request.headers['x-requested-with'] === undefined;
}

/** True only for a request that arrived through Node's 'upgrade' event (set by @fastify/websocket). */
function isSocketHandshake(request: FastifyRequest): boolean {
  return (request as FastifyRequest & { ws?: boolean }).ws === true;
}
