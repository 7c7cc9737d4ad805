// One place that turns errors into responses, keeping Prefect's body shapes where the spec fixes
// them ([compat S2] "Error body conventions"):
//   - request validation → 422 {exception_message, exception_detail, request_body} (+ Herald's `code`)
//   - everything else    → {detail: "<message>"} like FastAPI's HTTPException (+ Herald's `code`)
// Clients that only read Prefect's keys keep working; Herald's SDK switches on the stable `code`.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError, isHeraldError } from '../errors.js';
import { validationErrorBody, type ValidationIssue } from '../events/index.js';
import { boundedEcho, boundedIssues, type EchoLimits } from './error-echo.js';

/**
 * Throw this (HERALD_ERR_VALIDATION with `issues`) from a route to answer Prefect's 422 body;
 * `requestBody` is echoed back as `request_body`.
 */
export function validationError(issues: ValidationIssue[], requestBody: unknown): HeraldError {
  return new HeraldError('HERALD_ERR_VALIDATION', { issues, requestBody });
}

export interface ErrorHandlingOptions {
  /** Most bytes a 422 echoes for `request_body`, and for all issue inputs together (error-echo.ts). */
  maxErrorEchoBytes: number;
  maxJsonDepth: number;
}

export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = { maxErrorEchoBytes: 65_536, maxJsonDepth: 64 }): void {
  const echo: EchoLimits = { maxBytes: options.maxErrorEchoBytes, maxDepth: options.maxJsonDepth };
  app.setErrorHandler((error: FastifyError | HeraldError, request, reply) => sendError(error, request, reply, echo));
  app.setNotFoundHandler((_request, reply) => {
    // FastAPI's body for an unknown route.
    void reply.code(404).send({ detail: 'Not Found' });
  });
}

function sendError(error: FastifyError | HeraldError, request: FastifyRequest, reply: FastifyReply, echo: EchoLimits): FastifyReply {
  if (isHeraldError(error)) {
    if (error.code === 'HERALD_ERR_OVERLOADED') reply.header('Retry-After', String(error.params.retryAfter ?? 1));
    if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
    if (error.code === 'HERALD_ERR_VALIDATION' && Array.isArray(error.params.issues)) {
      const issues = error.params.issues as ValidationIssue[];
      const echoed = 'requestBody' in error.params ? error.params.requestBody : request.body;
      return sendValidation(reply, issues, echoed, echo);
    }
    return reply.code(error.statusCode).send({ code: error.code, detail: error.message });
  }

  // Fastify's own schema validation (routes that let Fastify validate with their TypeBox schemas).
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    const issues = error.validation.map((v) => ajvIssue(where, v as AjvError));
    return sendValidation(reply, issues, request.body ?? null, echo);
  }

  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    const internal = new HeraldError('HERALD_ERR_INTERNAL');
    return reply.code(500).send({ code: internal.code, detail: internal.message });
  }
  // Fastify's client errors (413 body too large, 415 media type, …) keep their FST_ code.
  return reply.code(status).send({ code: error.code ?? 'HERALD_ERR_REQUEST', detail: error.message });
}

/**
 * Prefect's 422 body (+ `code`) with the echo bounded, serialised here so that nothing in it can
 * make Fastify's serializer fail (which would turn the 422 into a 500).
 */
function sendValidation(reply: FastifyReply, issues: ValidationIssue[], requestBody: unknown, echo: EchoLimits): FastifyReply {
  const body = {
    ...validationErrorBody(boundedIssues(issues, echo), boundedEcho(requestBody ?? null, { remaining: echo.maxBytes }, echo)),
    code: 'HERALD_ERR_VALIDATION',
  };
  return reply.code(422).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
}

/** An ajv error as a pydantic-style issue (same `loc` convention: where, then path segments). */
function ajvIssue(where: string, e: AjvError): ValidationIssue {
  const loc: (string | number)[] = [where === 'querystring' ? 'query' : where];
  for (const part of e.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'required') {
    loc.push(String(e.params.missingProperty));
    return { loc, msg: 'Field required', type: 'missing' };
  }
  if (e.keyword === 'additionalProperties') {
    loc.push(String(e.params.additionalProperty));
    return { loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' };
  }
  return { loc, msg: e.message ?? 'Invalid value', type: e.keyword, input: e.data };
}
