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

import { Type } from '@sinclair/typebox';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { uuidv7 } from '../../../sdk/uuidv7.js';
import {
  destinationRelated,
  destinationView,
  parseDestinationCreate,
  parseDestinationUpdate,
  redactedBody,
  destinationLimitsFrom,
  DESTINATION_TYPES,
} from '../../actions/destinations.js';
import { notifiers } from '../../actions/send-notification.js';
import { ActionFailed, ActionRetry } from '../../actions/types.js';
import { HeraldError } from '../../errors.js';
import { nowTimestamp, validateUuidField, type ValidationIssue } from '../../events/index.js';
import type { DestinationRecord } from '../../storage/automation-store.js';
import { DEFAULT_WORKSPACE_ID } from '../../storage/storage.js';
import type { ServerDeps } from '../deps.js';
import { validationError } from '../error-handler.js';

const TAGS = ['destinations'];
const Open = { additionalProperties: true } as const;

const DestinationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Union(DESTINATION_TYPES.map((t) => Type.Literal(t))),
    config: Type.Optional(
      Type.Object({}, { ...Open, description: 'Non-secret settings; see docs (url, method, headers / host, port, from, to …).' }),
    ),
    secrets: Type.Optional(
      Type.Object({}, { ...Open, description: 'Write-only: signing_secrets, headers (webhook), url (slack, teams), password (email).' }),
    ),
    disabled: Type.Optional(Type.Boolean()),
  },
  { title: 'DestinationBody' },
);

const Destination = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    type: Type.String(),
    config: Type.Object({}, Open),
    secrets_set: Type.Array(Type.String(), { description: 'Which secrets are set (paths), never their values.' }),
    disabled: Type.Boolean(),
    disabled_reason: Type.Union([Type.String(), Type.Null()]),
    created: Type.String({ format: 'date-time' }),
    updated: Type.String({ format: 'date-time' }),
    signing_secret: Type.Optional(
      Type.String({ description: 'Only in the 201 of a webhook created without a signing secret: store it now.' }),
    ),
  },
  { title: 'Destination' },
);

const TestResult = Type.Object({
  ok: Type.Boolean(),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  response_body: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

const ErrorBody = Type.Object({ code: Type.String(), detail: Type.String() }, Open);
const ValidationBody = Type.Object({}, Open);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Documented by the schemas above; validated by src/actions/destinations.ts (named 422 issues). */
const documentedOnly = {
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
} satisfies Partial<RouteShorthandOptions>;

const TEST_MESSAGE = {
  subject: 'Herald test notification',
  body: 'This is a test message from Herald: this destination is configured correctly.',
};

function idParam(params: unknown): string {
  const issues: ValidationIssue[] = [];
  const id = validateUuidField((params as { id?: unknown }).id, ['path', 'id'], issues);
  if (id === null) throw validationError(issues, null);
  return id;
}

const notFound = () => new HeraldError('HERALD_ERR_NOT_FOUND', { what: 'Destination' });

export async function destinationsRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'storage' | 'clock' | 'settings' | 'logger'>,
): Promise<void> {
  const store = deps.storage.automation.destinations;
  const ws = DEFAULT_WORKSPACE_ID;
  const limits = destinationLimitsFrom(deps.settings);
  const load = async (params: unknown): Promise<DestinationRecord> => {
    const record = await store.get(ws, idParam(params));
    if (!record) throw notFound();
    return record;
  };

  app.post(
    '/destinations',
    {
      schema: {
        summary: 'Create a destination for call-webhook / send-notification.',
        tags: TAGS,
        body: DestinationBody,
        response: { 201: Destination, 422: ValidationBody },
      },
      ...documentedOnly,
    },
    async (request, reply) => {
      const parsed = parseDestinationCreate(
        request.body ?? null,
        { id: uuidv7(deps.clock.now()), workspaceId: ws, now: nowTimestamp(deps.clock) },
        limits,
      );
      if (!parsed.ok) throw validationError(parsed.issues, redactedBody(request.body ?? null, parsed.issues));
      await store.create(parsed.record);
      const view = destinationView(parsed.record);
      return reply.code(201).send(parsed.generatedSecret ? { ...view, signing_secret: parsed.generatedSecret } : view);
    },
  );

  app.get(
    '/destinations',
    { schema: { summary: 'List destinations.', tags: TAGS, response: { 200: Type.Array(Destination) } }, ...documentedOnly },
    async () => (await store.list(ws)).map(destinationView),
  );

  app.get(
    '/destinations/:id',
    {
      schema: {
        summary: 'Read a destination (secrets are never returned).',
        tags: TAGS,
        params: IdParams,
        response: { 200: Destination, 404: ErrorBody },
      },
      ...documentedOnly,
    },
    async (request) => destinationView(await load(request.params)),
  );

  app.put(
    '/destinations/:id',
    {
      schema: {
        summary: 'Replace a destination; omitted secrets are kept, `disabled: false` re-enables it.',
        tags: TAGS,
        params: IdParams,
        body: DestinationBody,
        response: { 200: Destination, 404: ErrorBody, 422: ValidationBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const existing = await load(request.params);
      const parsed = parseDestinationUpdate(request.body ?? null, existing, nowTimestamp(deps.clock), limits);
      if (!parsed.ok) throw validationError(parsed.issues, redactedBody(request.body ?? null, parsed.issues));
      if (!(await store.update(parsed.record))) throw notFound();
      return destinationView(parsed.record);
    },
  );

  app.delete(
    '/destinations/:id',
    {
      schema: { summary: 'Delete a destination.', tags: TAGS, params: IdParams, response: { 204: Type.Null(), 404: ErrorBody } },
      ...documentedOnly,
    },
    async (request, reply) => {
      if (!(await store.delete(ws, idParam(request.params)))) throw notFound();
      return reply.code(204).send();
    },
  );

  app.post(
    '/destinations/:id/test',
    {
      schema: {
        summary: 'Send a test message through the same delivery code as the actions (a 410 answer disables the destination).',
        tags: TAGS,
        params: IdParams,
        response: { 200: TestResult, 404: ErrorBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const destination = await load(request.params);
      const ctx = { ...deps, idempotencyKey: uuidv7(deps.clock.now()), related: destinationRelated(destination.id, destination) };
      try {
        const details = await notifiers[destination.type](ctx, destination, TEST_MESSAGE);
        return {
          ok: true,
          status_code: numberOrNull(details.status_code),
          response_body: stringOrNull(details.response_body),
          error: null,
        };
      } catch (err) {
        if (!(err instanceof ActionFailed) && !(err instanceof ActionRetry)) throw err;
        return {
          ok: false,
          status_code: numberOrNull(err.details.status_code),
          response_body: stringOrNull(err.details.response_body),
          error: err.message,
        };
      }
    },
  );
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
