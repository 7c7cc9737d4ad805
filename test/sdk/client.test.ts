// HeraldClient against a real server: emit, query with paging, count, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeraldClient, HeraldSdkError, type EventInput } from '../../sdk/index.js';
import { type Backend, type TestServer, startTestServer } from '../helpers/server.js';

const resource = { 'prefect.resource.id': 'etl.job.nightly', 'prefect.resource.name': 'Nightly ETL' };

describe.each<Backend>(['sqlite', 'postgres'])('HeraldClient on %s', (backend) => {
  let t: TestServer;
  let client: HeraldClient;
  beforeAll(async () => {
    t = await startTestServer({ backend });
    client = new HeraldClient({ url: t.url });
  });
  afterAll(() => t?.close());

  it('emits an event and finds it again by query', async () => {
    const event = await client.emitEvent({ event: 'sdk.round.trip', resource, payload: { rows: 42 } });
    const found = [];
    for await (const e of client.queryEvents({ id: { id: [event.id] } })) found.push(e);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: event.id, event: 'sdk.round.trip', resource, payload: { rows: 42 }, occurred: event.occurred });
    expect(typeof found[0].received).toBe('string');
  });

  it('reports which ids were new and which the server already had', async () => {
    const first = await client.emitEvents([{ event: 'sdk.dup', resource }]);
    const again = await client.emitEvents([
      { event: 'sdk.dup', resource, id: first.events[0].id },
      { event: 'sdk.dup', resource },
    ]);
    expect(first.accepted).toEqual([first.events[0].id]);
    expect(again.duplicates).toEqual([first.events[0].id]);
    expect(again.accepted).toEqual([again.events[1].id]);
  });

  it('follows next_page across pages and stops at the limit, knowing the total', async () => {
    const inputs: EventInput[] = Array.from({ length: 120 }, (_, i) => ({ event: 'sdk.paged', resource, payload: { i } }));
    await client.emitEvents(inputs);
    const filter = { event: { name: ['sdk.paged'] }, order: 'ASC' as const };
    const all = [];
    for await (const e of client.queryEvents(filter)) all.push(e.payload.i);
    expect(all).toEqual(Array.from({ length: 120 }, (_, i) => i));

    const some = client.queryEvents(filter, { limit: 70 });
    const first70 = [];
    for await (const e of some) first70.push(e.payload.i);
    expect(first70).toHaveLength(70);
    expect(some.total).toBe(120);
  });

  it('counts by event name', async () => {
    await client.emitEvents([
      { event: 'sdk.count.a', resource },
      { event: 'sdk.count.a', resource },
      { event: 'sdk.count.b', resource },
    ]);
    const counts = await client.countBy('event', { event: { prefix: ['sdk.count.'] } });
    expect(counts.map((c) => [c.value, c.count])).toEqual([
      ['sdk.count.a', 2],
      ['sdk.count.b', 1],
    ]);
  });

  it('throws a readable HERALD_SDK_HTTP error carrying the 422 details', async () => {
    const err = await client.queryPage({ order: 'SIDEWAYS' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeraldSdkError);
    expect((err as HeraldSdkError).code).toBe('HERALD_SDK_HTTP');
    expect((err as HeraldSdkError).status).toBe(422);
    expect((err as HeraldSdkError).message).toMatch(/order/);
  });
});

describe('HeraldClient errors', () => {
  it('rejects an invalid event locally, naming the field, and sends none of its batch', async () => {
    const t = await startTestServer();
    try {
      const client = new HeraldClient({ url: t.url });
      const good = { event: 'sdk.local.reject', resource };
      const bad = { event: 'sdk.local.reject', resource, related: [{ 'prefect.resource.id': 'b' }] };
      const err = await client.emitEvents([good, bad]).catch((e: unknown) => e);
      expect((err as HeraldSdkError).code).toBe('HERALD_SDK_INVALID_EVENT');
      expect((err as HeraldSdkError).field).toBe('related[0]["prefect.resource.role"]');
      expect((await client.queryPage({ event: { name: ['sdk.local.reject'] } })).total).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('says HERALD_SDK_UNREACHABLE when nothing listens at the URL', async () => {
    const t = await startTestServer();
    const url = t.url;
    await t.close();
    const err = await new HeraldClient({ url, retries: 0 }).queryPage().catch((e: unknown) => e);
    expect((err as HeraldSdkError).code).toBe('HERALD_SDK_UNREACHABLE');
  });

  it('says HERALD_SDK_UNAUTHORIZED when the key is missing or wrong', async () => {
    const t = await startTestServer({ settings: { apiKey: 'right-key' } });
    try {
      const wrong = new HeraldClient({ url: t.url, apiKey: 'wrong-key' });
      const err = await wrong.emitEvent({ event: 'x', resource }).catch((e: unknown) => e);
      expect((err as HeraldSdkError).code).toBe('HERALD_SDK_UNAUTHORIZED');
      const right = new HeraldClient({ url: t.url, apiKey: 'right-key' });
      await expect(right.emitEvent({ event: 'x', resource })).resolves.toMatchObject({ event: 'x' });
    } finally {
      await t.close();
    }
  });
});
