// Hostile input answers 4xx, never 500 (issue #9 items 6 and 7): nesting beyond maxJsonDepth, lone
// UTF-16 surrogates, oversize 422 echoes, extreme count-by/time arguments, oversize destinations and
// an empty JSON body. Real server, real storage; every 422 names the field.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWs, jsonBody, makeEvent, postEvents, startTestServer, type Backend, type TestServer } from '../helpers/server.js';

/** `{"a":{"a":…1…}}` nested `levels` deep, built as text so the client itself never recurses. */
const deepObject = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepArray = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
const as = (n: number) => Array<string>(n).fill('a');

const ECHO_DETAIL = 'Not echoed: larger than 65536 bytes or nested deeper than 64 levels (HERALD_MAX_ERROR_ECHO_BYTES).';
const SURROGATE_MSG = 'Value error, must not contain a lone UTF-16 surrogate (\\ud800-\\udfff): it has no UTF-8 encoding';

function post(t: TestServer, path: string, body: string, method = 'POST'): Promise<Response> {
  return fetch(`${t.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
}

function tooDeep(loc: (string | number)[], max = 64) {
  return { loc, msg: `JSON nesting is deeper than the limit of ${max} levels`, type: 'json_too_deep', ctx: { max_depth: max } };
}

describe('hostile input', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('nesting deeper than maxJsonDepth', () => {
    it('answers 422 naming the too-deep value of an event (5,000 levels)', async () => {
      const e = makeEvent();
      const body = `[${JSON.stringify(e).replace('"payload":{"n":1}', `"payload":${deepObject(5000)}`)}]`;
      const res = await postEvents(t, null, { body });
      expect(res.status).toBe(422);
      // array (1) → event (2) → payload (3) → 62 × a: level 65 is the first too deep.
      expect(await jsonBody(res)).toEqual({
        exception_message: 'Invalid request received.',
        exception_detail: [tooDeep(['body', 0, 'payload', ...as(62)])],
        request_body: null,
        code: 'HERALD_ERR_VALIDATION',
      });
    });

    it('answers 422 for a deep filter and a deep destination config', async () => {
      const filter = await post(t, '/events/filter', deepArray(100_000));
      expect(filter.status).toBe(422);
      expect((await jsonBody(filter)).exception_detail).toEqual([tooDeep(['body', ...Array<number>(64).fill(0)])]);

      const dest = await post(t, '/destinations', `{"name":"x","type":"webhook","config":${deepObject(10_000)}}`);
      expect(dest.status).toBe(422);
      expect((await jsonBody(dest)).exception_detail).toEqual([tooDeep(['body', 'config', ...as(63)])]);
    });

    it('answers a too-deep WebSocket frame with an error for that frame and keeps going', async () => {
      const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
      const e = makeEvent();
      c.socket.send(JSON.stringify(e).replace('"payload":{"n":1}', `"payload":${deepObject(5000)}`));
      expect(await c.next()).toEqual({ type: 'error', code: 'HERALD_ERR_VALIDATION', index: 0, detail: [tooDeep(['payload', ...as(63)])] });
      const ok = makeEvent();
      c.send(ok);
      expect(await c.next()).toEqual({ type: 'ack', id: ok.id, status: 'accepted' });
      c.socket.close();
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it('rejects one in an event name, a label name or a label value, naming the field', async () => {
      const name = 'acme.\ud800.x';
      const key = 'acme.\udc00key';
      const value = 'v\udbff';
      const e = makeEvent({
        event: name,
        resource: { 'prefect.resource.id': 'r.1', [key]: 'v' },
        related: [{ 'prefect.resource.id': 'f.1', 'prefect.resource.role': 'flow', tag: value }],
      });
      const res = await postEvents(t, [e]);
      expect(res.status).toBe(422);
      const detail = (await jsonBody(res)).exception_detail;
      expect(detail).toEqual(
        expect.arrayContaining([
          { loc: ['body', 0, 'event'], msg: SURROGATE_MSG, type: 'value_error', input: name, ctx: { error: {} } },
          { loc: ['body', 0, 'resource', key], msg: SURROGATE_MSG, type: 'value_error', input: key, ctx: { error: {} } },
          { loc: ['body', 0, 'related', 0, 'tag'], msg: SURROGATE_MSG, type: 'value_error', input: value, ctx: { error: {} } },
        ]),
      );
      expect(detail).toHaveLength(3);
      const occurred = { since: '2025-12-01T00:00:00Z', until: '2026-02-01T00:00:00Z' };
      const stored = await jsonBody(
        await post(t, '/events/filter', JSON.stringify({ filter: { occurred, event: { prefix: ['acme.'] } } })),
      );
      expect(stored.total).toBe(0);
    });

    it('accepts surrogate pairs (and text that merely looks like an escape) and reads them back unchanged', async () => {
      const e = makeEvent({ event: 'emoji.😀', payload: { text: 'a\\ud800 literal, 𝄞' } });
      expect((await postEvents(t, [e])).status).toBe(204);
      const occurred = { since: '2025-12-01T00:00:00Z', until: '2026-02-01T00:00:00Z' };
      const page = await jsonBody(await post(t, '/events/filter', JSON.stringify({ filter: { occurred, id: { id: [e.id] } } })));
      expect(page.events).toHaveLength(1);
      expect(page.events[0].event).toBe('emoji.😀');
      expect(page.events[0].payload).toEqual({ text: 'a\\ud800 literal, 𝄞' });
    });

    it('rejects one in a WebSocket frame', async () => {
      const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
      c.send(makeEvent({ event: 'ws.\udfff' }));
      expect(await c.next()).toEqual({
        type: 'error',
        code: 'HERALD_ERR_VALIDATION',
        index: 0,
        detail: [{ loc: ['event'], msg: SURROGATE_MSG, type: 'value_error', input: 'ws.\udfff', ctx: { error: {} } }],
      });
      c.socket.close();
    });
  });

  describe('the 422 echo', () => {
    it('replaces a request_body larger than maxErrorEchoBytes by a marked summary', async () => {
      const res = await post(t, '/events/filter', JSON.stringify({ filter: { event: { prefix: 'nope' } }, pad: 'x'.repeat(200_000) }));
      expect(res.status).toBe(422);
      expect(await jsonBody(res)).toEqual({
        exception_message: 'Invalid request received.',
        exception_detail: [
          { loc: ['body', 'filter', 'event', 'prefix'], msg: 'Input should be a valid list', type: 'list_type', input: 'nope' },
        ],
        request_body: { herald_truncated: true, detail: ECHO_DETAIL, type: 'object', size: 2 },
        code: 'HERALD_ERR_VALIDATION',
      });
    });

    it('keeps the answer to a 5 MB invalid batch small (issue inputs share one budget)', async () => {
      // Every event lacks `id`: each `missing` issue's input is its whole (500 kB) event.
      const events = Array.from({ length: 10 }, () => ({ ...makeEvent({ payload: { blob: 'x'.repeat(500_000) } }), id: undefined }));
      const res = await postEvents(t, events);
      expect(res.status).toBe(422);
      const text = await res.text();
      expect(text.length).toBeLessThan(3 * 65_536);
      const body = JSON.parse(text);
      expect(body.request_body).toEqual({ herald_truncated: true, detail: ECHO_DETAIL, type: 'array', size: 10 });
      expect(body.exception_detail).toHaveLength(10);
      body.exception_detail.forEach((i: { loc: unknown[]; type: string; input: unknown }, n: number) => {
        expect(i).toMatchObject({ loc: ['body', n, 'id'], type: 'missing', input: { herald_truncated: true, type: 'object', size: 5 } });
      });
    });

    it('lists issues up to the budget, then says how many more there are', async () => {
      const config = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown${i}`, i]));
      const res = await post(t, '/destinations', JSON.stringify({ name: 'x', type: 'slack', config }));
      expect(res.status).toBe(422);
      const text = await res.text();
      expect(text.length).toBeLessThan(3 * 65_536);
      const detail = JSON.parse(text).exception_detail as { loc: unknown[]; type: string; ctx?: { omitted: number } }[];
      const last = detail[detail.length - 1];
      expect(detail[0]).toEqual({
        loc: ['body', 'config', 'unknown0'],
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
        input: 0,
      });
      expect(last).toEqual({
        loc: [],
        msg: `${last.ctx!.omitted} more issues not listed (HERALD_MAX_ERROR_ECHO_BYTES)`,
        type: 'herald_issues_omitted',
        ctx: { omitted: expect.any(Number) },
      });
      // Every issue is either listed or counted (the slack URL is missing too).
      expect(detail.length - 1 + last.ctx!.omitted).toBe(20_001);
    });

    it('still echoes a small body whole (Prefect shape)', async () => {
      const body = { filter: { event: { prefix: 'nope' } } };
      const res = await post(t, '/events/filter', JSON.stringify(body));
      expect((await jsonBody(res)).request_body).toEqual(body);
    });

    it('bounds the issue inputs echoed in a WebSocket error', async () => {
      const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
      c.send({ ...makeEvent({ payload: { blob: 'x'.repeat(500_000) } }), id: undefined });
      const err = (await c.next()) as { detail: unknown[] };
      expect(err.detail).toEqual([
        {
          loc: ['id'],
          msg: 'Field required',
          type: 'missing',
          input: { herald_truncated: true, detail: ECHO_DETAIL, type: 'object', size: 5 },
        },
      ]);
      c.socket.close();
    });
  });

  describe('an empty JSON body', () => {
    it('is no body: accepted where the body is optional', async () => {
      const count = await post(t, '/automations/count', '');
      expect(count.status).toBe(200);
      expect(await jsonBody(count)).toEqual(expect.any(Number));
      expect((await post(t, '/events/filter', '')).status).toBe(200);
    });

    it('is a 422 naming the body where one is required', async () => {
      const res = await post(t, '/destinations', '');
      expect(res.status).toBe(422);
      expect((await jsonBody(res)).exception_detail[0]).toMatchObject({ loc: ['body'] });
    });
  });

  describe('destinations', () => {
    const webhook = (url: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ name: 'x', type: 'webhook', config: { url, ...extra } });

    it('refuses a 3 MB URL with string_too_long', async () => {
      const url = `https://example.com/${'a'.repeat(3_000_000)}`;
      const res = await post(t, '/destinations', webhook(url));
      expect(res.status).toBe(422);
      const body = await jsonBody(res);
      expect(body.exception_detail).toEqual([
        {
          loc: ['body', 'config', 'url'],
          msg: 'String should have at most 8192 characters',
          type: 'string_too_long',
          input: { herald_truncated: true, detail: ECHO_DETAIL, type: 'string', size: url.length },
          ctx: { max_length: 8192 },
        },
      ]);
      expect(body.request_body).toMatchObject({ herald_truncated: true, type: 'object' });
    });

    it('hides an oversize secret URL and refuses an oversize config', async () => {
      const slack = await post(
        t,
        '/destinations',
        JSON.stringify({ name: 's', type: 'slack', secrets: { url: `https://hooks.slack.com/${'a'.repeat(9000)}` } }),
      );
      expect(slack.status).toBe(422);
      expect((await jsonBody(slack)).exception_detail).toEqual([
        {
          loc: ['body', 'secrets', 'url'],
          msg: 'String should have at most 8192 characters',
          type: 'string_too_long',
          input: '[hidden]',
          ctx: { max_length: 8192 },
        },
      ]);

      const headers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-h${i}`, 'v'.repeat(2000)]));
      const big = await post(t, '/destinations', webhook('https://example.com/hook', { headers }));
      expect(big.status).toBe(422);
      const detail = (await jsonBody(big)).exception_detail;
      expect(detail).toEqual([
        {
          loc: ['body', 'config'],
          msg: expect.stringMatching(/^config is \d+ bytes as JSON; the limit is 65536 bytes$/),
          type: 'destination_too_large',
          ctx: { size: expect.any(Number), limit: 65_536 },
        },
      ]);
      expect(detail[0].ctx.size).toBeGreaterThan(80_000);
    });
  });
});

describe('input limits are settings', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { maxJsonDepth: 3, maxErrorEchoBytes: 100, maxDestinationUrlLength: 30 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies maxJsonDepth, maxErrorEchoBytes and maxDestinationUrlLength', async () => {
    expect((await post(t, '/events/filter', JSON.stringify({ filter: { event: {} } }))).status).toBe(200);
    const deep = await post(t, '/events/filter', JSON.stringify({ filter: { event: { prefix: ['x'] } } }));
    expect(deep.status).toBe(422);
    expect((await jsonBody(deep)).exception_detail).toEqual([tooDeep(['body', 'filter', 'event', 'prefix'], 3)]);

    const echo = await post(t, '/events/filter', JSON.stringify({ filter: { order: 'SIDEWAYS' }, pad: 'x'.repeat(100) }));
    expect(echo.status).toBe(422);
    expect((await jsonBody(echo)).request_body).toMatchObject({ herald_truncated: true, type: 'object', size: 2 });

    const url = await post(
      t,
      '/destinations',
      JSON.stringify({ name: 'x', type: 'webhook', config: { url: 'https://example.com/0123456789a' } }),
    );
    expect(url.status).toBe(422);
    expect((await jsonBody(url)).exception_detail).toEqual([
      expect.objectContaining({ loc: ['body', 'config', 'url'], type: 'string_too_long', ctx: { max_length: 30 } }),
    ]);
  });
});

describe.each<Backend>(['sqlite', 'postgres'])('count-by/time with extreme arguments on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ backend });
    expect((await postEvents(t, [makeEvent({ occurred: '2026-01-01T00:00:00.000000Z' })])).status).toBe(204);
  });
  afterAll(async () => {
    await t?.close();
  });

  const whole = { since: '0001-01-01T00:00:00Z', until: '9999-12-31T23:59:59.999999Z' };
  const countBy = (body: string) => post(t, '/events/count-by/time', body);

  it.each([
    ['negative', '-1', 'greater_than_equal'],
    ['zero', '0', 'greater_than_equal'],
    ['NaN (as text)', '"NaN"', 'float_parsing'],
    ['infinite (1e999)', '1e999', 'finite_number'],
  ])('answers 422 naming time_interval: %s', async (_name, interval, type) => {
    const res = await countBy(`{"filter":{},"time_unit":"day","time_interval":${interval}}`);
    expect(res.status).toBe(422);
    expect((await jsonBody(res)).exception_detail).toEqual([expect.objectContaining({ loc: ['body', 'time_interval'], type })]);
  });

  it('answers time_interval 1e308 over the whole time range with one bucket holding every event', async () => {
    for (const unit of ['second', 'week']) {
      const res = await countBy(JSON.stringify({ filter: { occurred: whole }, time_unit: unit, time_interval: 1e308 }));
      expect(res.status).toBe(200);
      const series = await jsonBody(res);
      expect(series.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(1);
    }
  });

  it('answers the whole range at a fine interval with the bucket limit, and at a coarse one with a series', async () => {
    const fine = await countBy(JSON.stringify({ filter: { occurred: whole }, time_unit: 'second', time_interval: 1 }));
    expect(fine.status).toBe(422);
    expect((await jsonBody(fine)).code).toBe('HERALD_ERR_TOO_MANY_BUCKETS');

    const coarse = await countBy(JSON.stringify({ filter: { occurred: whole }, time_unit: 'week', time_interval: 600 }));
    expect(coarse.status).toBe(200);
    const series = await jsonBody(coarse);
    expect(series.length).toBeGreaterThan(100);
    expect(series.length).toBeLessThanOrEqual(1000);
    expect(series.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(1);
  });
});
