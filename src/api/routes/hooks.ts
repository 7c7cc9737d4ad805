// ANY /hooks/{slug} — inbound webhooks (docs/webhooks.md "Receiving"), outside the API prefix like
// Prefect Cloud's. Public: the slug is the credential, and a webhook may add a signature check.
// The body is taken as raw bytes whatever its type (templates see it parsed by src/webhooks/), up
// to `hookMaxBodyBytes`; ingest admission applies as on POST /events (429 + Retry-After when the
// server is saturated). Answers: 204 stored (durable), 400 not turned into an event (the reason is
// in a prefect-cloud.webhook.failed event), 404 unknown or disabled, 413 too large, 429 rate limit,
// 200 for the CloudEvents and Event Grid handshakes — every one with an empty body but the last.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { admissionHooks, holdAdmission } from '../../ingest/admission-http.js';
import type { HookResponse, WebhookReceiver } from '../../webhooks/receiver.js';
import type { ServerDeps } from '../deps.js';
import { receiveHook } from '../schemas/webhooks.js';

export const HOOK_ROUTE = '/hooks/:slug';
/** Both public: the slug is the credential (see the catch-all below). */
export const HOOK_ROUTES = [HOOK_ROUTE, '/hooks/*'] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Slugs are 22 URL-safe base64 characters; anything else cannot exist and is not looked up. */
const SLUG = /^[A-Za-z0-9_-]{22}$/;

export async function hooksRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'settings' | 'services' | 'admission'>): Promise<void> {
  const receiver = deps.services.webhookReceiver;
  const limit = deps.settings.hookMaxBodyBytes;
  const admission = admissionHooks(deps.admission, limit);

  // Raw bytes for every content type (this plugin's scope only).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw error; // the server's own error handling
    const slug = slugOf(request);
    const answer = slug === null ? { status: 404 } : await receiver.oversize(slug, requestParts(request), limit);
    return send(reply, answer);
  });

  app.route({
    method: METHODS,
    url: HOOK_ROUTE,
    schema: receiveHook,
    exposeHeadRoute: false,
    onRequest: admission.onRequest,
    preParsing: admission.preParsing,
    handler: async (request, reply) => {
      const slug = slugOf(request);
      if (slug === null) return send(reply, { status: 404 });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answering = receiver.receive(slug, { ...requestParts(request), body });
      holdAdmission(request, answering);
      return send(reply, await answering);
    },
  });
  // What `:slug` cannot match (longer than the router's parameter limit, or with more path): not a
  // webhook either, and answered like one that does not exist — never by the UI's page fallback.
  app.route({
    method: METHODS,
    url: HOOK_ROUTES[1],
    schema: { hide: true, response: { 404: receiveHook.response[404] } },
    exposeHeadRoute: false,
    handler: async (_request, reply) => send(reply, { status: 404 }),
  });
}

function slugOf(request: FastifyRequest): string | null {
  const slug = (request.params as { slug?: string }).slug;
  return typeof slug === 'string' && SLUG.test(slug) ? slug : null;
}

function requestParts(request: FastifyRequest) {
  const url = request.raw.url ?? '';
  const q = url.indexOf('?');
  return { method: request.method, rawHeaders: request.raw.rawHeaders, query: q < 0 ? '' : url.slice(q + 1) };
}

function send(reply: FastifyReply, answer: HookResponse): FastifyReply {
  reply.code(answer.status);
  if (answer.headers) reply.headers(answer.headers);
  if (answer.body === undefined) return reply.send();
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

export type { WebhookReceiver };
