// One place that turns errors into responses ([compat S2] "Error body conventions"; docs/server.md
// "Error body shapes (all routes)"). Every answer comes from a HeraldError of the catalogue
// (src/errors.ts); routes throw, they never build an error body. The body is Prefect's where
// Prefect defines one, with Herald's `code` added, and Herald's `{code, detail}` otherwise:
//   - request validation      → 422 {exception_message, exception_detail, request_body, code}
//   - unknown automation      → 404 {exception_message: "Automation not found", code}  ([compat S3.2])
//   - invalid template        → 422 {error: {line, message, source}, code}             ([compat S3.2])
//   - everything else         → {code, detail} (FastAPI's HTTPException body {detail} plus `code`)
// Clients that only read Prefect's keys keep working; Herald's SDK switches on the stable `code`.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError, isHeraldError } from '../errors.js';
import { validationErrorBody, type ValidationIssue } from '../events/index.js';
import { boundedEcho, boundedIssues, type EchoLimits } from './error-echo.js';

/** Prefect's /templates/validate refusal (422 `{"error": {"line", "message", "source"}}`, [compat S3.2]). */
export function templateError(line: number, message: string, source: string): HeraldError {
  return new HeraldError('HERALD_ERR_TEMPLATE', { reason: message, line, source, prefectBody: 'template-error' });
}

/** The JSON body of a HeraldError that is not a validation error (those carry `issues`, see sendValidation). */
export function heraldErrorBody(error: HeraldError): Record<string, unknown> {
  switch (error.params.prefectBody) {
    case 'object-not-found':
      return { exception_message: error.message, code: error.code };
    case 'template-error':
      return { error: { line: error.params.line, message: error.params.reason, source: error.params.source }, code: error.code };
    default:
      return { code: error.code, detail: error.message };
  }
}

export interface ErrorHandlingOptions {
  /** Most bytes a 422 echoes for `request_body`, and for all issue inputs together (error-echo.ts). */
  maxErrorEchoBytes: number;
  maxJsonDepth: number;
}

export function installErrorHandling(
  app: FastifyInstance,
  options: ErrorHandlingOptions = { maxErrorEchoBytes: 65_536, maxJsonDepth: 64 },
): void {
  const echo: EchoLimits = { maxBytes: options.maxErrorEchoBytes, maxDepth: options.maxJsonDepth };
  app.setErrorHandler((error: FastifyError | HeraldError, request, reply) => sendError(error, request, reply, echo));
  app.setNotFoundHandler((request, reply) => {
    // FastAPI's body for an unknown route ({"detail": "Not Found"}) plus `code`.
    void sendError(new HeraldError('HERALD_ERR_ROUTE_NOT_FOUND'), request, reply, echo);
  });
}

function sendError(error: FastifyError | HeraldError, request: FastifyRequest, reply: FastifyReply, echo: EchoLimits): FastifyReply {
  if (isHeraldError(error)) {
    if (error.code === 'HERALD_ERR_OVERLOADED') reply.header('Retry-After', String(error.params.retryAfter ?? 1));
    if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
    if (Array.isArray(error.params.issues)) {
      // Prefect's 422 body; a more specific code than HERALD_ERR_VALIDATION also says why in `detail`.
      const issues = error.params.issues as ValidationIssue[];
      const echoed = 'requestBody' in error.params ? error.params.requestBody : request.body;
      const extra = error.code === 'HERALD_ERR_VALIDATION' ? {} : { detail: error.message };
      return sendValidation(reply, error.statusCode, error.code, issues, echoed, echo, extra);
    }
    return reply.code(error.statusCode).send(heraldErrorBody(error));
  }

  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(heraldErrorBody(new HeraldError('HERALD_ERR_INTERNAL')));
  }
  // Fastify's client errors (413 body too large, 415 media type, bad content length, …) as catalogue errors.
  const herald =
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? new HeraldError('HERALD_ERR_REQUEST_TOO_LARGE', { reason: error.message }, { cause: error, status })
      : new HeraldError('HERALD_ERR_BAD_REQUEST', { reason: error.message }, { cause: error, status });
  return sendError(herald, request, reply, echo);
}

/**
 * Prefect's 422 body (+ `code`) with the echo bounded, serialised here so that nothing in it can
 * make Fastify's serializer fail (which would turn the 422 into a 500).
 */
function sendValidation(
  reply: FastifyReply,
  status: number,
  code: string,
  issues: ValidationIssue[],
  requestBody: unknown,
  echo: EchoLimits,
  extra: { detail?: string } = {},
): FastifyReply {
  const body = {
    ...validationErrorBody(boundedIssues(issues, echo), boundedEcho(requestBody ?? null, { remaining: echo.maxBytes }, echo)),
    code,
    ...extra,
  };
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
