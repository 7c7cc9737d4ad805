// Destinations API (Herald's stand-in for Prefect's notification/webhook blocks; the id is what
// call-webhook and send-notification take as `block_document_id`):
//   POST   /destinations             201 — a webhook without a signing secret gets one generated,
//                                    returned ONCE as `signing_secret`
//   GET    /destinations             list, oldest first
//   GET    /destinations/{id}
//   PUT    /destinations/{id}        200 — secrets omitted are kept; `disabled: false` re-enables
//   DELETE /destinations/{id}        204
//   POST   /destinations/{id}/test   200 {ok, status_code, response_body, error}: one test message
//                                    through the same delivery code as the actions
// Secret values are write-only: responses list which secrets are set (`secrets_set`), never values.

import type { FastifyInstance } from 'fastify';
import { validateUuidField, type ValidationIssue, validationError } from '../../events/index.js';
import { requestContext } from '../auth-hook.js';
import type { ServerDeps } from '../deps.js';
import * as R from '../schemas/destinations.js';

function idParam(params: unknown): string {
  const issues: ValidationIssue[] = [];
  const id = validateUuidField((params as { id?: unknown }).id, ['path', 'id'], issues);
  if (id === null) throw validationError(issues, null);
  return id;
}

export async function destinationsRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'services'>): Promise<void> {
  const service = deps.services.destinations;

  app.post('/destinations', { schema: R.createDestination }, async (request, reply) =>
    reply.code(201).send(await service.create(requestContext(request), request.body ?? null)),
  );

  app.get('/destinations', { schema: R.listDestinations }, async (request) => service.list(requestContext(request)));

  app.get('/destinations/:id', { schema: R.readDestination }, async (request) =>
    service.get(requestContext(request), idParam(request.params)),
  );

  app.put('/destinations/:id', { schema: R.replaceDestination }, async (request) =>
    service.replace(requestContext(request), idParam(request.params), request.body ?? null),
  );

  app.delete('/destinations/:id', { schema: R.deleteDestination }, async (request, reply) => {
    await service.delete(requestContext(request), idParam(request.params));
    return reply.code(204).send();
  });

  app.post('/destinations/:id/test', { schema: R.testDestination }, async (request) =>
    service.test(requestContext(request), idParam(request.params)),
  );
}
