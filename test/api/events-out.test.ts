// WS /events/out over real sockets on both backends ([compat S2.7], [compat D10.1], [compat D10.2], [compat D10.21]).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BatchHandler } from '../../src/bus/bus.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { BACKENDS, makeEvent, startQueryApp, TestClient, ts, type QueryApp } from '../stream/harness.js';

type Msg = { type: string; event?: ReceivedEvent; count?: number; since?: string; detail?: string };

describe.each(BACKENDS)('WS /events/out on %s', (backend) => {
  let q: QueryApp;
  let clients: TestClient[] = [];
  let activeBusSubscriptions = 0;
  const unsubscribed: (() => void)[] = [];

  beforeAll(async () => {
    q = await startQueryApp(backend, { streamBackfillPageSize: 250 });
    // Count the distributor's bus subscriptions, to check clean-up on close.
    const subscribe = q.bus.subscribe.bind(q.bus);
    q.bus.subscribe = (handler: BatchHandler) => {
      activeBusSubscriptions++;
      const off = subscribe(handler);
      return () => {
        activeBusSubscriptions--;
        off();
        for (const wake of unsubscribed.splice(0)) wake();
      };
    };
  });
  afterEach(async () => {
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed));
    clients = [];
  });
  afterAll(async () => {
    await q?.close();
  });

  const now = () => ts(new Date(q.clock.now()).toISOString(), 0);
  const client = (protocols?: string[]) => {
    const c = new TestClient(`${q.wsBase}/events/out`, protocols);
    clients.push(c);
    return c;
  };
  const events = (messages: unknown[]) => (messages as Msg[]).map((m) => m.event!);
  /**
   * The server says nothing after the filter, so readiness is probed: an event committed now
   * reaches the client by backfill or live, and either way the subscriber has joined the live feed
   * (it joins before it backfills) and its backfill is over (the probe was alone on its page).
   */
  const probe = async (c: TestClient, e: ReceivedEvent) => {
    await q.commit([e]);
    expect(events([await c.next()])[0].id).toBe(e.id);
  };

  it('backfills then goes live with no gap and no duplicate while events commit during the backfill', async () => {
    const tag = 'gapless.';
    const stored = Array.from({ length: 600 }, (_, i) => makeEvent({ occurred: ts(now(), -600_000 + i * 100), event: `${tag}stored` }));
    await q.insert(stored);
    // Events committed *while* the backfill pages, spread over the whole window, so some land ahead
    // of the keyset cursor (seen by the backfill AND live) and some behind it (seen only live). The
    // bus is flushed inside the storage hook, so live deliveries really interleave with the pages:
    // A and B arrive live before the backfill reaches them (queued, de-duplicated when going live);
    // C is stored before page 1 but its batch reaches the bus only after the subscriber went live
    // (a slow publisher): de-duplicated on arrival by the remembered backfill ids.
    const spread = (label: string, offset: number) =>
      Array.from({ length: 40 }, (_, i) => makeEvent({ occurred: ts(now(), -599_000 + offset + i * 14_000), event: `${tag}${label}` }));
    const [a, b, c] = [spread('a', 0), spread('b', 500), spread('c', 250)];
    const original = q.storage.events.queryEvents.bind(q.storage.events);
    let calls = 0;
    q.storage.events.queryEvents = async (ws, query) => {
      const call = calls++;
      if (call === 0) {
        await q.commit(a);
        await q.bus.flushed();
        await q.insert(c);
      } else if (call === 1) {
        await q.commit(b);
        await q.bus.flushed();
      }
      return original(ws, query);
    };
    const during = [a, b, c];
    try {
      const sub = client();
      await sub.subscribe({ event: { prefix: [tag] } });
      const expected = [...stored, ...during.flat()];
      const got = events(await sub.take(expected.length));
      q.bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events: c });
      // A sentinel committed last must be the very next message: nothing extra was queued.
      const sentinel = makeEvent({ occurred: now(), event: `${tag}sentinel` });
      await q.commit([sentinel]);
      expect(events([await sub.next()])[0].id).toBe(sentinel.id);
      expect(new Set(got.map((e) => e.id)).size).toBe(expected.length);
      expect(new Set(got.map((e) => e.id))).toEqual(new Set(expected.map((e) => e.id)));
      // The backfilled part is in (occurred, id) order.
      const backfilled = got.slice(0, 600).map((e) => e.occurred);
      expect(backfilled).toEqual([...backfilled].sort());
      expect(calls).toBeGreaterThanOrEqual(3);
    } finally {
      q.storage.events.queryEvents = original;
    }
  });

  it('applies related filters to live events ([compat D10.1])', async () => {
    const c = client();
    await c.subscribe({ event: { prefix: ['rel.'] }, related: { role: ['deployment'], id: ['prefect.deployment.x'] } });
    const rel = (id: string) => [{ 'prefect.resource.id': id, 'prefect.resource.role': 'deployment' }];
    await probe(c, makeEvent({ occurred: now(), event: 'rel.probe', related: rel('prefect.deployment.x') }));
    const other = makeEvent({ occurred: now(), event: 'rel.a', related: rel('prefect.deployment.y') });
    const match = makeEvent({ occurred: now(), event: 'rel.b', related: rel('prefect.deployment.x') });
    await q.commit([other]);
    await q.commit([match]);
    expect(events([await c.next()])[0].id).toBe(match.id);
  });

  it('an omitted until receives live events after the subscribe time ([compat D10.2])', async () => {
    const c = client();
    await c.subscribe({ event: { prefix: ['open.'] } });
    await probe(c, makeEvent({ occurred: now(), event: 'open.first' }));
    q.clock.advance(3_600_000);
    const later = makeEvent({ occurred: now(), event: 'open.later' });
    await q.commit([later]);
    expect(events([await c.next()])[0].id).toBe(later.id);
  });

  it('an explicit until still bounds the live part', async () => {
    const c = client();
    const until = ts(now(), 60_000);
    await c.subscribe({ event: { prefix: ['bounded.'] }, occurred: { until } });
    await probe(c, makeEvent({ occurred: now(), event: 'bounded.probe' }));
    const after = makeEvent({ occurred: ts(now(), 120_000), event: 'bounded.after' });
    const inside = makeEvent({ occurred: ts(now(), 30_000), event: 'bounded.inside' });
    await q.commit([after]);
    await q.commit([inside]);
    expect(events([await c.next()])[0].id).toBe(inside.id);
  });

  it('clamps since to the max backfill and filters out late events before it', async () => {
    const old = makeEvent({ occurred: ts(now(), -16 * 60_000), event: 'clamp.old' });
    const recent = makeEvent({ occurred: ts(now(), -60_000), event: 'clamp.recent' });
    await q.insert([old, recent]);
    const c = client();
    await c.subscribe({ event: { prefix: ['clamp.'] }, occurred: { since: ts(now(), -3_600_000) } });
    expect(events([await c.next()])[0].id).toBe(recent.id);
    const late = makeEvent({ occurred: ts(now(), -20 * 60_000), event: 'clamp.late' });
    const live = makeEvent({ occurred: now(), event: 'clamp.live' });
    await q.commit([late, live]);
    expect(events([await c.next()])[0].id).toBe(live.id);
  });

  it('works in legacy mode (no subprotocol, no auth exchange)', async () => {
    const c = client([]);
    await c.subscribe({ event: { prefix: ['legacy.'] } });
    const e = makeEvent({ occurred: now(), event: 'legacy.e' });
    await q.commit([e]);
    expect(await c.next()).toEqual({ type: 'event', event: e });
  });

  it('closes 1002 "Expected \'filter\' message" on a wrong message type', async () => {
    const c = client();
    await c.opened;
    c.send({ type: 'auth', token: null });
    await c.next();
    c.send({ type: 'subscribe', filter: {} });
    expect(await c.closed).toEqual({ code: 1002, reason: "Expected 'filter' message" });
  });

  it('closes 1002 "Expected \'filter\' message" on a frame that is not a JSON object', async () => {
    const c = client();
    await c.opened;
    c.send({ type: 'auth', token: null });
    await c.next();
    c.send('not json');
    expect(await c.closed).toEqual({ code: 1002, reason: "Expected 'filter' message" });
  });

  it('closes 1002 "Invalid filter: …" on an invalid filter', async () => {
    const c = client();
    await c.subscribe({ bogus: true, occurred: { since: 'not a date' } });
    const { code, reason } = await c.closed;
    expect(code).toBe(1002);
    expect(reason).toMatch(/^Invalid filter: /);
    expect(reason).toContain('bogus');
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });

  it('releases its bus subscription when the last subscriber closes', async () => {
    const c = client();
    await c.subscribe({ event: { prefix: ['cleanup.'] } });
    const e = makeEvent({ occurred: now(), event: 'cleanup.e' });
    await q.commit([e]);
    await c.next(); // the subscription is live
    expect(activeBusSubscriptions).toBe(1);
    const released = new Promise<void>((resolve) => unsubscribed.push(resolve));
    c.close();
    await released;
    expect(activeBusSubscriptions).toBe(0);
  });
});

describe('WS /events/out without backfill, and with a slow subscriber ([compat D10.21])', () => {
  let q: QueryApp;
  let busSubscribed: Promise<void>;
  const nowTs = () => ts(new Date(q.clock.now()).toISOString(), 0);
  beforeAll(async () => {
    q = await startQueryApp('sqlite', { streamSubscriberBuffer: 3 });
    // Without backfill the client gets no sign that the server joined the live feed; the
    // distributor's bus subscription is that sign.
    const subscribe = q.bus.subscribe.bind(q.bus);
    busSubscribed = new Promise((resolve) => {
      q.bus.subscribe = (handler: BatchHandler) => {
        resolve();
        return subscribe(handler);
      };
    });
  });
  afterAll(async () => {
    await q?.close();
  });

  it('stops queuing at the buffer bound and sends one explicit dropped message, then resumes', async () => {
    const c = new TestClient(`${q.wsBase}/events/out`);
    try {
      const stored = makeEvent({ occurred: nowTs(), event: 'slow.stored' });
      await q.insert([stored]);
      await c.subscribe({ event: { prefix: ['slow.'] } }, { backfill: false, notices: true });
      await busSubscribed;
      const probe = makeEvent({ occurred: nowTs(), event: 'slow.probe' });
      await q.commit([probe]);
      // "backfill": false — the stored event is not sent, the live one is.
      expect(((await c.next()) as Msg).event!.id).toBe(probe.id);
      // One committed batch of 10 reaches the subscriber at once: 3 fit, 7 are dropped.
      const burst = Array.from({ length: 10 }, (_, i) => makeEvent({ occurred: ts(nowTs(), i * 1000), event: 'slow.burst' }));
      await q.commit(burst);
      const messages = (await c.take(4)) as Msg[];
      expect(messages.slice(0, 3).map((m) => m.event!.id)).toEqual(burst.slice(0, 3).map((e) => e.id));
      expect(messages[3]).toMatchObject({ type: 'dropped', count: 7, since: burst[3].occurred });
      expect(messages[3].detail).toMatch(/re-query \/events\/filter/i);
      const after = makeEvent({ occurred: nowTs(), event: 'slow.after' });
      await q.commit([after]);
      expect(((await c.next()) as Msg).event!.id).toBe(after.id);
    } finally {
      c.close();
      await c.closed;
    }
  });

  it("a client that did not ask for notices (Prefect's) is closed with 1013 instead, naming where to resume", async () => {
    // Prefect's subscriber reads message["event"] from every message: a `dropped` notice would crash
    // it. A non-OK close makes it reconnect and backfill from its last event instead.
    const c = new TestClient(`${q.wsBase}/events/out`);
    try {
      // With backfill the probe arrives whether it commits before or after the server joins the feed.
      await c.subscribe({ event: { prefix: ['prefectish.'] } });
      const probe = makeEvent({ occurred: nowTs(), event: 'prefectish.probe' });
      await q.commit([probe]);
      expect(((await c.next()) as Msg).event!.id).toBe(probe.id);
      const burst = Array.from({ length: 10 }, (_, i) => makeEvent({ occurred: ts(nowTs(), i * 1000), event: 'prefectish.burst' }));
      await q.commit(burst);
      const closed = await c.closed;
      expect(closed.code).toBe(1013);
      expect(closed.reason).toContain(burst[3].occurred);
      const delivered = c.buffered as Msg[];
      expect(delivered.every((m) => m.type === 'event')).toBe(true);
      expect(delivered.map((m) => m.event!.id)).toEqual(burst.slice(0, delivered.length).map((e) => e.id));
    } finally {
      c.close();
    }
  });

  it('a client that stops reading fills the socket, then gets the events it could take and one dropped notice', async () => {
    const c = new TestClient(`${q.wsBase}/events/out`);
    try {
      await c.subscribe({ event: { prefix: ['stalled.'] } }, { notices: true });
      const probeEvent = makeEvent({ occurred: nowTs(), event: 'stalled.probe' });
      await q.commit([probeEvent]);
      expect(((await c.next()) as Msg).event!.id).toBe(probeEvent.id);
      // Stop reading: TCP back-pressure fills the kernel buffers and then ws's own queue. 400 events
      // of ~100 kB (40 MB) is more than localhost socket buffers hold (tcp_rmem max 32 MB here).
      c.ws.pause();
      const blob = 'x'.repeat(100_000);
      const sent: ReceivedEvent[] = [];
      // One event per batch (the burst test above covers a batch larger than the buffer): here the
      // buffer fills only because the socket stopped draining.
      for (let i = 0; i < 400; i++) {
        const e = makeEvent({ occurred: ts(nowTs(), i * 10), event: 'stalled.e', payload: { blob } });
        sent.push(e);
        await q.commit([e]);
        await q.bus.flushed();
      }
      c.ws.resume();
      const received: string[] = [];
      let notice: Msg | undefined;
      while (!notice) {
        const m = (await c.next()) as Msg;
        if (m.type === 'dropped') notice = m;
        else received.push(m.event!.id);
      }
      expect(notice.count).toBeGreaterThan(0);
      expect(received.length + notice.count!).toBe(sent.length);
      // Delivered: an unbroken prefix; dropped: everything after it, from `since` on.
      expect(received).toEqual(sent.slice(0, received.length).map((e) => e.id));
      expect(notice.since).toBe(sent[received.length].occurred);
      const after = makeEvent({ occurred: nowTs(), event: 'stalled.after' });
      await q.commit([after]);
      expect(((await c.next()) as Msg).event!.id).toBe(after.id);
    } finally {
      c.close();
      await c.closed;
    }
  });
});
