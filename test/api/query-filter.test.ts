// POST /events/filter and GET /events/filter/next on both backends ([compat S2.2], [compat S2.3], [compat D10.12]).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage, ReceivedEvent } from '../../src/events/types.js';
import { BACKENDS, makeEvent, startQueryApp, ts, type QueryApp } from '../stream/harness.js';

const NOW = '2026-08-21T12:00:00.000Z';
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe.each(BACKENDS)('events filter API on %s', (backend) => {
  let q: QueryApp;
  const all: ReceivedEvent[] = [];
  beforeAll(async () => {
    q = await startQueryApp(backend);
    // 130 events sharing only three `occurred` values: offset paging over `occurred` alone would
    // skip and repeat rows here.
    for (let i = 0; i < 130; i++) {
      all.push(makeEvent({ occurred: ts(NOW, -3_600_000 * (1 + (i % 3))), event: `paging.e${i % 5}` }));
    }
    await q.insert(all);
  });
  afterAll(async () => {
    await q?.close();
  });

  const post = (body: unknown, url = '/api/events/filter') => q.app.inject({ method: 'POST', url, payload: body as object });
  const follow = (next: string) => {
    const u = new URL(next);
    return q.app.inject({ method: 'GET', url: u.pathname + u.search });
  };

  async function allPages(body: Record<string, unknown>): Promise<{ pages: EventPage[] }> {
    const pages: EventPage[] = [];
    let res = await post(body);
    for (;;) {
      expect(res.statusCode).toBe(200);
      const page = res.json() as EventPage;
      pages.push(page);
      if (!page.next_page) return { pages };
      expect(pages.length).toBeLessThan(20);
      res = await follow(page.next_page);
    }
  }

  for (const order of ['ASC', 'DESC'] as const) {
    it(`pages through many equal occurred values once each (${order})`, async () => {
      const { pages } = await allPages({ filter: { event: { prefix: ['paging.'] }, order }, limit: 50 });
      expect(pages.map((p) => p.events.length)).toEqual([50, 50, 30]);
      expect(pages.every((p) => p.total === 130)).toBe(true);
      const ids = pages.flatMap((p) => p.events.map((e) => e.id));
      expect(new Set(ids).size).toBe(130);
      expect(new Set(ids)).toEqual(new Set(all.map((e) => e.id)));
      const occurred = pages.flatMap((p) => p.events.map((e) => e.occurred));
      const sorted = [...occurred].sort();
      expect(occurred).toEqual(order === 'ASC' ? sorted : sorted.reverse());
    });
  }

  it('returns canonical datetimes and a URL-safe next_page on the request host and base path', async () => {
    const res = await q.app.inject({
      method: 'POST',
      url: '/api/events/filter',
      payload: { limit: 1 },
      headers: { host: 'herald.example:8443' },
    });
    const page = res.json() as EventPage;
    expect(page.events[0].occurred).toMatch(CANONICAL);
    expect(page.events[0].received).toMatch(CANONICAL);
    expect(page.next_page).toMatch(/^http:\/\/herald\.example:8443\/api\/events\/filter\/next\?page-token=[A-Za-z0-9_-]+$/);
  });

  it('defaults to 50 per page, newest first', async () => {
    const page = (await post({})).json() as EventPage;
    expect(page.events).toHaveLength(50);
    expect(page.total).toBe(130);
    expect(page.events[0].occurred >= page.events[49].occurred).toBe(true);
  });

  it('accepts an empty body and a null filter, and ignores unknown top-level keys', async () => {
    expect((await q.app.inject({ method: 'POST', url: '/api/events/filter' })).statusCode).toBe(200);
    const res = await post({ filter: null, limit: 2, extra: 'ignored' });
    expect(res.statusCode).toBe(200);
    expect((res.json() as EventPage).events).toHaveLength(2);
  });

  it('rejects limit 51 with a pydantic-style 422', async () => {
    const res = await post({ limit: 51 });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.exception_message).toBe('Invalid request received.');
    expect(body.exception_detail).toEqual([
      expect.objectContaining({ type: 'less_than_equal', loc: ['body', 'limit'], input: 51, ctx: { le: 50 } }),
    ]);
    expect(body.request_body).toEqual({ limit: 51 });
  });

  it('rejects negative and non-integer limits', async () => {
    expect((await post({ limit: -1 })).json().exception_detail[0]).toMatchObject({ type: 'greater_than_equal', loc: ['body', 'limit'] });
    expect((await post({ limit: 'x' })).json().exception_detail[0]).toMatchObject({ type: 'int_parsing' });
    expect((await post({ limit: 2.5 })).json().exception_detail[0]).toMatchObject({ type: 'int_from_float' });
  });

  it('rejects unknown keys inside the filter (extra="forbid")', async () => {
    const res = await post({ filter: { bogus: 1 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().exception_detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'filter', 'bogus'] });
  });

  it('caps limit to the number of ids asked for', async () => {
    const ids = [all[0].id, all[1].id];
    const page = (await post({ filter: { id: { id: ids } }, limit: 50 })).json() as EventPage;
    expect(page.events.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(page.total).toBe(2);
    expect(page.next_page).toBeNull();
    const one = (await post({ filter: { id: { id: ids } }, limit: 1 })).json() as EventPage;
    expect(one.events).toHaveLength(1);
    expect(one.next_page).not.toBeNull();
    const second = (await follow(one.next_page!)).json() as EventPage;
    expect(second.events).toHaveLength(1);
    expect(second.next_page).toBeNull();
    expect(new Set([one.events[0].id, second.events[0].id])).toEqual(new Set(ids));
  });

  it('a short first page reports its own size as total; a full one counts', async () => {
    const few = (await post({ filter: { event: { name: ['paging.e1', 'paging.e2'] } }, limit: 50 })).json() as EventPage;
    expect(few.events).toHaveLength(50);
    expect(few.total).toBe(52);
    const all = (await post({ filter: { event: { name: ['paging.e1'] } }, limit: 50 })).json() as EventPage;
    expect(all.events).toHaveLength(26);
    expect(all.total).toBe(26);
    expect(all.next_page).toBeNull();
  });

  it('limit 0 returns the total and no next page ([compat D10.12]: no endless empty pages)', async () => {
    const page = (await post({ limit: 0 })).json() as EventPage;
    expect(page).toEqual({ events: [], total: 130, next_page: null });
  });

  it('later pages keep the first call`s window and total (no recount)', async () => {
    const first = (await post({ filter: { event: { prefix: ['paging.'] } }, limit: 50 })).json() as EventPage;
    await q.insert([makeEvent({ occurred: ts(NOW, -60_000), event: 'paging.late' })]);
    const second = (await follow(first.next_page!)).json() as EventPage;
    expect(second.total).toBe(130);
    expect(second.events.some((e) => e.event === 'paging.late')).toBe(false);
  });

  it('answers 403 {"detail":"Forbidden"} to forged, garbled and empty tokens, 422 to a missing one', async () => {
    const first = (await post({ limit: 10 })).json() as EventPage;
    const token = new URL(first.next_page!).searchParams.get('page-token')!;
    const inner = Buffer.from(token, 'base64url').toString('utf8');
    const [body, sig] = inner.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    payload.page_size = 1000;
    const forged = Buffer.from(`${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`).toString('base64url');
    const prefectStyle = Buffer.from(
      Buffer.from(JSON.stringify({ filter: {}, count: 5, page_size: 50, offset: 50 })).toString('base64'),
    ).toString('base64');
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const t of [forged, prefectStyle, flipped, 'garbage', '']) {
      const res = await q.app.inject({ method: 'GET', url: `/api/events/filter/next?page-token=${encodeURIComponent(t)}` });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ code: 'HERALD_ERR_PAGE_TOKEN', detail: 'Forbidden' });
    }
    // Missing altogether, it is a request-validation error, as FastAPI answers it (#12.0).
    const missing = await q.app.inject({ method: 'GET', url: '/api/events/filter/next' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      code: 'HERALD_ERR_VALIDATION',
      exception_detail: [{ loc: ['query', 'page-token'], type: 'missing', msg: 'Field required' }],
    });
  });
});

describe('next_page honours a custom API base path', () => {
  it('links under the configured prefix', async () => {
    const q = await startQueryApp('sqlite', { apiBasePath: '/custom/api' });
    try {
      await q.insert([0, 1].map((i) => makeEvent({ occurred: ts(NOW, -1000 * (i + 1)) })));
      const res = await q.app.inject({ method: 'POST', url: '/custom/api/events/filter', payload: { limit: 1 }, headers: { host: 'h:1' } });
      const next = (res.json() as EventPage).next_page!;
      expect(next.startsWith('http://h:1/custom/api/events/filter/next?page-token=')).toBe(true);
      const u = new URL(next);
      const second = await q.app.inject({ method: 'GET', url: u.pathname + u.search });
      expect(second.statusCode).toBe(200);
      expect((second.json() as EventPage).events).toHaveLength(1);
    } finally {
      await q?.close();
    }
  });
});
