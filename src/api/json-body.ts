// JSON request bodies: Fastify's parser (secure-json-parse, which refuses prototype-poisoning keys),
// but a malformed body is answered with HERALD_ERR_BODY_NOT_JSON (400) quoting the reason and
// position, where Fastify only says "Body is not valid JSON".
//
// Two more rules, for every route at once:
//   - an empty body means "no body" (`request.body` undefined), as in FastAPI: routes whose body is
//     optional (/events/filter, /automations/count …) accept it; routes that need one say so
//     themselves (422 `missing` at `["body"]`);
//   - nesting deeper than `maxJsonDepth` is refused with a 422 naming where, before any route
//     validates or echoes the body (docs/server.md "Error body shapes").

import type { FastifyInstance } from 'fastify';
import { HeraldError } from '../errors.js';
import { jsonDepthIssue } from '../events/json-depth.js';
import { validationError } from '../events/index.js';

export interface JsonBodyOptions {
  maxJsonDepth: number;
}

export function installJsonBodyParser(app: FastifyInstance, options: JsonBodyOptions = { maxJsonDepth: 64 }): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0) {
      done(null, undefined);
      return;
    }
    parse(request, text, (err, value) => {
      if (err) {
        done(new HeraldError('HERALD_ERR_BODY_NOT_JSON', { reason: jsonFailureReason(text) }, { cause: err }), undefined);
        return;
      }
      const tooDeep = jsonDepthIssue(value, options.maxJsonDepth, ['body']);
      // The body is not echoed (`request_body` null): it is exactly what cannot be serialised safely.
      if (tooDeep) done(validationError([tooDeep], null), undefined);
      else done(null, value);
    });
  });
}

/** Why `text` is not acceptable JSON (only computed on the failure path). */
export function jsonFailureReason(text: string): string {
  if (text.length === 0) return 'the body is empty';
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return 'it contains a forbidden "__proto__" or "constructor.prototype" key';
}
