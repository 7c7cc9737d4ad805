// Size limits on event filters (issue #9): every list, label spec and related/any_resource list is
// bounded (maxFilterListItems, maxFilterLabels, maxFilterResourceFilters, maxFilterTerms), so a hostile
// filter is a 422 naming the field instead of SQLite's "Expression tree is too large" (a 500) — and a
// filter with every structural limit reached at once still runs, on both backends.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWs, jsonBody, makeEvent, postEvents, startTestServer, type Backend, type TestServer } from '../helpers/server.js';

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const occurred = { since: '2025-12-01T00:00:00Z', until: '2026-02-01T00:00:00Z' };

/** 50 labels (`first`, l1..l49): `first` with 200 patterns (one of them `match`), the others exactly `v`. */
function bigSpec(first = 'l0', match = 'v*'): Record<string, string | string[]> {
  const spec: Record<string, string | string[]> = { [first]: [...range(199, (i) => `no${i}*`), match] };
  for (let i = 1; i < 50; i++) spec[`l${i}`] = 'v';
  return spec;
}
const labels = Object.fromEntries(range(50, (i) => [`l${i}`, 'v']));

describe.each<Backend>(['sqlite', 'postgres'])('event filter size limits on %s', (backend) => {
  let t: TestServer;
  let target: ReturnType<typeof makeEvent>;

  beforeAll(async () => {
    t = await startTestServer({ backend });
    target = makeEvent({
      event: 'acme.x',
      resource: { 'prefect.resource.id': 'r.1', ...labels },
      related: [{ 'prefect.resource.id': 'f.1', 'prefect.resource.role': 'flow', ...labels }],
    });
    expect((await postEvents(t, [target, makeEvent({ event: 'other.y' })])).status).toBe(204);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** Every per-list, per-spec and related/any_resource limit reached at once (1,937 values). */
  const atLimit = () => ({
    occurred,
    event: {
      prefix: [...range(199, (i) => `zzz${i}.`), 'acme.'],
      exclude_prefix: range(200, (i) => `nope${i}.`),
      name: [...range(199, (i) => `n${i}`), 'acme.x'],
    },
    resource: { id_prefix: [...range(199, (i) => `q${i}.`), 'r.'], labels: bigSpec() },
    related: [{ role: ['flow'], labels: bigSpec('prefect.resource.id', 'f*') }, ...range(19, () => ({ role: ['flow'] }))],
    any_resource: [{ id_prefix: ['r.'], labels: bigSpec() }, ...range(19, () => ({ id_prefix: ['r.'] }))],
    id: { id: [...range(199, () => randomUUID()), target.id] },
  });

  it('runs a filter with every list at its limit (query and count-by)', async () => {
    const res = await post('/events/filter', { filter: atLimit() });
    expect(res.status).toBe(200);
    const page = await jsonBody(res);
    expect(page.events.map((e: { id: string }) => e.id)).toEqual([target.id]);
    expect(page.total).toBe(1);

    const counted = await post('/events/count-by/event', { filter: atLimit() });
    expect(counted.status).toBe(200);
    expect((await jsonBody(counted)).map((c: { value: string; count: number }) => [c.value, c.count])).toEqual([['acme.x', 1]]);
  });

  it.each([
    ['event.prefix', { event: { prefix: range(201, (i) => `p${i}.`) } }, ['event', 'prefix']],
    ['100,000 prefixes', { event: { prefix: range(100_000, (i) => `p${i}.`) } }, ['event', 'prefix']],
    ['event.exclude_name', { event: { exclude_name: range(201, (i) => `n${i}`) } }, ['event', 'exclude_name']],
    ['resource.id', { resource: { id: range(201, (i) => `r${i}`) } }, ['resource', 'id']],
    ['labels per spec', { resource: { labels: Object.fromEntries(range(51, (i) => [`l${i}`, 'v'])) } }, ['resource', 'labels']],
    ['patterns per label', { resource: { labels: { l0: range(10_000, (i) => `v${i}`) } } }, ['resource', 'labels', 'l0']],
    ['related entries', { related: range(21, () => ({ role: ['flow'] })) }, ['related']],
    ['related role', { related: [{ role: range(201, (i) => `r${i}`) }] }, ['related', 0, 'role']],
    ['resources_in_roles', { related: { resources_in_roles: range(201, (i) => [`r${i}`, 'flow']) } }, ['related', 'resources_in_roles']],
    ['any_resource entries', { any_resource: range(21, () => ({ id: ['x'] })) }, ['any_resource']],
    ['any_resource labels', { any_resource: { labels: { l0: range(201, (i) => `v${i}`) } } }, ['any_resource', 'labels', 'l0']],
    ['event ids', { id: { id: range(201, () => randomUUID()) } }, ['id', 'id']],
  ])('answers 422 too_long naming the field: %s', async (_name, filter, loc) => {
    for (const path of ['/events/filter', '/events/count-by/time']) {
      const res = await post(path, { filter: { occurred, ...filter } });
      expect(res.status).toBe(422);
      const body = await jsonBody(res);
      expect(body.code).toBe('HERALD_ERR_VALIDATION');
      expect(body.exception_detail).toEqual([
        expect.objectContaining({
          loc: ['body', 'filter', ...loc],
          type: 'too_long',
          ctx: expect.objectContaining({ max_length: expect.any(Number) }),
        }),
      ]);
    }
  });

  it('bounds the values of the whole filter (maxFilterTerms)', async () => {
    // 10 lists of 200 entries are each within their limit, but 2,001 values altogether are not.
    const filter = {
      occurred,
      event: {
        prefix: range(200, (i) => `a${i}`),
        exclude_prefix: range(200, (i) => `b${i}`),
        name: range(200, (i) => `c${i}`),
        exclude_name: range(200, (i) => `d${i}`),
      },
      resource: { id: range(200, (i) => `e${i}`), id_prefix: range(200, (i) => `f${i}`) },
      related: [{ id: range(200, (i) => `g${i}`), role: range(200, (i) => `h${i}`) }],
      any_resource: [{ id: range(200, (i) => `i${i}`), id_prefix: range(200, (i) => `j${i}`) }],
    };
    expect((await post('/events/filter', { filter })).status).toBe(200);
    filter.any_resource.push({ id: ['k'], id_prefix: [] });
    const res = await post('/events/filter', { filter });
    expect(res.status).toBe(422);
    expect((await jsonBody(res)).exception_detail).toEqual([expect.objectContaining({ loc: ['body', 'filter'], type: 'value_error' })]);
  });

  it('closes /events/out with 1002 naming the field of an oversize filter', async () => {
    const c = await connectWs(`${t.wsUrl}/events/out`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: null });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    c.send({ type: 'filter', filter: { event: { prefix: range(201, (i) => `p${i}.`) } } });
    const closed = await c.closed;
    expect(closed.code).toBe(1002);
    expect(closed.reason).toMatch(/^Invalid filter: event\.prefix: List should have at most 200 items/);
  });
});

describe('filter limits are settings', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { maxFilterListItems: 3, maxFilterLabels: 2, maxFilterResourceFilters: 1 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies the configured limits', async () => {
    const post = (filter: unknown) =>
      fetch(`${t.url}/events/filter`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter }),
      });
    expect(
      (await post({ event: { prefix: ['a', 'b', 'c'] }, resource: { labels: { a: 'x', b: 'y' } }, related: [{ role: ['x'] }] })).status,
    ).toBe(200);
    for (const [filter, loc] of [
      [{ event: { prefix: ['a', 'b', 'c', 'd'] } }, ['event', 'prefix']],
      [{ resource: { labels: { a: 'x', b: 'y', c: 'z' } } }, ['resource', 'labels']],
      [{ related: [{ role: ['x'] }, { role: ['y'] }] }, ['related']],
    ] as const) {
      const res = await post(filter);
      expect(res.status).toBe(422);
      expect((await jsonBody(res)).exception_detail[0]).toMatchObject({ loc: ['body', 'filter', ...loc], type: 'too_long' });
    }
  });
});
