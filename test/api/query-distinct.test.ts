// `resource.distinct` across keyset pages: one event per primary resource overall, none repeated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage } from '../../src/events/types.js';
import { BACKENDS, makeEvent, startQueryApp, ts, type QueryApp } from '../stream/harness.js';

const NOW = '2026-08-21T12:00:00.000Z';

describe.each(BACKENDS)('distinct paging on %s', (backend) => {
  let q: QueryApp;
  beforeAll(async () => {
    q = await startQueryApp(backend);
    const events = [];
    for (let i = 0; i < 60; i++) {
      events.push(
        makeEvent({ occurred: ts(NOW, -60_000 * (i + 1)), event: 'distinct.e', resource: { 'prefect.resource.id': `distinct.r${i % 5}` } }),
      );
    }
    await q.insert(events);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('pages through each resource once', async () => {
    let res = await q.app.inject({
      method: 'POST',
      url: '/api/events/filter',
      payload: { filter: { event: { name: ['distinct.e'] }, resource: { distinct: true } }, limit: 2 },
    });
    const seen: string[] = [];
    let total = -1;
    for (let pages = 0; pages < 10; pages++) {
      const page = res.json() as EventPage;
      total = page.total;
      seen.push(...page.events.map((e) => e.resource['prefect.resource.id']));
      if (!page.next_page) break;
      const u = new URL(page.next_page);
      res = await q.app.inject({ method: 'GET', url: u.pathname + u.search });
    }
    expect(total).toBe(5);
    expect(seen.sort()).toEqual(['distinct.r0', 'distinct.r1', 'distinct.r2', 'distinct.r3', 'distinct.r4']);
  });

  it('a short distinct page reports the number of resources as total', async () => {
    const res = await q.app.inject({
      method: 'POST',
      url: '/api/events/filter',
      payload: { filter: { event: { name: ['distinct.e'] }, resource: { distinct: true } } },
    });
    const page = res.json() as EventPage;
    expect(page.events).toHaveLength(5);
    expect(page.total).toBe(5);
  });
});
