// POST /events/count-by/{day|time|event|resource} on both backends ([compat S2.4], [compat D10.11]).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventCount } from '../../src/events/types.js';
import { BACKENDS, makeEvent, startQueryApp, type QueryApp } from '../stream/harness.js';

// The fake clock reads 2026-08-21T12:00:00Z.
const window = { since: '2026-08-17T00:00:00Z', until: '2026-08-21T12:00:00Z' };

describe.each(BACKENDS)('count-by on %s', (backend) => {
  let q: QueryApp;
  beforeAll(async () => {
    q = await startQueryApp(backend);
    const named = (id: string, name: string) => ({ 'prefect.resource.id': id, 'prefect.resource.name': name });
    await q.insert([
      makeEvent({ occurred: '2026-08-17T01:00:00.000000Z', event: 'flow.completed', resource: named('r.a', 'alpha') }),
      makeEvent({ occurred: '2026-08-17T23:59:59.999999Z', event: 'flow.completed', resource: named('r.a', 'alpha-renamed') }),
      makeEvent({ occurred: '2026-08-19T10:00:00.000000Z', event: 'flow.failed', resource: named('r.b', 'beta') }),
      makeEvent({ occurred: '2026-08-21T11:00:00.000000Z', event: 'flow.completed', resource: { 'prefect.resource.id': 'r.c' } }),
      makeEvent({ occurred: '2026-08-21T11:30:00.000000Z', event: 'flow.failed', resource: named('r.b', 'beta') }),
      // Outside the window.
      makeEvent({ occurred: '2026-08-10T00:00:00.000000Z', event: 'flow.completed' }),
    ]);
  });
  afterAll(async () => {
    await q?.close();
  });

  const countBy = (countable: string, body: unknown) =>
    q.app.inject({ method: 'POST', url: `/api/events/count-by/${countable}`, payload: body as object });

  it('time: zero-filled daily series with string indexes, +00:00 labels and µs bounds', async () => {
    const res = await countBy('time', { filter: { occurred: window }, time_unit: 'day', time_interval: 1 });
    expect(res.statusCode).toBe(200);
    const series = res.json() as EventCount[];
    expect(series.map((s) => [s.value, s.label, s.count])).toEqual([
      ['0', '2026-08-17T00:00:00+00:00', 2],
      ['1', '2026-08-18T00:00:00+00:00', 0],
      ['2', '2026-08-19T00:00:00+00:00', 1],
      ['3', '2026-08-20T00:00:00+00:00', 0],
      ['4', '2026-08-21T00:00:00+00:00', 2],
    ]);
    expect(series[1]).toMatchObject({ start_time: '2026-08-18T00:00:00.000000Z', end_time: '2026-08-18T23:59:59.999999Z' });
  });

  it('time: hourly buckets with a fractional interval, aligned to the pivot', async () => {
    const res = await countBy('time', {
      filter: { occurred: { since: '2026-08-21T09:00:00Z', until: '2026-08-21T12:00:00Z' } },
      time_unit: 'hour',
      time_interval: 1.5,
    });
    const series = res.json() as EventCount[];
    expect(series.map((s) => [s.start_time, s.count])).toEqual([
      ['2026-08-21T09:00:00.000000Z', 0],
      ['2026-08-21T10:30:00.000000Z', 2],
      // None starting at 12:00: `until` lies on a boundary, and Prefect walks `while span_start < end`.
    ]);
  });

  it('day (legacy) counts per day whatever time_unit says ([compat D10.11])', async () => {
    const res = await countBy('day', { filter: { occurred: window }, time_unit: 'hour', time_interval: 1 });
    expect(res.statusCode).toBe(200);
    const series = res.json() as EventCount[];
    expect(series.map((s) => s.count)).toEqual([2, 0, 1, 0, 2]);
    expect(series.map((s) => s.label.slice(11))).toEqual(Array(5).fill('00:00:00+00:00'));
  });

  it('events after now but inside until are counted instead of failing ([compat D10.11])', async () => {
    await q.insert([makeEvent({ occurred: '2026-08-24T08:00:00.000000Z', event: 'future.thing' })]);
    const res = await countBy('time', {
      filter: { occurred: { since: '2026-08-20T00:00:00Z', until: '2026-08-30T00:00:00Z' }, event: { prefix: ['future.'] } },
    });
    expect(res.statusCode).toBe(200);
    const series = res.json() as EventCount[];
    expect(series.map((s) => [s.label.slice(0, 10), s.count])).toEqual([
      ['2026-08-20', 0],
      ['2026-08-21', 0],
      ['2026-08-22', 0],
      ['2026-08-23', 0],
      ['2026-08-24', 1],
    ]);
  });

  it('event: grouped by name, count DESC then label ASC, with first/last occurred', async () => {
    const res = await countBy('event', { filter: { occurred: window } });
    expect(res.json()).toEqual([
      {
        value: 'flow.completed',
        label: 'flow.completed',
        count: 3,
        start_time: '2026-08-17T01:00:00.000000Z',
        end_time: '2026-08-21T11:00:00.000000Z',
      },
      {
        value: 'flow.failed',
        label: 'flow.failed',
        count: 2,
        start_time: '2026-08-19T10:00:00.000000Z',
        end_time: '2026-08-21T11:30:00.000000Z',
      },
    ]);
  });

  it('resource: grouped by resource id, labelled with its latest name', async () => {
    const res = await countBy('resource', { filter: { occurred: window } });
    expect((res.json() as EventCount[]).map((c) => [c.value, c.label, c.count])).toEqual([
      ['r.a', 'alpha-renamed', 2],
      ['r.b', 'beta', 2],
      ['r.c', 'r.c', 1],
    ]);
  });

  it('allows exactly 1000 buckets and rejects 1001 with Prefect`s detail text', async () => {
    const ok = await countBy('time', {
      filter: { occurred: { since: '2026-08-21T11:43:20Z', until: '2026-08-21T12:00:00Z' } },
      time_unit: 'second',
      time_interval: 1,
    });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as EventCount[]).length).toBe(1000); // `until` on a boundary starts no bucket of its own
    const res = await countBy('time', {
      filter: { occurred: { since: '2026-08-21T11:43:19.5Z', until: '2026-08-21T12:00:00Z' } },
      time_unit: 'second',
      time_interval: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      code: 'HERALD_ERR_TOO_MANY_BUCKETS',
      detail:
        'The given interval would create 1001 buckets, which is too many. Please increase the interval or reduce the time range to produce 1000 buckets or fewer.',
    });
  });

  it('answers a huge interval with one bucket instead of failing', async () => {
    const res = await countBy('time', { filter: { occurred: window }, time_unit: 'week', time_interval: 1e6 });
    expect(res.statusCode).toBe(200);
    const series = res.json() as EventCount[];
    expect(series).toHaveLength(1);
    expect(series[0].count).toBe(5);
  });

  it('applies the bucket limit to event and resource counts too', async () => {
    const res = await countBy('event', { filter: { occurred: window }, time_unit: 'minute' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/^The given interval would create 6480 buckets/);
  });

  it('rejects a missing filter, a bad time_unit, a tiny time_interval and an unknown countable', async () => {
    const missing = await countBy('time', { time_unit: 'day' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().exception_detail).toEqual([{ type: 'missing', loc: ['body', 'filter'], msg: 'Field required', input: null }]);
    const unit = await countBy('time', { filter: {}, time_unit: 'month' });
    expect(unit.json().exception_detail[0]).toMatchObject({ type: 'enum', loc: ['body', 'time_unit'], input: 'month' });
    const interval = await countBy('time', { filter: {}, time_interval: 0.001 });
    expect(interval.statusCode).toBe(422);
    expect(interval.json().exception_detail[0]).toMatchObject({
      type: 'greater_than_equal',
      loc: ['body', 'time_interval'],
      ctx: { ge: 0.01 },
    });
    const countable = await countBy('weekday', { filter: {} });
    expect(countable.statusCode).toBe(422);
    expect(countable.json().exception_detail[0]).toMatchObject({ type: 'enum', loc: ['path', 'countable'] });
  });
});
