// What the web UI needs from HeraldClient's query calls: cancellation (a changed filter aborts the
// request in flight, with no retry) and the lower-bound total flag (`total_relation: "gte"`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeraldClient } from '../../sdk/browser.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

describe('HeraldClient request options', () => {
  it('rejects with the abort reason and does not retry an aborted request', async () => {
    let calls = 0;
    // A fetch that never answers on its own, and rejects as the platform does when its signal aborts.
    const hanging: typeof fetch = (_url, init) => {
      calls++;
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const client = new HeraldClient({ url: 'http://127.0.0.1:1', fetch: hanging, retries: 3 });
    for (const call of [
      (signal: AbortSignal) => client.queryPage({}, 50, { signal }),
      (signal: AbortSignal) => client.nextPage('http://127.0.0.1:1/api/events/filter/next?page-token=x', { signal }),
      (signal: AbortSignal) => client.countBy('event', {}, { signal }),
    ]) {
      const controller = new AbortController();
      const pending = call(controller.signal);
      controller.abort(new DOMException('filter changed', 'AbortError'));
      await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'filter changed' });
    }
    expect(calls).toBe(3);
  });
});

describe('HeraldClient total_relation', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { queryExactTotalLimit: 50 } });
  });
  afterAll(() => t?.close());

  it('reports a lower-bound total as total_relation "gte", and an exact one without it', async () => {
    const client = new HeraldClient({ url: t.url });
    const resource = { 'prefect.resource.id': 'sdk.total.relation' };
    await client.emitEvents(Array.from({ length: 60 }, () => ({ event: 'sdk.total.many', resource })));
    await client.emitEvents([{ event: 'sdk.total.one', resource }]);
    const many = await client.queryPage({ event: { name: ['sdk.total.many'] } }, 10);
    expect(many.total_relation).toBe('gte');
    expect(many.total).toBeGreaterThanOrEqual(50);
    const one = await client.queryPage({ event: { name: ['sdk.total.one'] } }, 10);
    expect(one).toMatchObject({ total: 1 });
    expect(one.total_relation).toBeUndefined();
  });
});

describe('HeraldClient and the platform fetch', () => {
  it('calls fetch unbound, as browsers require (no "Illegal invocation")', async () => {
    const original = globalThis.fetch;
    // Browsers' fetch checks its receiver: anything but the global object (or none) is refused.
    globalThis.fetch = function (this: unknown, input: Parameters<typeof fetch>[0], init?: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return Promise.resolve(Response.json({ events: [], total: 0, next_page: null }));
    } as typeof fetch;
    try {
      const page = await new HeraldClient({ url: 'http://127.0.0.1:1', retries: 0 }).queryPage({}, 1);
      expect(page).toEqual({ events: [], total: 0, next_page: null });
    } finally {
      globalThis.fetch = original;
    }
  });
});
