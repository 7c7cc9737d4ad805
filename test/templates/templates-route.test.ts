// POST /api/templates/validate and the deprecated /api/automations/templates/validate ([compat S3.2], [compat S11.1]).
import fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../../src/api/error-handler.js';
import { templatesRoutes } from '../../src/api/routes/templates.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = fastify({ logger: false });
  // The route throws; the central error handler writes Prefect's body (as in the server).
  installErrorHandling(app);
  await app.register(templatesRoutes, { prefix: '/api' });
  // A sibling route proves the raw-text parsers stay inside the templates plugin.
  app.post('/api/echo', async (request) => ({ body: request.body }));
  await app.ready();
});

afterAll(() => app.close());

const paths = ['/api/templates/validate', '/api/automations/templates/validate'];

describe.each(paths)('POST %s', (url) => {
  it('answers 204 with an empty body for a valid template sent as text/plain', async () => {
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'Hello {{ event.event }}' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('takes a form-urlencoded body as the raw template, undecoded (Prefect UI)', async () => {
    const source = '{% if a %}x=1&y=%20{{ a }}{% endif %}';
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: source,
    });
    expect(res.statusCode).toBe(204);
  });

  it('reports a syntax error with its line, message and the source', async () => {
    const source = 'line one\n{% if %}';
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: source,
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.line).toBe(2);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.source).toBe(source);
  });

  it("reports Prefect's nesting rule with line 0 and Prefect's message", async () => {
    const source = '{% for a in b %}{% for c in d %}{% for e in f %}{% endfor %}{% endfor %}{% endfor %}';
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: source });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: {
        line: 0,
        message: 'Contains nested for loops at a depth of 3. Templates can nest for loops no more than 2 loops deep.',
        source,
      },
      code: 'HERALD_ERR_TEMPLATE',
    });
  });

  it('decodes a JSON string body', async () => {
    const ok = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify('{{ x }}'),
    });
    expect(ok.statusCode).toBe(204);
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify('{{ x '),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.source).toBe('{{ x ');
  });

  it('treats a body labelled JSON that is not a JSON string as raw text', async () => {
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{{ broken' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.source).toBe('{{ broken');
  });

  it('accepts an empty body as an empty (valid) template', async () => {
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: '' });
    expect(res.statusCode).toBe(204);
  });
});

it('keeps the raw-text parsers inside the plugin', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' });
  expect(res.json()).toEqual({ body: { a: 1 } });
  const form = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'a=1',
  });
  expect(form.statusCode).toBe(415);
});
