// POST /templates/validate and its deprecated alias POST /automations/templates/validate ([compat S3.2]).
// The body is the template as raw text whatever the content type: Prefect's UI posts it as
// application/x-www-form-urlencoded without encoding it ([compat S11.1]), other clients send text/plain
// or a JSON string. 204 when valid; 422 {"error": {"line", "message", "source"}} otherwise (+ Herald's
// `code`, HERALD_ERR_TEMPLATE), with line 0 for the whole-template sandbox rules — the shape Prefect's UI reads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validate, type TemplateLimits } from '../../templates/index.js';
import { templateError } from '../error-handler.js';
import * as R from '../schemas/server.js';

export interface TemplatesRoutesOptions {
  /** Sandbox limits (from settings via `limitsFromSettings`); defaults otherwise. */
  limits?: Partial<TemplateLimits>;
}

const RAW_TYPES = ['text/plain', 'application/x-www-form-urlencoded'];

/** A JSON body that is a string is that string; anything else in it is taken as the raw text. */
function templateFromJson(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') return value;
  } catch {
    // Not JSON at all: clients that label raw text as JSON still get their template validated.
  }
  return text;
}

export async function templatesRoutes(app: FastifyInstance, opts: TemplatesRoutesOptions = {}): Promise<void> {
  // These parsers live in this plugin's encapsulated scope only; other routes keep the server's.
  for (const type of [...RAW_TYPES, 'application/json']) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
  }
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, templateFromJson(body as string)),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const source = typeof request.body === 'string' ? request.body : '';
    const result = validate(source, { limits: opts.limits });
    if (result.ok) return reply.code(204).send();
    throw templateError(result.error.line, result.error.message, source);
  };

  app.post('/templates/validate', { schema: R.validateTemplate }, handler);
  app.post('/automations/templates/validate', { schema: R.validateTemplateDeprecated }, handler);
}
