// JSON request bodies: Fastify's parser (secure-json-parse, which refuses prototype-poisoning keys),
// but a malformed body is answered with HERALD_ERR_BODY_NOT_JSON (400) quoting the reason and
// position, where Fastify only says "Body is not valid JSON".

import type { FastifyInstance } from 'fastify';
import { HeraldError } from '../errors.js';

export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (err, value) => {
      if (err) done(new HeraldError('HERALD_ERR_BODY_NOT_JSON', { reason: jsonFailureReason(body as string) }, { cause: err }), undefined);
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
