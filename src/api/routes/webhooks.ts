// Inbound webhooks' management API, Prefect Cloud's shape (docs/webhooks.md "Managing webhooks"):
//   POST   /webhooks                       201 — slug generated; a signature without secret gets one, returned once
//   GET    /webhooks                       list, oldest first
//   POST   /webhooks/filter                list (Prefect's CLI sends no body; Terraform names webhooks)
//   GET    /webhooks/{id}
//   PUT    /webhooks/{id}                  200 — fields left out keep their values
//   PATCH  /webhooks/{id}                  204 — e.g. {"enabled": false}; 200 + signing_secret if it generated one
//   POST   /webhooks/{id}/rotate           200 — a new slug
//   POST   /webhooks/{id}/rotate-secret    200 — a new signing secret; the old one accepted for an overlap
//   DELETE /webhooks/{id}                  204
//   POST   /webhooks/{id}/test             200 — the event a sample request would make; nothing stored
//   POST   /webhooks/test                  200 — the same for a draft template

import type { FastifyInstance } from 'fastify';
import { requestContext } from '../auth-hook.js';
import type { ServerDeps } from '../deps.js';
import { webhookIdParam as idParam } from '../../services/webhooks.js';
import * as R from '../schemas/webhooks.js';

export async function webhooksRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'services'>): Promise<void> {
  const service = deps.services.webhooks;

  app.post('/webhooks', { schema: R.createWebhook }, async (request, reply) =>
    reply.code(201).send(await service.create(requestContext(request), request.body ?? null)),
  );
  app.get('/webhooks', { schema: R.listWebhooks }, async (request) => service.list(requestContext(request)));
  app.post('/webhooks/filter', { schema: R.filterWebhooks }, async (request) => service.filter(requestContext(request), request.body));
  app.post('/webhooks/test', { schema: R.testDraftWebhook }, async (request) => service.test(requestContext(request), null, request.body));
  app.get('/webhooks/:id', { schema: R.readWebhook }, async (request) => service.get(requestContext(request), idParam(request.params)));
  app.put('/webhooks/:id', { schema: R.replaceWebhook }, async (request) =>
    service.change(requestContext(request), idParam(request.params), request.body ?? null, 'replace'),
  );
  // 204 like Prefect Cloud's, unless the change generated a signing secret: then 200 with the
  // webhook and `signing_secret`, the one time it can be shown (Prefect's clients take any 2xx).
  app.patch('/webhooks/:id', { schema: R.patchWebhook }, async (request, reply) => {
    const changed = await service.change(requestContext(request), idParam(request.params), request.body ?? null, 'patch');
    return changed.signing_secret === undefined ? reply.code(204).send() : changed;
  });
  app.post('/webhooks/:id/rotate', { schema: R.rotateWebhookSlug }, async (request) =>
    service.rotateSlug(requestContext(request), idParam(request.params)),
  );
  app.post('/webhooks/:id/rotate-secret', { schema: R.rotateWebhookSecret }, async (request) =>
    service.rotateSecret(requestContext(request), idParam(request.params), request.body),
  );
  app.delete('/webhooks/:id', { schema: R.deleteWebhook }, async (request, reply) => {
    await service.delete(requestContext(request), idParam(request.params));
    return reply.code(204).send();
  });
  app.post('/webhooks/:id/test', { schema: R.testWebhook }, async (request) =>
    service.test(requestContext(request), idParam(request.params), request.body),
  );
}
