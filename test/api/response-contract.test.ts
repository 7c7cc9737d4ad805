// The response contract (docs/server.md "API schemas"): every response of a test server is checked
// against the schema its route publishes for that status (src/api/response-contract.ts). These
// tests show that a wrong body, an undeclared status and an undocumented unknown-route answer are
// caught with a message naming method, route, status and JSON path; that a violation fails the
// running test (or `close()` outside one); and that the published OpenAPI document covers every
// HTTP route with request and error schemas.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractViolation } from '../../src/api/response-contract.js';
import { installErrorHandling } from '../../src/api/error-handler.js';
import { installSchemaPolicy } from '../../src/api/schema-policy.js';
import * as server from '../../src/api/schemas/server.js';
import { ContractReport, jsonBody, startTestServer, type TestServer } from '../helpers/server.js';

/** A bare app under the real policy and contract, with routes that break their published schema. */
async function brokenApp(violations: ContractViolation[], opts: { errorHandler: boolean }) {
  const app = Fastify();
  if (opts.errorHandler) installErrorHandling(app);
  installSchemaPolicy(app, { checkResponses: (v) => violations.push(v) });
  // The real /version schema, answered with a wrong type and a field it does not declare.
  app.get('/version', { schema: server.version }, async () => ({
    name: 'herald',
    version: 1,
    prefect_api: '3',
    storage: 'sqlite',
    debug: true,
  }));
  app.get('/teapot', { schema: server.version }, async (_request, reply) => reply.code(418).send({ code: 'X', detail: 'y' }));
  app.get('/right', { schema: server.version }, async () => ({ name: 'herald', version: '1', prefect_api: '3', storage: 'sqlite' }));
  app.get('/undocumented', async () => ({ ok: true }));
  app.get('/docs/page', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('the contract check', () => {
  it('catches a wrong body, naming method, route, status and the failing JSON paths', async () => {
    const violations: ContractViolation[] = [];
    const app = await brokenApp(violations, { errorHandler: true });
    const res = await app.inject({ method: 'GET', url: '/version' });
    // The response itself goes out unchanged: the check reports, it does not rewrite.
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, debug: true });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ method: 'GET', route: '/version', status: 200 });
    expect(violations[0].message).toContain('GET /version → 200');
    expect(violations[0].message).toContain('at /version must be string');
    expect(violations[0].message).toContain('at / undeclared field "debug"');
    await app.close();
  });

  it('counts a status the route does not declare, and a route without response schemas, as violations', async () => {
    const violations: ContractViolation[] = [];
    const app = await brokenApp(violations, { errorHandler: true });
    await app.inject({ method: 'GET', url: '/teapot' });
    await app.inject({ method: 'GET', url: '/undocumented' });
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^GET \/teapot → 418: the route declares no response schema for status 418 \(declared: .*200.*\)$/),
      'GET /undocumented → 200: the route declares no response schema for status 200 (declared: none)',
    ]);
    await app.close();
  });

  it('passes a right body, and leaves the OpenAPI UI’s own routes alone', async () => {
    const violations: ContractViolation[] = [];
    const app = await brokenApp(violations, { errorHandler: true });
    expect((await app.inject({ method: 'GET', url: '/right' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/page' })).statusCode).toBe(200);
    expect(violations).toEqual([]);
    await app.close();
  });

  it('holds unknown routes to the documented not-found body', async () => {
    const herald: ContractViolation[] = [];
    const withHandler = await brokenApp(herald, { errorHandler: true });
    expect((await withHandler.inject({ method: 'GET', url: '/nowhere?x=1' })).statusCode).toBe(404);
    expect(herald).toEqual([]);
    await withHandler.close();
    // Fastify's own 404 body ({message, error, statusCode}) is not Herald's: caught.
    const plain: ContractViolation[] = [];
    const without = await brokenApp(plain, { errorHandler: false });
    await without.inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(plain.map((v) => v.message)).toEqual([expect.stringContaining('GET /nowhere (no route) → 404: the body does not match')]);
    expect(plain[0].message).toContain('missing field "code"');
    await without.close();
  });
});

describe('a violation fails the test', () => {
  const violation: ContractViolation = { method: 'GET', route: '/x', status: 200, message: 'GET /x → 200: at /a must be string' };
  const outside = new ContractReport();
  beforeAll(() => outside.report(violation));

  it.fails('that was running when the response was sent', () => {
    new ContractReport().report(violation);
  });

  it('or, when none was, the server’s close()', () => {
    expect(() => outside.throwUnreported()).toThrow('response contract violated:\n  GET /x → 200: at /a must be string');
    // Reported once.
    expect(() => outside.throwUnreported()).not.toThrow();
  });
});

describe('the published OpenAPI document', () => {
  let t: TestServer;
  let doc: { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>> };
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'contract-key' } });
    const res = await fetch(`${t.baseUrl}/docs/json`, { headers: { authorization: 'Bearer contract-key' } });
    expect(res.status).toBe(200);
    doc = await jsonBody(res);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes the query routes (they published nothing before)', () => {
    const filter = doc.paths['/api/events/filter']?.post;
    expect(filter?.requestBody).toBeDefined();
    expect(Object.keys(filter?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '422', '503']));
    expect(Object.keys(doc.paths['/api/events/filter/next']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '403']));
    expect(Object.keys(doc.paths['/api/events/count-by/{countable}']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '422']),
    );
  });

  it('gives every operation its success and error responses', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, statuses: Object.keys(op.responses ?? {}) })),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      expect(
        op.statuses.some((s) => s.startsWith('2')),
        `${op.method} ${op.path}`,
      ).toBe(true);
      expect(op.statuses, `${op.method} ${op.path}`).toContain('500');
      // Public routes: the health check, and inbound webhooks (the slug is their credential).
      const isPublic = op.path === '/api/health' || op.path.startsWith('/hooks/');
      if (!isPublic) expect(op.statuses, `${op.method} ${op.path}`).toContain('401');
      else expect(op.statuses, `${op.method} ${op.path}`).not.toContain('401');
    }
  });
});
