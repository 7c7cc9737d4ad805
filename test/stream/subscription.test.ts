// LiveSubscription against real SQLite storage with a hand-drained channel: backfill is pulled, so
// a full buffer makes it wait (never drop); live events during backfill count against the bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { parseEventFilter } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { openStorage } from '../../src/storage/index.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { Distributor } from '../../src/stream/distributor.js';
import type { FrameChannel } from '../../src/stream/outbound.js';
import { streamFilters } from '../../src/stream/stream-filter.js';
import { BACKFILL_DEDUPE_GRACE_MS, LiveSubscription } from '../../src/stream/subscription.js';
import { tempDir } from '../helpers/tmp.js';
import { makeEvent, ts } from './harness.js';

class ManualChannel implements FrameChannel {
  frames: { type: string; event?: ReceivedEvent; count?: number }[] = [];
  #callbacks: (() => void)[] = [];
  #onFrame: (() => void) | null = null;
  send(data: Buffer, written?: () => void): void {
    this.frames.push(JSON.parse(data.toString()));
    if (written) this.#callbacks.push(written);
    this.#onFrame?.();
  }
  drain(): void {
    for (const cb of this.#callbacks.splice(0)) cb();
  }
  /** Resolves once `n` frames have been sent in total. */
  async until(n: number): Promise<void> {
    while (this.frames.length < n) await new Promise<void>((resolve) => (this.#onFrame = resolve));
  }
}

const NOW = '2026-08-21T12:00:00.000Z';

describe('LiveSubscription', () => {
  const dir = tempDir('herald-sub-');
  let storage: Storage;
  const clock = new FakeClock(Date.parse(NOW));
  beforeAll(async () => {
    storage = await openStorage({ dataDir: dir.path, databaseUrl: '', databasePoolSize: 1 });
    await storage.migrate();
  });
  afterAll(async () => {
    await storage.close();
    dir.remove();
  });

  function subscription(prefix: string, channel: ManualChannel, bus: MemoryBus, bufferLimit: number, pageSize: number) {
    const parsed = parseEventFilter({ event: { prefix: [prefix] } }, ts(NOW, 0));
    if (!parsed.ok) throw new Error('bad filter');
    const { filter, matches } = streamFilters(parsed.filter, parsed.untilGiven, clock.now(), 15 * 60_000);
    return new LiveSubscription({
      workspaceId: DEFAULT_WORKSPACE_ID,
      backfillFilter: filter,
      backfill: true,
      matches,
      events: storage.events,
      distributor: new Distributor(bus),
      channel,
      pageSize,
      bufferLimit,
      clock,
    });
  }

  it('backfill waits for room instead of dropping when the socket is slow', async () => {
    const stored = Array.from({ length: 10 }, (_, i) => makeEvent({ occurred: ts(NOW, -10_000 + i * 1000), event: 'pull.e' }));
    await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, stored);
    const channel = new ManualChannel();
    const sub = subscription('pull.', channel, new MemoryBus(), 2, 3);
    const done = sub.start();
    for (let sent = 3; sent < 10; sent += 3) {
      await channel.until(sent);
      // One page out, nothing written yet: the backfill must be waiting, not racing ahead.
      expect(channel.frames).toHaveLength(sent);
      channel.drain();
    }
    await done;
    channel.drain();
    expect(channel.frames.map((f) => f.event!.id)).toEqual(stored.map((e) => e.id));
    expect(channel.frames.some((f) => f.type === 'dropped')).toBe(false);
    sub.close();
  });

  it('forgets backfilled ids after the grace period', async () => {
    const e = makeEvent({ occurred: ts(NOW, -1000), event: 'grace.e' });
    await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, [e]);
    const channel = new ManualChannel();
    const bus = new MemoryBus();
    const sub = subscription('grace.', channel, bus, 100, 10);
    await sub.start();
    bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events: [e] });
    await bus.flushed();
    expect(channel.frames).toHaveLength(1); // the late live copy is recognised
    clock.advance(BACKFILL_DEDUPE_GRACE_MS);
    bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events: [e] });
    await bus.flushed();
    // After the grace period the set is released; a re-published id is forwarded (clients de-dup by id).
    expect(channel.frames).toHaveLength(2);
    sub.close();
    bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events: [e] });
    await bus.flushed();
    expect(channel.frames).toHaveLength(2);
  });
});
