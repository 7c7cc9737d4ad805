// The automations API ([compat S3.2]): CRUD, filter, count, relations. Status codes and bodies are
// Prefect's: 201 on create, 204 on PUT/PATCH/DELETE, 202 on owned-by deletion, 404
// {"exception_message": "Automation not found"} (+ Herald's `code`), 422 validation bodies.
// Validation, storage and lifecycle events live in AutomationService; this file maps HTTP to it.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseAutomationPartialUpdate } from '../../automations/parse-automation.js';
import { parseAutomationQuery } from '../../automations/filter.js';
import { isHeraldError, objectNotFound, type HeraldError } from '../../errors.js';
import { validateUuidField, type ValidationIssue, validationError } from '../../events/index.js';
import { requestContext } from '../auth-hook.js';
import type { ServerDeps } from '../deps.js';
import * as R from '../schemas/automations.js';

/** Throw it: Prefect's 404 {"exception_message": "Automation not found"} (+ `code`), answered by the error handler. */
export function automationNotFound(): HeraldError {
  return objectNotFound('Automation');
}

/** The `{id}` path parameter as a canonical UUID, or a 422 naming `["path", "id"]`. */
export function automationIdParam(params: unknown): string {
  const issues: ValidationIssue[] = [];
  const id = validateUuidField((params as { id?: unknown }).id, ['path', 'id'], issues);
  if (id === null) throw validationError(issues, null);
  return id;
}

export async function automationsRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'automations'>): Promise<void> {
  const service = deps.automations;
  const ws = (request: FastifyRequest) => requestContext(request).workspaceId;

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const automation = await service.create(ws(request), request.body ?? null);
    return reply.code(201).send(automation);
  };
  // Prefect's path has a trailing slash; clients without it are served too.
  app.post('/automations/', { schema: R.createAutomation }, create);
  app.post('/automations', { schema: R.createAutomationNoSlash }, create);

  app.post('/automations/filter', { schema: R.filterAutomations }, async (request) => {
    const parsed = parseAutomationQuery(request.body);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    return service.list(ws(request), parsed.value);
  });

  app.post('/automations/count', { schema: R.countAutomations }, async (request) => service.count(ws(request)));

  app.get('/automations/related-to/:resource_id', { schema: R.automationsRelatedTo }, async (request) =>
    service.relatedTo(ws(request), (request.params as { resource_id: string }).resource_id),
  );

  app.delete('/automations/owned-by/:resource_id', { schema: R.deleteAutomationsOwnedBy }, async (request, reply) => {
    await service.deleteOwnedBy(ws(request), (request.params as { resource_id: string }).resource_id);
    return reply.code(202).send();
  });

  app.get('/automations/:id', { schema: R.readAutomation }, async (request) => {
    const automation = await service.get(ws(request), automationIdParam(request.params));
    if (!automation) throw automationNotFound();
    return automation;
  });

  app.put('/automations/:id', { schema: R.replaceAutomation }, async (request, reply) => {
    const id = automationIdParam(request.params);
    if (!(await service.replace(ws(request), id, request.body ?? null))) throw automationNotFound();
    return reply.code(204).send();
  });

  app.patch('/automations/:id', { schema: R.patchAutomation }, async (request, reply) => {
    const id = automationIdParam(request.params);
    const parsed = parseAutomationPartialUpdate(request.body);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    try {
      if (!(await service.setEnabled(ws(request), id, parsed.value.enabled))) throw automationNotFound();
    } catch (err) {
      // Echo the PATCH body the client sent, not the service's reconstruction of it.
      if (isHeraldError(err, 'HERALD_ERR_VALIDATION')) throw validationError(err.params.issues as ValidationIssue[], request.body ?? null);
      throw err;
    }
    return reply.code(204).send();
  });

  app.delete('/automations/:id', { schema: R.deleteAutomation }, async (request, reply) => {
    if (!(await service.delete(ws(request), automationIdParam(request.params)))) throw automationNotFound();
    return reply.code(204).send();
  });
}
