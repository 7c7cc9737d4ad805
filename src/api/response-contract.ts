// The response contract check (docs/server.md "API schemas"): every response is validated against
// the schema its route publishes for that status, so the OpenAPI document cannot drift from what the
// server sends. Opt-in through `createServer`'s `checkResponses` option; the test servers turn it on
// (test/helpers/server.ts), production servers never pay for it.
//
// A status the route declares no schema for is a violation too, so a new route or a new error
// cannot go undocumented. Violations are reported, not thrown: the response still goes out as the
// handler made it, so a test's own assertions and the client's retries behave as they would
// without the check, and the reporter (the test helper) fails the test with the message.

import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface ContractViolation {
  method: string;
  /** The route pattern (`/api/automations/:id`), or the URL when no route matched. */
  route: string;
  status: number;
  /** One line naming method, route, status and the failing JSON paths. */
  message: string;
}

export interface ResponseContractOptions {
  onViolation(violation: ContractViolation): void;
  /** Routes not ours to describe (the OpenAPI UI's pages and assets under /docs). */
  exemptPrefixes?: readonly string[];
  /** The responses a request that matched no route may get (the not-found handler, the auth hook). */
  unmatched: Readonly<Record<string, TSchema>>;
}

type ResponseSchemas = Readonly<Record<string, unknown>>;

// Shared by every server in the process: route schemas are module constants, compiled once each.
const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, the plugin itself.
const addFormats = formatsModule as unknown as FormatsPlugin;
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Installs the check as a root onSend hook; call it before any route is registered. */
export function installResponseContract(app: FastifyInstance, opts: ResponseContractOptions): void {
  const exempt = opts.exemptPrefixes ?? [];
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    if (route !== undefined && exempt.some((p) => route.startsWith(p))) return payload;
    const problem = check(request, reply, payload, route === undefined ? opts.unmatched : responsesOf(request));
    if (problem) {
      const status = reply.statusCode;
      const where = route ?? `${request.url.split('?')[0]} (no route)`;
      opts.onViolation({ method: request.method, route: where, status, message: `${request.method} ${where} → ${status}: ${problem}` });
    }
    return payload;
  });
}

function responsesOf(request: FastifyRequest): ResponseSchemas {
  const schema = request.routeOptions.schema as { response?: ResponseSchemas } | undefined;
  return schema?.response ?? {};
}

/** What is wrong with this response, or null. */
function check(request: FastifyRequest, reply: FastifyReply, payload: unknown, responses: ResponseSchemas): string | null {
  const status = reply.statusCode;
  const schema = responses[String(status)] ?? responses[`${Math.floor(status / 100)}xx`] ?? responses.default;
  if (schema === undefined || schema === null || typeof schema !== 'object') {
    return `the route declares no response schema for status ${status} (declared: ${Object.keys(responses).join(', ') || 'none'})`;
  }
  // HEAD answers carry GET's headers without the body; streams (files) are not read here.
  if (request.method === 'HEAD' || (payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload))) return null;
  const text = payload === undefined || payload === null ? '' : String(payload);
  let body: unknown = null;
  if (text !== '') {
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
      try {
        body = JSON.parse(text);
      } catch {
        return `the body is labelled ${type} but is not JSON: ${excerpt(text)}`;
      }
    } else body = text;
  }
  const validate = validatorFor(schema);
  if (validate(body)) return null;
  return `the body does not match the published schema: ${describe(validate.errors ?? [])}; body: ${excerpt(JSON.stringify(body) ?? '')}`;
}

function describe(errors: ErrorObject[]): string {
  const lines = errors.slice(0, 8).map((e) => {
    const detail =
      e.keyword === 'additionalProperties'
        ? `undeclared field ${JSON.stringify(e.params.additionalProperty)}`
        : e.keyword === 'required'
          ? `missing field ${JSON.stringify(e.params.missingProperty)}`
          : (e.message ?? e.keyword);
    return `at ${e.instancePath === '' ? '/' : e.instancePath} ${detail}`;
  });
  return lines.join('; ') + (errors.length > 8 ? ` (+${errors.length - 8} more)` : '');
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
