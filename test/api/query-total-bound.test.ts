// The first page's `total` above `queryExactTotalLimit` ([compat D10.34]): the bound with
// `total_relation: "gte"`, repeated on every later page; the token chain then runs until a short
// page, never ending early at `served >= total`. At or below the bound: exact, Prefect's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldEventPage } from '../../src/api/schemas/events.js';
import { BACKENDS, makeEvent, startQueryApp, ts, type QueryApp } from '../stream/harness.js';

const NOW = '2026-08-21T12:00:00.000Z';
const BOUND = 10;

describe.each(BACKENDS)('bounded total on %s', (backend) => {
  let q: QueryApp;
  beforeAll(async () => {
    q = await startQueryApp(backend, { queryExactTotalLimit: BOUND });
    const batch = (name: string, n: number) =>
      Array.from({ length: n }, (_, i) => makeEvent({ occurred: ts(NOW, -60_000 * (i + 1)), event: name }));
    await q.insert([...batch('at.bound', BOUND), ...batch('over.bound', 25), ...batch('over.short', 24)]);
  });
  afterAll(async () => {
    await q?.close();
  });

  /** Every page of the chain, first to last. */
  async function chain(name: string, limit: number): Promise<HeraldEventPage[]> {
    let res = await q.app.inject({ method: 'POST', url: '/api/events/filter', payload: { filter: { event: { name: [name] } }, limit } });
    const pages: HeraldEventPage[] = [];
    for (;;) {
      expect(res.statusCode).toBe(200);
      const page = res.json() as HeraldEventPage;
      pages.push(page);
      if (!page.next_page || pages.length > 20) return pages;
      const u = new URL(page.next_page);
      res = await q.app.inject({ method: 'GET', url: u.pathname + u.search });
    }
  }

  it('at the bound: exact total, no extension field, the chain ends when every match is served', async () => {
    const pages = await chain('at.bound', 5);
    expect(pages.map((p) => p.events.length)).toEqual([5, 5]);
    for (const p of pages) {
      expect(p.total).toBe(BOUND);
      expect(p).not.toHaveProperty('total_relation');
    }
  });

  it('above the bound: total is the bound, flagged gte on every page; the chain runs past it to the last match', async () => {
    const pages = await chain('over.bound', 5);
    // 25 matches in full pages of 5: the 5th page is full, so one empty page closes the chain.
    expect(pages.map((p) => p.events.length)).toEqual([5, 5, 5, 5, 5, 0]);
    expect(new Set(pages.flatMap((p) => p.events.map((e) => e.id))).size).toBe(25);
    for (const p of pages) {
      expect(p.total).toBe(BOUND);
      expect(p.total_relation).toBe('gte');
    }
    expect(pages.at(-1)!.next_page).toBeNull();
  });

  it('above the bound: a short page ends the chain', async () => {
    const pages = await chain('over.short', 5);
    expect(pages.map((p) => p.events.length)).toEqual([5, 5, 5, 5, 4]);
    expect(pages.at(-1)!.next_page).toBeNull();
  });

  it('a bound below the page size is raised to the page: total never undercounts the page shown', async () => {
    const pages = await chain('over.bound', 20);
    expect(pages.map((p) => p.events.length)).toEqual([20, 5]);
    expect(pages[0]).toMatchObject({ total: 20, total_relation: 'gte' });
  });

  it('limit 0: no events, the bounded total, no next page', async () => {
    const [page] = await chain('over.bound', 0);
    expect(page).toEqual({ events: [], total: BOUND, total_relation: 'gte', next_page: null });
  });
});
