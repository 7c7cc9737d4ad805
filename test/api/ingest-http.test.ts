// POST /api/events: durability (204 only after commit), Prefect's 422 body, loud limits, de-dup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { openStorage } from '../../src/storage/index.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import { jsonBody, makeEvent, postEvents, startTestServer, testSettings, type Backend, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const FAR_PAST = '0001-01-01T00:00:00.000000Z';
const FAR_FUTURE = '9999-12-31T23:59:59.999999Z';

async function readBack(storage: Storage, ids: string[]) {
  return storage.events.queryEvents(DEFAULT_WORKSPACE_ID, {
    filter: { occurred: { since: FAR_PAST, until: FAR_FUTURE }, order: 'ASC', id: { id: ids } },
    limit: 1000,
  });
}

describe.each<Backend>(['sqlite', 'postgres'])('POST /api/events durability and de-dup (%s)', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ backend });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 204 only after the events are committed (visible to a second connection)', async () => {
    const events = [makeEvent(), makeEvent(), makeEvent({ received: '2000-01-01T00:00:00Z' })];
    const res = await postEvents(t, events);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    // A separate storage handle sees only committed data.
    const other = await openStorage(t.settings);
    try {
      const stored = await readBack(
        other,
        events.map((e) => e.id),
      );
      expect(stored.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      for (const e of stored) {
        // `received` is the server's: the client's value is discarded ([compat S1.2]).
        expect(e.received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        expect(e.received).not.toBe('2000-01-01T00:00:00.000000Z');
      }
    } finally {
      await other.close();
    }
  });

  it('does not answer while the batch is still waiting to be written', async () => {
    const clock = new FakeClock();
    const held = await startTestServer({ backend, clock, observeIngest: true, settings: { writerMaxDelay: 60_000 } });
    try {
      const events = [makeEvent(), makeEvent()];
      const queued = held.nextIngest();
      let answered = false;
      const response = postEvents(held, events).then((res) => {
        answered = true;
        return res;
      });
      await queued;
      // A full HTTP round trip through the same server: a premature 204 would have arrived by now.
      expect((await fetch(`${held.url}/health`)).status).toBe(200);
      expect(answered).toBe(false);
      expect(
        (
          await held.storage.events.existingIds(
            DEFAULT_WORKSPACE_ID,
            events.map((e) => e.id),
          )
        ).size,
      ).toBe(0);
      clock.advance(60_000);
      expect((await response).status).toBe(204);
      expect(
        (
          await held.storage.events.existingIds(
            DEFAULT_WORKSPACE_ID,
            events.map((e) => e.id),
          )
        ).size,
      ).toBe(2);
    } finally {
      await held.close();
    }
  });

  it('stores an id repeated within one batch once and reports it as a duplicate', async () => {
    const a = makeEvent();
    const b = makeEvent();
    const res = await postEvents(t, [a, b, { ...a, payload: { second: true } }], { headers: { prefer: 'return=representation' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('return=representation');
    expect(await jsonBody(res)).toEqual({ accepted: [a.id, b.id], duplicates: [a.id] });
    const stored = await readBack(t.storage, [a.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].payload).toEqual({ n: 1 });
  });

  it('answers duplicates across requests (cache) and concurrent requests (same batch)', async () => {
    const a = makeEvent();
    expect((await postEvents(t, [a])).status).toBe(204);
    const again = await postEvents(t, [a], { query: '?report=1' });
    expect(await jsonBody(again)).toEqual({ accepted: [], duplicates: [a.id] });

    const c = makeEvent();
    const [r1, r2] = await Promise.all([postEvents(t, [c], { query: '?report=1' }), postEvents(t, [c], { query: '?report=1' })]);
    const reports = [await jsonBody(r1), await jsonBody(r2)];
    expect(reports.flatMap((r) => r.accepted)).toEqual([c.id]);
    expect(reports.flatMap((r) => r.duplicates)).toEqual([c.id]);
    expect(await readBack(t.storage, [c.id])).toHaveLength(1);
  });

  it('recognises duplicates after a restart on the same database', async () => {
    const a = makeEvent();
    expect((await postEvents(t, [a])).status).toBe(204);
    t = await t.restart();
    const res = await postEvents(t, [a, makeEvent()], { query: '?report=1' });
    const report = await jsonBody(res);
    expect(report.duplicates).toEqual([a.id]);
    expect(report.accepted).toHaveLength(1);
    expect(await readBack(t.storage, [a.id])).toHaveLength(1);
  });
});

describe('POST /api/events input errors', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { maxEventsPerRequest: 5, maxEventBytes: 2000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("answers 422 with Prefect's body naming every offending event and field, storing nothing", async () => {
    const good = makeEvent();
    const noId = makeEvent();
    delete (noId as Record<string, unknown>).id;
    const badResource = makeEvent({ resource: { 'prefect.resource.name': 'x' } });
    const body = [good, noId, badResource, 'not an event'];
    const res = await postEvents(t, body);
    expect(res.status).toBe(422);
    const json = await jsonBody(res);
    expect(json.exception_message).toBe('Invalid request received.');
    expect(json.code).toBe('HERALD_ERR_VALIDATION');
    expect(json.request_body).toEqual(body);
    const locs = json.exception_detail.map((i: { loc: unknown[] }) => i.loc);
    expect(locs).toContainEqual(['body', 1, 'id']);
    expect(locs.some((l: unknown[]) => l[0] === 'body' && l[1] === 2 && l[2] === 'resource')).toBe(true);
    expect(locs).toContainEqual(['body', 3]);
    expect(locs.some((l: unknown[]) => l[1] === 0)).toBe(false);
    expect(json.exception_detail.find((i: { loc: unknown[] }) => i.loc[1] === 1).type).toBe('missing');
    expect(await readBack(t.storage, [good.id])).toEqual([]);
  });

  it('answers 422 for a body that is not an array', async () => {
    const res = await postEvents(t, makeEvent());
    expect(res.status).toBe(422);
    expect((await jsonBody(res)).exception_detail[0]).toMatchObject({ loc: ['body'], type: 'list_type' });
  });

  it('rejects an oversize event loudly, naming its index and size ([compat D10.16])', async () => {
    const small = makeEvent();
    const big = makeEvent({ payload: { blob: 'x'.repeat(3000) } });
    const res = await postEvents(t, [small, big]);
    expect(res.status).toBe(422);
    const json = await jsonBody(res);
    expect(json.code).toBe('HERALD_ERR_EVENT_TOO_LARGE');
    expect(json.exception_detail).toHaveLength(1);
    expect(json.exception_detail[0]).toMatchObject({ loc: ['body', 1], type: 'event_too_large', ctx: { limit: 2000 } });
    expect(json.exception_detail[0].ctx.size).toBeGreaterThan(3000);
    expect(json.detail).toContain('index 1');
    expect(await readBack(t.storage, [small.id])).toEqual([]);
  });

  it('answers 413 beyond maxEventsPerRequest', async () => {
    const res = await postEvents(
      t,
      Array.from({ length: 6 }, () => makeEvent()),
    );
    expect(res.status).toBe(413);
    expect(await jsonBody(res)).toMatchObject({ code: 'HERALD_ERR_BATCH_TOO_LARGE' });
  });

  it('answers 400 with the parser reason for malformed JSON', async () => {
    const res = await postEvents(t, null, { body: '[{"id": ' });
    expect(res.status).toBe(400);
    const json = await jsonBody(res);
    expect(json.code).toBe('HERALD_ERR_BODY_NOT_JSON');
    expect(json.detail).toMatch(/JSON/);
    expect(json.detail).not.toBe('The request body is not valid JSON: ');

    // An empty body is no body (as in FastAPI): the required body is missing.
    const empty = await postEvents(t, null, { body: '' });
    expect(empty.status).toBe(422);
    expect((await jsonBody(empty)).exception_detail).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing', input: null }]);
  });

  it('accepts an empty batch with 204', async () => {
    expect((await postEvents(t, [])).status).toBe(204);
  });
});

describe('POST /api/events when storage fails', () => {
  it('answers 500 HERALD_ERR_STORAGE to every caller of the failed batch; a retry stores the events', async () => {
    const dir = tempDir('herald-failing-');
    const real = await openStorage(testSettings({ settings: { dataDir: dir.path, databaseUrl: '' } }));
    await real.migrate();
    let failing = true;
    const passThrough = <T extends object>(target: T, replace: (prop: string | symbol) => unknown) =>
      new Proxy(target, {
        get(obj, prop) {
          const replaced = replace(prop);
          if (replaced !== undefined) return replaced;
          const value = Reflect.get(obj, prop, obj);
          return typeof value === 'function' ? value.bind(obj) : value;
        },
      });
    const events = passThrough(real.events, (prop) =>
      prop === 'insertEvents' && failing ? async () => Promise.reject(new Error('disk full')) : undefined,
    );
    const storage = passThrough(real, (prop) => (prop === 'events' ? events : undefined));
    const t = await startTestServer({ overrides: { storage } });
    try {
      const a = makeEvent();
      const b = makeEvent();
      const responses = await Promise.all([postEvents(t, [a]), postEvents(t, [b])]);
      for (const res of responses) {
        expect(res.status).toBe(500);
        expect(await jsonBody(res)).toMatchObject({ code: 'HERALD_ERR_STORAGE' });
      }
      expect((await real.events.existingIds(DEFAULT_WORKSPACE_ID, [a.id, b.id])).size).toBe(0);
      failing = false;
      expect((await postEvents(t, [a, b])).status).toBe(204);
      expect((await real.events.existingIds(DEFAULT_WORKSPACE_ID, [a.id, b.id])).size).toBe(2);
    } finally {
      await t.close();
      await real.close();
      dir.remove();
    }
  });
});
