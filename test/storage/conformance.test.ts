// ONE suite, run against both backends ([arch I9]; Hono's common-case habit).
// Each test uses its own workspace; tests that act on the whole database get their own backend.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.js';
import type { EventStorageBackend, EventStore } from '../../src/storage/storage.js';
import { eventBackends, type HalfBackend } from './halves.js';
import { eventId, filter, makeEvent, workspace } from './fixtures.js';

const ids = (events: ReceivedEvent[]) => events.map((e) => e.id);
const sorted = (list: string[]) => [...list].sort();

describe.each(eventBackends)('Storage conformance: $name', (factory) => {
  let b: HalfBackend<EventStorageBackend>;
  let store: EventStore;
  beforeAll(async () => {
    b = await factory.create();
    store = b.storage.events;
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  /** Inserts `events` into a new workspace; returns the workspace and a query helper. */
  async function seed(events: ReceivedEvent[]) {
    const ws = workspace();
    await store.insertEvents(ws, events);
    const query = async (f: Parameters<typeof filter>[0] = {}, limit = 50) =>
      sorted(ids(await store.queryEvents(ws, { filter: filter(f), limit })));
    return { ws, query };
  }

  describe('insert and read back', () => {
    it('returns every field exactly: microseconds, unicode, key order, big payloads', async () => {
      const big = { blob: 'x'.repeat(300_000), list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `v${i}` })) };
      const e1 = makeEvent({
        occurred: '2026-08-21T10:00:00.000001Z',
        received: '2026-08-21T10:00:00.999999Z',
        event: 'ünïcødé.事件.🚀',
        resource: { 'prefect.resource.id': 'res.ß.🙂', 'z-last': 'first?', 'a-first': 'Ωmega "quoted" \\ back' },
        related: [
          { 'prefect.resource.id': 'prefect.flow.9c1', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
          { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
        ],
        payload: { z: 1, a: [1, 'two', null, true, { nested: { deep: 1.5 } }], ключ: 'значение', empty: {} },
        follows: eventId(),
      });
      const e2 = makeEvent({ occurred: '2026-08-21T10:00:00.000002Z', payload: big });
      const ws = workspace();
      expect(await store.insertEvents(ws, [e1, e2])).toEqual({ inserted: [e1.id, e2.id], duplicates: [] });
      const back = await store.queryEvents(ws, { filter: filter({ order: 'ASC' }), limit: 10 });
      // JSON text comparison also checks key order.
      expect(back.map((e) => JSON.stringify(e))).toEqual([e1, e2].map((e) => JSON.stringify(e)));
    });

    it('keeps timestamps at the edges of the representable range', async () => {
      const early = makeEvent({ occurred: '0001-01-01T00:00:00.000000Z' });
      const late = makeEvent({ occurred: '9999-12-31T23:59:59.999999Z' });
      const ws = workspace();
      await store.insertEvents(ws, [early, late]);
      const all = { since: '0001-01-01T00:00:00.000000Z', until: '9999-12-31T23:59:59.999999Z' };
      const back = await store.queryEvents(ws, { filter: filter({ occurred: all, order: 'ASC' }), limit: 10 });
      expect(back.map((e) => e.occurred)).toEqual([early.occurred, late.occurred]);
    });

    it('stores a duplicate id once, within one batch and across calls, and reports it', async () => {
      const a = makeEvent();
      const b2 = makeEvent();
      const ws = workspace();
      expect(await store.insertEvents(ws, [a, b2, { ...a, event: 'changed' }])).toEqual({ inserted: [a.id, b2.id], duplicates: [a.id] });
      expect(await store.insertEvents(ws, [b2, makeEvent({ id: a.id })])).toEqual({ inserted: [], duplicates: [b2.id, a.id] });
      const back = await store.queryEvents(ws, { filter: filter(), limit: 10 });
      expect(sorted(ids(back))).toEqual(sorted([a.id, b2.id]));
      expect(back.find((e) => e.id === a.id)!.event).toBe(a.event);
      expect(await store.existingIds(ws, [a.id, eventId()])).toEqual(new Set([a.id]));
    });

    it('keeps workspaces apart (the same id may exist in two workspaces)', async () => {
      const e = makeEvent();
      const w1 = workspace();
      const w2 = workspace();
      await store.insertEvents(w1, [e]);
      expect((await store.insertEvents(w2, [e])).inserted).toEqual([e.id]);
      expect(await store.countEvents(w1, filter())).toBe(1);
      expect(await store.countEvents(workspace(), filter())).toBe(0);
      expect(await store.existingIds(workspace(), [e.id])).toEqual(new Set());
    });

    it('handles a batch bigger than any bind-parameter limit ([compat D10.18])', async () => {
      const many = Array.from({ length: 3000 }, (_, i) =>
        makeEvent({
          related: Array.from({ length: 20 }, (_, j) => ({ 'prefect.resource.id': `r.${i}.${j}`, 'prefect.resource.role': 'tag' })),
        }),
      );
      const ws = workspace();
      const r = await store.insertEvents(ws, many);
      expect(r.inserted.length).toBe(3000);
      expect(await store.countEvents(ws, filter({ any_resource: { id: ['r.2999.19'] } }))).toBe(1);
    });
  });

  describe('filters', () => {
    const at = (s: number) => `2026-08-21T10:00:${String(s).padStart(2, '0')}.000000Z`;

    it('occurred since/until are inclusive', async () => {
      const evs = [1, 2, 3, 4].map((s) => makeEvent({ occurred: at(s) }));
      const { query } = await seed(evs);
      expect(await query({ occurred: { since: at(2), until: at(3) } })).toEqual(sorted([evs[1].id, evs[2].id]));
    });

    it('event prefix / exclude_prefix / name / exclude_name; prefixes are literal ([compat D10.10])', async () => {
      const names = ['a.b', 'a_b.c', 'axb.c', 'a%b', 'aXb', 'b.a'];
      const evs = names.map((event) => makeEvent({ event }));
      const { query } = await seed(evs);
      const pick = (...n: string[]) => sorted(evs.filter((e) => n.includes(e.event)).map((e) => e.id));
      expect(await query({ event: { prefix: ['a_'] } })).toEqual(pick('a_b.c'));
      expect(await query({ event: { prefix: ['a%'] } })).toEqual(pick('a%b'));
      expect(await query({ event: { prefix: ['a.', 'b'] } })).toEqual(pick('a.b', 'b.a'));
      expect(await query({ event: { prefix: ['a*', 'a?'] } })).toEqual([]);
      expect(await query({ event: { exclude_prefix: ['a'] } })).toEqual(pick('b.a'));
      expect(await query({ event: { name: ['aXb', 'axb'] } })).toEqual(pick('aXb'));
      expect(await query({ event: { exclude_name: ['a.b', 'b.a'], prefix: ['a'] } })).toEqual(pick('a_b.c', 'axb.c', 'a%b', 'aXb'));
      expect(await query({ event: { prefix: [], name: [] } })).toEqual(sorted(ids(evs)));
    });

    it('resource id / id_prefix / labels with globs, negation and missing labels ([compat S1.4])', async () => {
      const r = (id: string, extra: Record<string, string> = {}) => makeEvent({ resource: { 'prefect.resource.id': id, ...extra } });
      const evs = [
        r('prefect.flow-run.1', { env: 'prod', name: 'etl-daily' }),
        r('prefect.flow-run.2', { env: 'Prod', name: 'etl-hourly' }),
        r('prefect.flow_run.3', { env: 'dev' }),
        r('s3://bucket/a.csv', { name: 'x[1]' }),
      ];
      const { query } = await seed(evs);
      const pick = (...i: number[]) => sorted(i.map((k) => evs[k].id));
      expect(await query({ resource: { id: ['prefect.flow-run.2', 'nope'] } })).toEqual(pick(1));
      expect(await query({ resource: { id_prefix: ['prefect.flow-run.'] } })).toEqual(pick(0, 1));
      expect(await query({ resource: { id_prefix: ['prefect.flow_'] } })).toEqual(pick(2));
      expect(await query({ resource: { labels: { env: 'prod' } } })).toEqual(pick(0)); // case-sensitive
      expect(await query({ resource: { labels: { env: '[pP]rod' } } })).toEqual(pick(0, 1));
      expect(await query({ resource: { labels: { env: '[!p]*' } } })).toEqual(pick(1, 2));
      expect(await query({ resource: { labels: { env: '!prod' } } })).toEqual(pick(1, 2)); // missing label never matches
      expect(await query({ resource: { labels: { env: ['dev', 'prod'] } } })).toEqual(pick(0, 2));
      expect(await query({ resource: { labels: { env: ['!dev', '!prod'] } } })).toEqual(pick(0, 1, 2)); // OR-ed negations (quirk)
      expect(await query({ resource: { labels: { name: 'etl-?????' } } })).toEqual(pick(0));
      expect(await query({ resource: { labels: { name: 'x[[]1]' } } })).toEqual(pick(3));
      expect(await query({ resource: { labels: { 'prefect.resource.id': '*.csv' } } })).toEqual(pick(3));
      expect(await query({ resource: { labels: { 'prefect.resource.id': 's3://*', name: 'x*' } } })).toEqual(pick(3));
      expect(await query({ resource: { labels: { env: [] } } })).toEqual([]);
      expect(await query({ resource: { labels: {} } })).toEqual(pick(0, 1, 2, 3));
      expect(await query({ resource: { labels: { 'prefect.resource.role': '' } } })).toEqual([]);
    });

    it('related: all criteria must hold on ONE related resource; arrays are AND-ed', async () => {
      const rel = (id: string, role: string, extra: Record<string, string> = {}) => ({
        'prefect.resource.id': id,
        'prefect.resource.role': role,
        ...extra,
      });
      const evs = [
        makeEvent({ related: [rel('prefect.flow.a', 'flow', { name: 'etl' }), rel('prefect.tag.x', 'tag')] }),
        makeEvent({ related: [rel('prefect.flow.a', 'tag'), rel('prefect.flow.b', 'flow', { name: 'etl' })] }),
        makeEvent({ resource: { 'prefect.resource.id': 'prefect.flow.a', 'prefect.resource.role': 'flow' } }),
        makeEvent({ related: [rel('prefect.deployment.d', 'deployment')] }),
      ];
      const { query } = await seed(evs);
      const pick = (...i: number[]) => sorted(i.map((k) => evs[k].id));
      expect(await query({ related: { id: ['prefect.flow.a'], role: ['flow'] } })).toEqual(pick(0));
      expect(await query({ related: { id: ['prefect.flow.a'] } })).toEqual(pick(0, 1)); // never the primary
      expect(await query({ related: { role: ['flow'] } })).toEqual(pick(0, 1));
      expect(
        await query({
          related: {
            resources_in_roles: [
              ['prefect.flow.a', 'tag'],
              ['prefect.deployment.d', 'deployment'],
            ],
          },
        }),
      ).toEqual(pick(1, 3));
      expect(await query({ related: { labels: { name: 'etl', 'prefect.resource.id': '*.b' } } })).toEqual(pick(1));
      expect(await query({ related: { labels: { 'prefect.resource.role': 'flow' } } })).toEqual(pick(0, 1));
      expect(await query({ related: { id: ['prefect.flow.a'], labels: { name: 'etl' } } })).toEqual(pick(0));
      expect(await query({ related: [{ role: ['tag'] }, { labels: { name: 'e*' } }] })).toEqual(pick(0, 1));
      expect(await query({ related: [{ role: ['tag'] }, { role: ['deployment'] }] })).toEqual([]);
      expect(await query({ related: {} })).toEqual(pick(0, 1, 2, 3));
      // '' as a listed role lets the primary resource take part (Prefect's SQL)
      expect(await query({ related: { role: [''], id: ['prefect.flow.a'] } })).toEqual(pick(2));
    });

    it('any_resource: the primary or one related resource satisfies all criteria', async () => {
      const evs = [
        makeEvent({ resource: { 'prefect.resource.id': 'prefect.flow-run.1', env: 'prod' } }),
        makeEvent({ related: [{ 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.role': 'parent', env: 'dev' }] }),
        makeEvent({
          resource: { 'prefect.resource.id': 'prefect.flow-run.9', env: 'dev' },
          related: [{ 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.role': 'x' }],
        }),
      ];
      const { query } = await seed(evs);
      const pick = (...i: number[]) => sorted(i.map((k) => evs[k].id));
      expect(await query({ any_resource: { id: ['prefect.flow-run.1'] } })).toEqual(pick(0, 1, 2));
      expect(await query({ any_resource: { id: ['prefect.flow-run.1'], labels: { env: 'dev' } } })).toEqual(pick(1)); // same resource
      expect(await query({ any_resource: { id_prefix: ['prefect.flow-run.9'] } })).toEqual(pick(2));
      // the role label is compared exactly (no glob), '' being the primary's role
      expect(await query({ any_resource: { labels: { 'prefect.resource.role': 'par*' } } })).toEqual([]);
      expect(await query({ any_resource: { labels: { 'prefect.resource.role': ['parent', 'x'] } } })).toEqual(pick(1, 2));
      expect(await query({ any_resource: { labels: { 'prefect.resource.role': '', env: 'prod' } } })).toEqual(pick(0));
      expect(await query({ any_resource: [{ id: ['prefect.flow-run.9'] }, { labels: { env: 'dev' } }] })).toEqual(pick(2));
    });

    it('id list; an empty list is no constraint', async () => {
      const evs = [makeEvent(), makeEvent(), makeEvent()];
      const { query } = await seed(evs);
      expect(await query({ id: { id: [evs[0].id, evs[2].id.toUpperCase(), eventId(), 'not-a-uuid'] } })).toEqual(
        sorted([evs[0].id, evs[2].id]),
      );
      expect(await query({ id: { id: [] } })).toEqual(sorted(ids(evs)));
    });

    it('text search: include OR, exclude, required, phrases, short terms, case and wildcards', async () => {
      const evs = [
        makeEvent({ event: 'Deploy.Failed', resource: { 'prefect.resource.id': 'x.1' }, payload: { msg: 'Disk FULL on db-1' } }),
        makeEvent({ event: 'deploy.ok', resource: { 'prefect.resource.id': 'x.2' }, payload: { msg: 'all good', note: '50% done_now' } }),
        makeEvent({ event: 'other', resource: { 'prefect.resource.id': 'x.3', 'prefect.resource.name': 'Crimson Otter' } }),
        makeEvent({ event: 'star', resource: { 'prefect.resource.id': 'x.4' }, payload: { glob: 'a*b?[c]' } }),
      ];
      const { query } = await seed(evs);
      const pick = (...i: number[]) => sorted(i.map((k) => evs[k].id));
      expect(await query({ text: { query: 'disk' } })).toEqual(pick(0));
      expect(await query({ text: { query: 'DISK otter' } })).toEqual(pick(0, 2));
      expect(await query({ text: { query: 'deploy -failed' } })).toEqual(pick(1));
      expect(await query({ text: { query: 'deploy +good' } })).toEqual(pick(1));
      expect(await query({ text: { query: '"crimson otter"' } })).toEqual(pick(2));
      expect(await query({ text: { query: '"otter crimson"' } })).toEqual([]);
      expect(await query({ text: { query: 'db' } })).toEqual(pick(0)); // 2 chars: below the trigram size
      expect(await query({ text: { query: '%' } })).toEqual(pick(1));
      expect(await query({ text: { query: '_' } })).toEqual(pick(1));
      expect(await query({ text: { query: '-d' } })).toEqual(pick(2, 3)); // 1 char, excluded
      expect(await query({ text: { query: 'a*b?[c]' } })).toEqual(pick(3));
      expect(await query({ text: { query: '*' } })).toEqual(pick(3));
      expect(await query({ text: { query: '' } })).toEqual(pick(0, 1, 2, 3));
      // label names are not searched, values are (src/events searchableText)
      expect(await query({ text: { query: 'prefect.resource.name' } })).toEqual([]);
    });
  });

  describe('order, paging and distinct', () => {
    async function pageAll(ws: string, order: 'ASC' | 'DESC', limit: number, distinct = false) {
      const seen: ReceivedEvent[] = [];
      let after: { occurred: string; id: string } | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = await store.queryEvents(ws, { filter: filter({ order, resource: { distinct } }), limit, after });
        seen.push(...page);
        if (page.length < limit) break;
        const last = page[page.length - 1];
        after = { occurred: last.occurred, id: last.id };
      }
      return seen;
    }

    it('pages by (occurred, id) without skips or repeats when occurred is equal ([compat D10.12])', async () => {
      const evs = Array.from({ length: 23 }, (_, i) =>
        makeEvent({ occurred: i < 15 ? '2026-08-21T10:00:00.000000Z' : `2026-08-21T10:00:0${i - 14}.000000Z` }),
      );
      const ws = workspace();
      await store.insertEvents(ws, [...evs].reverse());
      const cmp = (x: ReceivedEvent, y: ReceivedEvent) =>
        x.occurred < y.occurred ? -1 : x.occurred > y.occurred ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
      const asc = [...evs].sort(cmp).map((e) => e.id);
      expect(ids(await pageAll(ws, 'ASC', 4))).toEqual(asc);
      expect(ids(await pageAll(ws, 'DESC', 5))).toEqual([...asc].reverse());
    });

    it('distinct returns the first event per primary resource in the order, and counts resources', async () => {
      const mk = (rid: string, s: number) =>
        makeEvent({ resource: { 'prefect.resource.id': rid }, occurred: `2026-08-21T10:00:0${s}.000000Z` });
      const evs = [mk('r1', 1), mk('r1', 5), mk('r2', 2), mk('r2', 3), mk('r3', 4)];
      const ws = workspace();
      await store.insertEvents(ws, evs);
      expect(ids(await pageAll(ws, 'DESC', 2, true))).toEqual([evs[1].id, evs[4].id, evs[3].id]);
      expect(ids(await pageAll(ws, 'ASC', 1, true))).toEqual([evs[0].id, evs[2].id, evs[4].id]);
      expect(await store.countEvents(ws, filter({ resource: { distinct: true } }))).toBe(3);
      expect(await store.countEvents(ws, filter())).toBe(5);
    });

    it('limit 0 returns nothing', async () => {
      const { ws } = await seed([makeEvent()]);
      expect(await store.queryEvents(ws, { filter: filter(), limit: 0 })).toEqual([]);
    });
  });

  describe('counting', () => {
    const PIVOT = '2024-04-01T00:00:00.000000Z';

    it('countByTime: floor((occurred − pivot) / width), non-empty buckets only, before the pivot too', async () => {
      const evs = [
        makeEvent({ occurred: '2024-04-01T00:00:00.000000Z' }), // bucket 0
        makeEvent({ occurred: '2024-04-01T23:59:59.999999Z' }), // bucket 0
        makeEvent({ occurred: '2024-04-03T00:00:00.000000Z' }), // bucket 2
        makeEvent({ occurred: '2024-03-31T23:59:59.999999Z' }), // bucket −1
        makeEvent({ occurred: '2024-03-30T00:00:00.000000Z' }), // bucket −2
      ];
      const ws = workspace();
      await store.insertEvents(ws, evs);
      const f = filter({ occurred: { since: '2024-01-01T00:00:00.000000Z', until: '2024-12-31T00:00:00.000000Z' } });
      expect(await store.countByTime(ws, f, 86_400_000_000, PIVOT)).toEqual([
        { bucket: -2, count: 1 },
        { bucket: -1, count: 1 },
        { bucket: 0, count: 2 },
        { bucket: 2, count: 1 },
      ]);
      // a fractional width (time_interval 0.015 s = 15,000 µs … and 1.5 µs) still floors
      expect(await store.countByTime(ws, f, 1.5 * 86_400_000_000, PIVOT)).toEqual([
        { bucket: -2, count: 1 },
        { bucket: -1, count: 1 },
        { bucket: 0, count: 2 },
        { bucket: 1, count: 1 },
      ]);
      expect(await store.countByTime(ws, filter({ ...f, event: { name: ['none'] } }), 1000, PIVOT)).toEqual([]);
    });

    it('countByTime agrees with a plain computation for bucket-by-bucket and per-row plans, incl. range edges', async () => {
      // Random events over ~3 days; widths that make few buckets (per-bucket plan on SQLite) and
      // many (per-row plan); ranges that cut through buckets, so the first and last are partial.
      const base = Date.UTC(2026, 7, 20);
      let seed = 7;
      const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const stamp = (us: number) =>
        new Date(Math.floor(us / 1000)).toISOString().slice(0, 19) + '.' + String(us % 1_000_000).padStart(6, '0') + 'Z';
      const pivotUs = Date.UTC(2024, 3, 1) * 1000;
      const evs = Array.from({ length: 300 }, () =>
        makeEvent({ occurred: stamp(base * 1000 + Math.floor(rand() * 3 * 86_400_000_000)), event: rand() < 0.5 ? 'a' : 'b' }),
      );
      // Events exactly on bucket edges (and 1 µs either side) for every width below.
      for (const width of [3_600_000_000, 86_400_000_000, 900_000_007, 60_000_000]) {
        const edge = pivotUs + (Math.floor((base * 1000 - pivotUs) / width) + 3) * width;
        for (const d of [-1, 0, 1]) evs.push(makeEvent({ occurred: stamp(edge + d), event: 'a' }));
      }
      const ws = workspace();
      await store.insertEvents(ws, evs);
      const toUs = (t: string) => Date.parse(t.slice(0, 19) + 'Z') * 1000 + Number(t.slice(20, 26));
      const cases: [number, string, string][] = [
        [3_600_000_000, stamp(base * 1000 + 1_234_567_890), stamp(base * 1000 + 2.5 * 86_400_000_000)],
        [86_400_000_000, stamp(base * 1000 - 1), stamp(base * 1000 + 3 * 86_400_000_000)],
        [900_000_000 + 7, stamp(base * 1000 + 333), stamp(base * 1000 + 86_400_000_000)],
        [60_000_000, stamp(base * 1000), stamp(base * 1000 + 3 * 86_400_000_000)], // 4,320 buckets: per-row plan
      ];
      for (const [width, since, until] of cases) {
        for (const names of [undefined, ['a']]) {
          const f = filter({ occurred: { since, until }, ...(names ? { event: { name: names } } : {}) });
          const expected = new Map<number, number>();
          for (const e of evs) {
            if (e.occurred < since || e.occurred > until || (names && !names.includes(e.event))) continue;
            const b = Math.floor((toUs(e.occurred) - pivotUs) / width);
            expected.set(b, (expected.get(b) ?? 0) + 1);
          }
          const want = [...expected].sort((x, y) => x[0] - y[0]).map(([bucket, count]) => ({ bucket, count }));
          expect(await store.countByTime(ws, f, width, PIVOT)).toEqual(want);
        }
      }
    });

    it('countByGroup by event: count DESC, label ASC, min/max occurred', async () => {
      const evs = [
        makeEvent({ event: 'b', occurred: '2026-08-21T10:00:01.000000Z' }),
        makeEvent({ event: 'b', occurred: '2026-08-21T10:00:03.000000Z' }),
        makeEvent({ event: 'c', occurred: '2026-08-21T10:00:02.000000Z' }),
        makeEvent({ event: 'a', occurred: '2026-08-21T10:00:04.000000Z' }),
        makeEvent({ event: 'B', occurred: '2026-08-21T10:00:05.000000Z' }),
      ];
      const { ws } = await seed(evs);
      expect(await store.countByGroup(ws, filter(), 'event')).toEqual([
        { value: 'b', label: 'b', count: 2, start_time: '2026-08-21T10:00:01.000000Z', end_time: '2026-08-21T10:00:03.000000Z' },
        { value: 'B', label: 'B', count: 1, start_time: '2026-08-21T10:00:05.000000Z', end_time: '2026-08-21T10:00:05.000000Z' },
        { value: 'a', label: 'a', count: 1, start_time: '2026-08-21T10:00:04.000000Z', end_time: '2026-08-21T10:00:04.000000Z' },
        { value: 'c', label: 'c', count: 1, start_time: '2026-08-21T10:00:02.000000Z', end_time: '2026-08-21T10:00:02.000000Z' },
      ]);
    });

    it('countByGroup by resource: label from the latest event (name, else prefect.name, else id)', async () => {
      const at = (s: number) => `2026-08-21T10:00:0${s}.000000Z`;
      const evs = [
        makeEvent({ resource: { 'prefect.resource.id': 'r1', 'prefect.resource.name': 'old' }, occurred: at(1) }),
        makeEvent({ resource: { 'prefect.resource.id': 'r1', 'prefect.resource.name': 'zeta' }, occurred: at(3) }),
        makeEvent({ resource: { 'prefect.resource.id': 'r2', 'prefect.name': 'alpha' }, occurred: at(2) }),
        makeEvent({ resource: { 'prefect.resource.id': 'r3' }, occurred: at(4) }),
        makeEvent({ resource: { 'prefect.resource.id': 'r3' }, occurred: at(5) }),
      ];
      const { ws } = await seed(evs);
      expect(await store.countByGroup(ws, filter(), 'resource')).toEqual([
        { value: 'r3', label: 'r3', count: 2, start_time: at(4), end_time: at(5) },
        { value: 'r1', label: 'zeta', count: 2, start_time: at(1), end_time: at(3) },
        { value: 'r2', label: 'alpha', count: 1, start_time: at(2), end_time: at(2) },
      ]);
    });
  });
});

describe.each(eventBackends)('Storage lifecycle: $name', (factory) => {
  it('persists across close and reopen; migrate() is idempotent', async () => {
    const b = await factory.create();
    try {
      const e = makeEvent();
      const ws = workspace();
      await b.storage.events.insertEvents(ws, [e]);
      await b.storage.close();
      const again = b.open();
      await again.migrate();
      await again.migrate();
      await again.ping();
      expect(ids(await again.events.queryEvents(ws, { filter: filter(), limit: 5 }))).toEqual([e.id]);
      expect((await again.events.insertEvents(ws, [e])).duplicates).toEqual([e.id]);
      const applied = await b.countRows('herald_migrations');
      expect(applied).toBeGreaterThanOrEqual(1);
      // several processes starting together: concurrent migrate() calls are safe
      const others = [b.open(), b.open(), b.open()];
      await Promise.all(others.map((s) => s.migrate()));
      expect(await b.countRows('herald_migrations')).toBe(applied);
    } finally {
      await b.cleanup();
    }
  });

  it('deleteEvents: at most `limit` per call, by age, names and exclusions, with their resource rows', async () => {
    const b = await factory.create();
    try {
      const s = b.storage.events;
      const old = '2026-01-01T00:00:00.000000Z';
      const fresh = '2026-03-01T00:00:00.000000Z';
      const rel = [{ 'prefect.resource.id': 'x', 'prefect.resource.role': 'r' }];
      const w1 = workspace();
      const w2 = workspace();
      await s.insertEvents(
        w1,
        Array.from({ length: 7 }, () => makeEvent({ occurred: old, event: 'beat', related: rel })),
      );
      await s.insertEvents(
        w2,
        Array.from({ length: 5 }, () => makeEvent({ occurred: old, event: 'other', related: rel })),
      );
      await s.insertEvents(
        w1,
        Array.from({ length: 3 }, () => makeEvent({ occurred: fresh, event: 'beat', related: rel })),
      );
      const before = '2026-02-01T00:00:00.000000Z';
      expect(await s.deleteEvents({ before, eventNames: ['beat'] }, 4)).toBe(4);
      expect(await s.deleteEvents({ before, eventNames: ['beat'] }, 4)).toBe(3);
      expect(await s.deleteEvents({ before, eventNames: ['beat'] }, 4)).toBe(0);
      expect(await s.deleteEvents({ before, excludeEventNames: ['other'] }, 100)).toBe(0);
      expect(await s.deleteEvents({ before }, 3)).toBe(3); // across workspaces
      expect(await s.deleteEvents({ before }, 100)).toBe(2);
      expect(await s.countEvents(w1, filter())).toBe(3);
      expect(await s.countEvents(w2, filter())).toBe(0);
      expect(await b.countRows('events')).toBe(3);
      expect(await b.countRows('event_resources')).toBe(6);
      expect(await b.countRows('event_labels')).toBe(3); // makeEvent's resource name
      // The deleted events' searchable text went with them (SQLite: events_fts rows; PostgreSQL:
      // the search_text column, see Backend.countTextEntries), and search sees only the survivors.
      expect(await b.countTextEntries()).toBe(3);
      expect(await s.countEvents(w1, filter({ text: { query: 'beat' } }))).toBe(3);
      expect(await s.countEvents(w2, filter({ text: { query: 'other' } }))).toBe(0);
    } finally {
      await b.cleanup();
    }
  });
});
