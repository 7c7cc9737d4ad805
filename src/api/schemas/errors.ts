// Error bodies of the HTTP API as TypeBox schemas, and the sets of error responses routes declare
// (docs/server.md "Error body shapes (all routes)" and "API schemas"). The error handler
// (error-handler.ts) is the one place that builds these bodies; every route lists the statuses it
// can answer so that the OpenAPI document says what a client must handle, and the tests' response
// contract (response-contract.ts) fails on any status or body a route did not declare.

import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { schemas } from '../../events/index.js';

/** `{code, detail}`: FastAPI's HTTPException body `{detail}` plus Herald's stable code ([compat S2]). */
export const HeraldErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable HERALD_ERR_* code (src/errors.ts); switch on this, not on `detail`.' }),
    detail: Type.String({ description: 'Human-readable reason (Prefect clients read this key).' }),
  },
  { title: 'HeraldErrorBody', additionalProperties: false },
);
export type HeraldErrorBody = Static<typeof HeraldErrorBody>;

/** Prefect's 422 body (pydantic issues, echoed body) plus `code`, and `detail` when the code is more specific. */
export const ValidationBody = Type.Object(
  {
    ...schemas.ValidationErrorBody.properties,
    code: Type.String({ description: 'HERALD_ERR_VALIDATION, or a more specific code (e.g. HERALD_ERR_EVENT_TOO_LARGE).' }),
    detail: Type.Optional(Type.String({ description: 'Only with a more specific code: why, in one sentence.' })),
  },
  { title: 'ValidationBody', additionalProperties: false },
);
export type ValidationBody = Static<typeof ValidationBody>;

/** Prefect's ObjectNotFound: 404 `{"exception_message": "<What> not found"}` plus `code` ([compat S3.2]). */
export const ObjectNotFoundBody = Type.Object(
  { exception_message: Type.String({ examples: ['Automation not found'] }), code: Type.Literal('HERALD_ERR_NOT_FOUND') },
  { title: 'ObjectNotFoundBody', additionalProperties: false },
);
export type ObjectNotFoundBody = Static<typeof ObjectNotFoundBody>;

/** Prefect's /templates/validate refusal `{"error": {line, message, source}}` plus `code` ([compat S3.2]). */
export const TemplateErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        line: Type.Integer({ description: '0 for the whole-template sandbox rules.' }),
        message: Type.String(),
        source: Type.String(),
      },
      { additionalProperties: false },
    ),
    code: Type.Literal('HERALD_ERR_TEMPLATE'),
  },
  { title: 'TemplateErrorBody', additionalProperties: false },
);
export type TemplateErrorBody = Static<typeof TemplateErrorBody>;

/** A response entry: the schema with the text OpenAPI shows for that status. */
export function described<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

const herald = (description: string) => described(HeraldErrorBody, description);

/** Every route (the auth hook runs before routing, and any handler can fail unexpectedly). */
const ANY_ROUTE = {
  401: herald('HERALD_ERR_UNAUTHORIZED: missing or wrong API key (only when the server has one).'),
  500: herald('HERALD_ERR_INTERNAL / HERALD_ERR_STORAGE: an unexpected failure.'),
};

/**
 * Every route whose method may carry a body (POST, PUT, PATCH, DELETE): the body is parsed
 * (json-body.ts) before the handler runs, whether the route reads it or not.
 */
const WITH_BODY = {
  400: herald('HERALD_ERR_BODY_NOT_JSON / HERALD_ERR_BAD_REQUEST: the body is not JSON, or the HTTP layer refused it.'),
  413: herald('HERALD_ERR_REQUEST_TOO_LARGE: the body is larger than HERALD_MAX_REQUEST_BYTES.'),
  415: herald('HERALD_ERR_BAD_REQUEST: a content type the route does not read.'),
  422: described(ValidationBody, 'Prefect’s validation body: e.g. JSON nested deeper than HERALD_MAX_JSON_DEPTH.'),
};

/** Routes that read events from storage under the query time budget. */
const QUERYING = {
  503: herald('HERALD_ERR_QUERY_TIMEOUT / HERALD_ERR_SHUTTING_DOWN: the query ran out of its time budget, or the server is stopping.'),
};

export const validation = (description = 'Prefect’s validation body: every offending field, with the request echoed.') =>
  described(ValidationBody, description);

/**
 * The error responses a route declares besides its own: `body` for every route whose method may
 * carry a body, `query` for routes that read events from storage.
 */
export function errorResponses(opts: { body?: boolean; query?: boolean } = {}) {
  return { ...ANY_ROUTE, ...(opts.body ? WITH_BODY : {}), ...(opts.query ? QUERYING : {}) };
}

/** What a request that matches no route can be answered (the not-found handler, or the auth hook before it). */
export const UNMATCHED_ROUTE_RESPONSES = {
  ...ANY_ROUTE,
  ...WITH_BODY,
  404: herald('HERALD_ERR_ROUTE_NOT_FOUND: FastAPI’s {"detail": "Not Found"} plus `code`.'),
};
