// subscribe() against a real server: backfill then live, reconnect + resume without duplicates,
// recovery after the server reports dropped events, and loud failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HeraldClient,
  type DroppedNotice,
  type EventSubscription,
  type HeraldSdkError,
  type ReceivedEvent,
  subscribe,
  toTimestamp,
} from '../../sdk/index.js';
import { FakeClock } from '../../src/clock.js';
import { type Backend, type TestServer, startTestServer } from '../helpers/server.js';
import { inputs } from './helpers.js';

/** Reads `n` events from the subscription. */
async function take(subscription: EventSubscription, n: number): Promise<ReceivedEvent[]> {
  const out: ReceivedEvent[] = [];
  while (out.length < n) {
    const next = await subscription.next();
    if (next.done) throw new Error(`subscription ended after ${out.length} of ${n} events`);
    out.push(next.value);
  }
  return out;
}

const since = () => toTimestamp(Date.now() - 60_000);

describe.each<Backend>(['sqlite', 'postgres'])('subscribe on %s', (backend) => {
  let t: TestServer;
  let client: HeraldClient;
  beforeAll(async () => {
    t = await startTestServer({ backend });
    client = new HeraldClient({ url: t.url });
  });
  afterAll(() => t?.close());

  it('yields stored events (backfill), then live ones', async () => {
    const { events: stored } = await client.emitEvents(inputs('sub.backfill-live', 3));
    const subscription = subscribe({ event: { name: ['sub.backfill-live'] }, occurred: { since: since() } }, { url: t.url });
    const backfilled = await take(subscription, 3);
    expect(backfilled.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    // The server joined us to the live feed before it backfilled, so these arrive live.
    const { events: live } = await client.emitEvents(inputs('sub.backfill-live', 2));
    expect((await take(subscription, 2)).map((e) => e.id)).toEqual(live.map((e) => e.id));
    await subscription.close();
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('reconnects after the server restarts and resumes without repeating or missing events', async () => {
    let server = await startTestServer({ backend });
    const port = Number(new URL(server.url).port);
    const emitter = () => new HeraldClient({ url: server.url });
    const clock = new FakeClock(Date.now());
    const reconnecting: number[] = [];
    let connected = 0;
    let onConnected: () => void = () => {};
    const subscription = subscribe(
      { event: { prefix: ['sub.resume.'] }, occurred: { since: since() } },
      {
        url: server.url,
        clock,
        reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 },
        onReconnecting: ({ delayMs }) => reconnecting.push(delayMs),
        onConnected: () => {
          connected++;
          onConnected();
        },
      },
    );
    try {
      await subscription.ready;
      const { events: first } = await emitter().emitEvents(inputs('sub.resume.a', 3));
      expect((await take(subscription, 3)).map((e) => e.id)).toEqual(first.map((e) => e.id));

      await server.server.close(); // closes our socket with 1001 "going away"
      server = await server.restart({ settings: { port } });
      // Stored while the subscriber is away: must come from the resumed backfill.
      const { events: missed } = await emitter().emitEvents(inputs('sub.resume.b', 2));
      const reconnected = new Promise<void>((resolve) => (onConnected = resolve));
      clock.advance(1000);
      await reconnected;
      expect(connected).toBe(2);
      expect(reconnecting).toHaveLength(1);

      const { events: live } = await emitter().emitEvents(inputs('sub.resume.c', 2));
      // The resume overlaps the first three (sent again by the backfill); they must not reappear.
      const after = await take(subscription, 4);
      expect(after.map((e) => e.id)).toEqual([...missed, ...live].map((e) => e.id));
    } finally {
      await subscription.close();
      await server.close();
    }
  });
});

describe('subscribe when the server drops events for a slow subscriber', () => {
  let t: TestServer;
  beforeAll(async () => {
    // One event in flight per subscriber: a burst overflows it at once.
    t = await startTestServer({ settings: { streamSubscriberBuffer: 1 } });
  });
  afterAll(() => t?.close());

  it('reports the drop and re-queries what was missed, each event exactly once', async () => {
    const client = new HeraldClient({ url: t.url });
    const notices: DroppedNotice[] = [];
    const subscription = subscribe(
      { event: { prefix: ['sub.dropped.'] }, occurred: { since: since() } },
      { url: t.url, onDropped: (n) => notices.push(n) },
    );
    try {
      const { events: marker } = await client.emitEvents(inputs('sub.dropped.marker', 1));
      expect((await take(subscription, 1))[0].id).toBe(marker[0].id); // live from here on
      const { events: burst } = await client.emitEvents(inputs('sub.dropped.burst', 40));
      const received = await take(subscription, 40);
      expect(new Set(received.map((e) => e.id))).toEqual(new Set(burst.map((e) => e.id)));
      expect(notices.length).toBeGreaterThan(0);
      expect(notices[0].count).toBeGreaterThan(0);
    } finally {
      await subscription.close();
    }
  });
});

describe('subscribe failures', () => {
  it('throws from the iterator when the filter is refused, and when nothing listens', async () => {
    const t = await startTestServer();
    try {
      const refused = subscribe({ order: 'SIDEWAYS' as never }, { url: t.url });
      const err = (await refused.next().catch((e: unknown) => e)) as HeraldSdkError;
      expect(err.code).toBe('HERALD_SDK_PROTOCOL');
      expect(err.message).toMatch(/Invalid filter/);
    } finally {
      await t.close();
    }
    const unreachable = subscribe({}, { url: t.url });
    await expect(unreachable.ready).rejects.toMatchObject({ code: 'HERALD_SDK_UNREACHABLE' });
    await expect(unreachable.next()).rejects.toMatchObject({ code: 'HERALD_SDK_UNREACHABLE' });
  });

  it('refuses a wrong API key with HERALD_SDK_UNAUTHORIZED', async () => {
    const t = await startTestServer({ settings: { apiKey: 'right' } });
    try {
      const subscription = subscribe({}, { url: t.url, apiKey: 'wrong' });
      await expect(subscription.next()).rejects.toMatchObject({ code: 'HERALD_SDK_UNAUTHORIZED' });
    } finally {
      await t.close();
    }
  });
});
