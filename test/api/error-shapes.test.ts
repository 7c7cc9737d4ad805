// One error body per kind (issue #10 item 7; docs/server.md "Error body shapes (all routes)"):
// Prefect's body where Prefect defines one ([compat S2], [compat S3.2]) plus Herald's `code`, and
// Herald's `{code, detail}` everywhere else. Each kind is driven over real HTTP and its body is
// compared key for key, so that a route building its own body shows up here.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue, type ErrorCode } from '../../src/errors.js';
import { jsonBody, makeEvent, postEvents, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'error-shapes-key';
const MAX_EVENT_BYTES = 2_000;
const MAX_REQUEST_BYTES = 16_384;
const MAX_EVENTS = 3;

let t: TestServer;
let secured: TestServer;

beforeAll(async () => {
  t = await startTestServer({
    settings: {
      automationsEnabled: false,
      maxEventBytes: MAX_EVENT_BYTES,
      maxRequestBytes: MAX_REQUEST_BYTES,
      maxEventsPerRequest: MAX_EVENTS,
    },
  });
  secured = await startTestServer({ settings: { apiKey: KEY } });
});
afterAll(async () => {
  await t?.close();
  await secured?.close();
});

/** Herald's body: exactly `{code, detail}`, with the status the catalogue gives the code (unless `status`). */
async function expectHeraldBody(
  res: Response,
  code: ErrorCode,
  status: number = errorCatalogue[code].status,
): Promise<Record<string, unknown>> {
  const body = await jsonBody(res);
  expect([res.status, body]).toEqual([status, { code, detail: expect.any(String) }]);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

/** Prefect's request-validation body plus `code` (and `detail` when the code is more specific). */
async function expectValidationBody(res: Response, code: ErrorCode, extraKeys: string[] = []): Promise<Record<string, unknown>> {
  const body = await jsonBody(res);
  expect(res.status).toBe(422);
  expect(Object.keys(body).sort()).toEqual(['code', 'exception_detail', 'exception_message', 'request_body', ...extraKeys].sort());
  expect(body.exception_message).toBe('Invalid request received.');
  expect(Array.isArray(body.exception_detail) && body.exception_detail.length > 0).toBe(true);
  expect(body.code).toBe(code);
  return body;
}

const get = (server: TestServer, path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('404 on every resource kind', () => {
  it("automations: Prefect's ObjectNotFound body {exception_message} + code", async () => {
    const id = randomUUID();
    const expected = [404, { exception_message: 'Automation not found', code: 'HERALD_ERR_NOT_FOUND' }];
    const read = await get(t, `/automations/${id}`);
    expect([read.status, await jsonBody(read)]).toEqual(expected);
    const del = await fetch(`${t.url}/automations/${id}`, { method: 'DELETE' });
    expect([del.status, await jsonBody(del)]).toEqual(expected);
    const patch = await fetch(`${t.url}/automations/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"enabled": false}',
    });
    expect([patch.status, await jsonBody(patch)]).toEqual(expected);
    // Herald's own views of an automation answer the same body for an unknown automation.
    const firings = await get(t, `/automations/${id}/firings`);
    expect([firings.status, await jsonBody(firings)]).toEqual(expected);
  });

  it('destinations (Herald resource): {code, detail}', async () => {
    const body = await expectHeraldBody(await get(t, `/destinations/${randomUUID()}`), 'HERALD_ERR_NOT_FOUND');
    expect(body.detail).toBe('Destination not found');
  });

  it('unknown route: FastAPI\'s {detail: "Not Found"} + code', async () => {
    const res = await get(t, '/no/such/route');
    expect([res.status, await jsonBody(res)]).toEqual([404, { code: 'HERALD_ERR_ROUTE_NOT_FOUND', detail: 'Not Found' }]);
  });
});

describe('422', () => {
  it("request validation: Prefect's {exception_message, exception_detail, request_body} + code", async () => {
    const sent = [{ ...makeEvent(), event: 42 }];
    const body = await expectValidationBody(await postEvents(t, sent), 'HERALD_ERR_VALIDATION');
    expect(body.request_body).toEqual(sent);
  });

  it('an oversize event: the validation body + detail, not echoed', async () => {
    const body = await expectValidationBody(
      await postEvents(t, [makeEvent({ payload: { big: 'x'.repeat(MAX_EVENT_BYTES) } })]),
      'HERALD_ERR_EVENT_TOO_LARGE',
      ['detail'],
    );
    expect(body.request_body).toBeNull();
    expect(typeof body.detail).toBe('string');
  });

  it("an invalid template: Prefect's {error: {line, message, source}} + code", async () => {
    const source = 'Hi {{ event.event';
    const res = await fetch(`${t.url}/templates/validate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: source });
    expect([res.status, await jsonBody(res)]).toEqual([
      422,
      { error: { line: expect.any(Number), message: expect.any(String), source }, code: 'HERALD_ERR_TEMPLATE' },
    ]);
  });

  it("an explicit refusal (Prefect's HTTPException {detail}) + code", async () => {
    const res = await fetch(`${t.url}/automations/filter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"limit": 201}',
    });
    await expectHeraldBody(res, 'HERALD_ERR_INVALID_LIMIT');
  });
});

describe('other statuses: {code, detail}', () => {
  it('400 body not JSON', async () => {
    await expectHeraldBody(await postEvents(t, null, { body: '[{' }), 'HERALD_ERR_BODY_NOT_JSON');
  });

  it('401 missing or wrong key', async () => {
    await expectHeraldBody(await postEvents(secured, [makeEvent()]), 'HERALD_ERR_UNAUTHORIZED');
    await expectHeraldBody(
      await get(secured, '/automations/' + randomUUID(), { authorization: 'Bearer wrong' }),
      'HERALD_ERR_UNAUTHORIZED',
    );
  });

  it('403 bad page token (Prefect\'s {detail: "Forbidden"}) + code', async () => {
    const res = await get(t, '/events/filter/next?page-token=not-a-token');
    expect([res.status, await jsonBody(res)]).toEqual([403, { code: 'HERALD_ERR_PAGE_TOKEN', detail: 'Forbidden' }]);
  });

  it('413 too many events, and a body over HERALD_MAX_REQUEST_BYTES', async () => {
    const many = Array.from({ length: MAX_EVENTS + 1 }, () => makeEvent());
    await expectHeraldBody(await postEvents(t, many), 'HERALD_ERR_BATCH_TOO_LARGE');
    const huge = JSON.stringify([makeEvent({ payload: { big: 'x'.repeat(MAX_REQUEST_BYTES) } })]);
    await expectHeraldBody(await postEvents(t, null, { body: huge }), 'HERALD_ERR_REQUEST_TOO_LARGE');
  });

  it('415 unsupported content type (a request the HTTP layer refuses), with its own status', async () => {
    const res = await postEvents(t, null, { headers: { 'content-type': 'application/xml' }, body: '<events/>' });
    await expectHeraldBody(res, 'HERALD_ERR_BAD_REQUEST', 415);
  });

  it('429 ingest overloaded, with Retry-After', async () => {
    const admission = t.server.deps.admission;
    const held = admission.admit(admission.budgetBytes);
    try {
      const res = await postEvents(t, [makeEvent()]);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectHeraldBody(res, 'HERALD_ERR_OVERLOADED');
    } finally {
      held.release();
    }
  });
});
