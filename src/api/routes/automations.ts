// The automations API ([compat S3.2]): CRUD, filter, count, relations. Status codes and bodies are
// Prefect's: 201 on create, 204 on PUT/PATCH/DELETE, 202 on owned-by deletion, 404
// {"exception_message": "Automation not found"} (+ Herald's `code`), 422 validation bodies.
// Validation, storage and lifecycle events live in AutomationService; this file maps HTTP to it.

import type { FastifyInstance, FastifyReply, RouteShorthandOptions } from 'fastify';
import { parseAutomationPartialUpdate } from '../../automations/parse-automation.js';
import { parseAutomationQuery } from '../../automations/filter.js';
import { isHeraldError, type HeraldError } from '../../errors.js';
import { validateUuidField, type ValidationIssue } from '../../events/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../storage/storage.js';
import type { ServerDeps } from '../deps.js';
import { objectNotFound, validationError } from '../error-handler.js';
import * as S from './automation-schemas.js';

const TAGS = ['automations'];

/** Document with the schemas, validate and serialise ourselves (Prefect's 422 shape; open actions). */
const documentedOnly = {
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
} satisfies Partial<RouteShorthandOptions>;

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
  const ws = DEFAULT_WORKSPACE_ID;

  const create = async (request: { body: unknown }, reply: FastifyReply) => {
    const automation = await service.create(ws, request.body ?? null);
    return reply.code(201).send(automation);
  };
  const createSchema = {
    summary: 'Create an automation (trigger ids are assigned by the server).',
    tags: TAGS,
    body: S.AutomationCreate,
    response: { 201: S.Automation, 422: S.ValidationBody },
  };
  // Prefect's path has a trailing slash; clients without it are served too.
  app.post('/automations/', { schema: createSchema, ...documentedOnly }, create);
  app.post('/automations', { schema: { ...createSchema, hide: true }, ...documentedOnly }, create);

  app.post(
    '/automations/filter',
    {
      schema: {
        summary: 'List automations: filter, sort (default NAME_ASC) and page (limit ≤ 200).',
        tags: TAGS,
        body: S.AutomationFilterRequest,
        response: { 200: { type: 'array', items: S.Automation }, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const parsed = parseAutomationQuery(request.body);
      if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
      return service.list(ws, parsed.value);
    },
  );

  app.post(
    '/automations/count',
    {
      schema: { summary: 'Number of automations (no filter, like Prefect).', tags: TAGS, response: { 200: { type: 'integer' } } },
      ...documentedOnly,
    },
    async () => service.count(ws),
  );

  app.get(
    '/automations/related-to/:resource_id',
    {
      schema: {
        summary: 'Automations related to a resource (owned or not), e.g. prefect.deployment.<id>.',
        tags: TAGS,
        params: S.ResourceParams,
        response: { 200: { type: 'array', items: S.Automation } },
      },
      ...documentedOnly,
    },
    async (request) => service.relatedTo(ws, (request.params as { resource_id: string }).resource_id),
  );

  app.delete(
    '/automations/owned-by/:resource_id',
    {
      schema: {
        summary: 'Delete the automations owned by a resource that were created before now (emits prefect.automation.deleted for each).',
        tags: TAGS,
        params: S.ResourceParams,
        response: { 202: { type: 'null', description: 'Deleted.' } },
      },
      ...documentedOnly,
    },
    async (request, reply) => {
      await service.deleteOwnedBy(ws, (request.params as { resource_id: string }).resource_id);
      return reply.code(202).send();
    },
  );

  app.get(
    '/automations/:id',
    {
      schema: {
        summary: 'Read one automation.',
        tags: TAGS,
        params: S.IdParams,
        response: { 200: S.Automation, 404: S.NotFound, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const automation = await service.get(ws, automationIdParam(request.params));
      if (!automation) throw automationNotFound();
      return automation;
    },
  );

  app.put(
    '/automations/:id',
    {
      schema: {
        summary: 'Replace an automation (trigger ids are regenerated; optional fields left out keep their value).',
        tags: TAGS,
        params: S.IdParams,
        body: S.AutomationUpdate,
        response: { 204: { type: 'null', description: 'Updated.' }, 404: S.NotFound, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request, reply) => {
      const id = automationIdParam(request.params);
      if (!(await service.replace(ws, id, request.body ?? null))) throw automationNotFound();
      return reply.code(204).send();
    },
  );

  app.patch(
    '/automations/:id',
    {
      schema: {
        summary: 'Pause or resume an automation (trigger ids are kept).',
        tags: TAGS,
        params: S.IdParams,
        body: S.AutomationPartialUpdate,
        response: { 204: { type: 'null', description: 'Updated.' }, 404: S.NotFound, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request, reply) => {
      const id = automationIdParam(request.params);
      const parsed = parseAutomationPartialUpdate(request.body);
      if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
      try {
        if (!(await service.setEnabled(ws, id, parsed.value.enabled))) throw automationNotFound();
      } catch (err) {
        // Echo the PATCH body the client sent, not the service's reconstruction of it.
        if (isHeraldError(err, 'HERALD_ERR_VALIDATION'))
          throw validationError(err.params.issues as ValidationIssue[], request.body ?? null);
        throw err;
      }
      return reply.code(204).send();
    },
  );

  app.delete(
    '/automations/:id',
    {
      schema: {
        summary: 'Delete an automation (its trigger state and relations go with it).',
        tags: TAGS,
        params: S.IdParams,
        response: { 204: { type: 'null', description: 'Deleted.' }, 404: S.NotFound, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request, reply) => {
      if (!(await service.delete(ws, automationIdParam(request.params)))) throw automationNotFound();
      return reply.code(204).send();
    },
  );
}
