// The group-commit writer against a real SQLite file, time driven by a FakeClock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory.js';
import type { CommittedBatch } from '../../src/bus/bus.js';
import { FakeClock } from '../../src/clock.js';
import { isHeraldError } from '../../src/errors.js';
import type { Event } from '../../src/events/types.js';
import { DedupeCache } from '../../src/ingest/dedupe-cache.js';
import { GroupCommitWriter, type GroupCommitWriterOptions } from '../../src/ingest/group-commit-writer.js';
import { createRegistry, heraldMetrics } from '../../src/metrics.js';
import { openStorage } from '../../src/storage/index.js';
import type { EventStore, InsertResult, Storage } from '../../src/storage/storage.js';
import { makeEvent, testSettings } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const WS = '00000000-0000-0000-0000-000000000000';

/** The real store, with its insertEvents calls recorded and optionally held or failed. */
class ObservedStore {
  calls: number[] = [];
  #gate: Promise<void> | null = null;
  #failNext: Error | null = null;
  readonly store: EventStore;

  constructor(real: EventStore) {
    this.store = new Proxy(real, {
      get: (target, prop) => {
        if (prop === 'insertEvents') {
          return async (ws: string, events: Event[]): Promise<InsertResult> => {
            this.calls.push(events.length);
            if (this.#gate) await this.#gate;
            if (this.#failNext) {
              const err = this.#failNext;
              this.#failNext = null;
              throw err;
            }
            return target.insertEvents(ws, events as never);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** Holds every insert until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.#gate = new Promise((resolve) => {
      release = resolve;
    });
    return () => {
      this.#gate = null;
      release();
    };
  }

  failNext(err: Error): void {
    this.#failNext = err;
  }
}

function events(n: number): Event[] {
  return Array.from({ length: n }, () => makeEvent() as unknown as Event);
}

describe('GroupCommitWriter', () => {
  let dir: ReturnType<typeof tempDir>;
  let storage: Storage;
  let observed: ObservedStore;
  let clock: FakeClock;
  let bus: MemoryBus;
  let writer: GroupCommitWriter;

  function makeWriter(opts: Partial<GroupCommitWriterOptions> = {}): GroupCommitWriter {
    return new GroupCommitWriter({
      events: observed.store,
      bus,
      clock,
      metrics: heraldMetrics(createRegistry()),
      maxBatch: 100,
      maxDelay: 50,
      queueMax: 1000,
      dedupeCacheSize: 1000,
      ...opts,
    });
  }

  beforeEach(async () => {
    dir = tempDir('herald-writer-');
    storage = await openStorage(testSettings({ settings: { dataDir: dir.path, databaseUrl: '' } }));
    await storage.migrate();
    observed = new ObservedStore(storage.events);
    clock = new FakeClock();
    bus = new MemoryBus();
    writer = makeWriter();
  });

  afterEach(async () => {
    await writer.drain();
    await bus.close();
    await storage.close();
    dir.remove();
  });

  it('writes concurrent callers in one transaction once maxDelay has passed', async () => {
    const batches = [events(3), events(2), events(4)];
    const results = batches.map((b) => writer.ingest(WS, b));
    expect(writer.depth).toBe(9);
    clock.advance(49);
    expect(observed.calls).toEqual([]);
    clock.advance(1);
    const resolved = await Promise.all(results);
    expect(observed.calls).toEqual([9]);
    resolved.forEach((r, i) => expect(r).toEqual({ inserted: batches[i].map((e) => e.id), duplicates: [] }));
    expect(writer.depth).toBe(0);
    const all = batches.flat().map((e) => e.id);
    expect((await storage.events.existingIds(WS, all)).size).toBe(9);
  });

  it('writes as soon as maxBatch events are queued, without waiting for the clock', async () => {
    writer = makeWriter({ maxBatch: 5 });
    const a = writer.ingest(WS, events(3));
    const b = writer.ingest(WS, events(2));
    await Promise.all([a, b]);
    expect(observed.calls).toEqual([5]);
  });

  it('queues arrivals during a write into the next batch, in order', async () => {
    const release = observed.hold();
    const first = writer.ingest(WS, events(2));
    clock.advance(50);
    expect(observed.calls).toEqual([2]);
    const later = [events(1), events(3)];
    const laterResults = later.map((b) => writer.ingest(WS, b));
    expect(writer.depth).toBe(6);
    clock.advance(50);
    expect(observed.calls).toEqual([2]); // one write in flight at a time
    release();
    await first;
    await Promise.all(laterResults);
    expect(observed.calls).toEqual([2, 4]);
  });

  it('writes one batch per turn of the event loop, so a backlog never holds the loop (issue #9.5)', async () => {
    writer = makeWriter({ maxBatch: 2 });
    const results = [writer.ingest(WS, events(2)), writer.ingest(WS, events(2)), writer.ingest(WS, events(2))];
    expect(observed.calls).toEqual([]);
    // SQLite writes are synchronous: back to back in microtasks they would all be done by now.
    await new Promise(setImmediate);
    expect(observed.calls).toEqual([2]);
    await new Promise(setImmediate);
    expect(observed.calls).toEqual([2, 2]);
    await Promise.all(results);
    expect(observed.calls).toEqual([2, 2, 2]);
  });

  it('with maxConcurrentWrites 2, writes a second full batch while the first is in flight', async () => {
    writer = makeWriter({ maxBatch: 2, maxConcurrentWrites: 2 });
    const release = observed.hold();
    const results = [writer.ingest(WS, events(2)), writer.ingest(WS, events(2)), writer.ingest(WS, events(2))];
    // Full batches are started on a later turn of the event loop, never inside ingest().
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(observed.calls).toEqual([2, 2]); // two in flight, the third batch waits for a free slot
    expect(writer.depth).toBe(6);
    release();
    await Promise.all(results);
    expect(observed.calls).toEqual([2, 2, 2]);
    expect(writer.depth).toBe(0);
  });

  it('rejects every caller of a failed batch, acknowledges none of it, and keeps working', async () => {
    observed.failNext(new Error('disk on fire'));
    const batch = [events(2), events(1)];
    const results = batch.map((b) =>
      writer.ingest(WS, b).then(
        () => 'ok',
        (e: unknown) => e,
      ),
    );
    clock.advance(50);
    const outcomes = await Promise.all(results);
    for (const o of outcomes) expect(isHeraldError(o, 'HERALD_ERR_STORAGE')).toBe(true);
    expect(
      (
        await storage.events.existingIds(
          WS,
          batch.flat().map((e) => e.id),
        )
      ).size,
    ).toBe(0);
    // Nothing was remembered as stored: a retry writes the events.
    const retry = writer.ingest(WS, batch[0]);
    clock.advance(50);
    expect((await retry).inserted).toEqual(batch[0].map((e) => e.id));
  });

  it('answers duplicates from the cache, within a call, within a batch and from the unique key', async () => {
    const [a, b] = events(2);
    const r1 = writer.ingest(WS, [a, a]);
    const r2 = writer.ingest(WS, [a, b]);
    clock.advance(50);
    expect(await r1).toEqual({ inserted: [a.id], duplicates: [a.id] });
    expect(await r2).toEqual({ inserted: [b.id], duplicates: [a.id] });
    // Cache hit: answered without a write.
    const calls = observed.calls.length;
    expect(await writer.ingest(WS, [b])).toEqual({ inserted: [], duplicates: [b.id] });
    expect(observed.calls.length).toBe(calls);
    // A writer with an empty cache (a restart) relies on the storage's unique key.
    const fresh = makeWriter({ dedupeCacheSize: 0 });
    const r3 = fresh.ingest(WS, [a]);
    clock.advance(50);
    expect(await r3).toEqual({ inserted: [], duplicates: [a.id] });
    await fresh.drain();
  });

  it('publishes only newly stored events, only after the commit', async () => {
    const seen: CommittedBatch[] = [];
    bus.subscribe((batch) => seen.push(batch));
    const [a, b] = events(2);
    const release = observed.hold();
    const r = writer.ingest(WS, [a, b]);
    clock.advance(50);
    await bus.flushed();
    expect(seen).toEqual([]);
    release();
    await r;
    await bus.flushed();
    expect(seen).toHaveLength(1);
    expect(seen[0].workspaceId).toBe(WS);
    expect(seen[0].events.map((e) => e.id)).toEqual([a.id, b.id]);
    expect(seen[0].events[0].received).toBe('2026-01-01T00:00:00.000000Z');
    const again = writer.ingest(WS, [a, makeEvent() as unknown as Event]);
    clock.advance(50);
    await again;
    await bus.flushed();
    expect(seen[1].events.map((e) => e.id)).not.toContain(a.id);
  });

  it('refuses with HERALD_ERR_OVERLOADED when the queue would overflow, but takes a lone big call', async () => {
    writer = makeWriter({ queueMax: 5 });
    const first = writer.ingest(WS, events(4));
    await expect(writer.ingest(WS, events(2))).rejects.toMatchObject({ code: 'HERALD_ERR_OVERLOADED' });
    const fits = writer.ingest(WS, events(1));
    clock.advance(50);
    await Promise.all([first, fits]);
    const big = writer.ingest(WS, events(7));
    clock.advance(50);
    expect((await big).inserted).toHaveLength(7);
    expect(writer.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
  });

  it('drain writes everything accepted without waiting for the clock, then refuses', async () => {
    const batch = events(3);
    const r = writer.ingest(WS, batch);
    await writer.drain();
    expect((await r).inserted).toHaveLength(3);
    await expect(writer.ingest(WS, events(1))).rejects.toMatchObject({ code: 'HERALD_ERR_SHUTTING_DOWN' });
  });
});

describe('DedupeCache', () => {
  it('evicts the least recently used id beyond its capacity', () => {
    const cache = new DedupeCache(2);
    cache.add(WS, 'a');
    cache.add(WS, 'b');
    expect(cache.has(WS, 'a')).toBe(true); // refreshes a
    cache.add(WS, 'c');
    expect(cache.has(WS, 'b')).toBe(false);
    expect(cache.has(WS, 'a')).toBe(true);
    expect(cache.has(WS, 'c')).toBe(true);
    expect(cache.has('other-workspace', 'a')).toBe(false);
  });

  it('always remembers the capacity most recently used ids and holds at most twice as many', () => {
    const cache = new DedupeCache(100);
    // The reference: ids in order of last use (add, or a has that hits), the latest last.
    const used = new Map<string, true>();
    const use = (id: string) => {
      used.delete(id);
      used.set(id, true);
    };
    const has = (id: string) => {
      const hit = cache.has(WS, id);
      if (hit) use(id);
      return hit;
    };
    cache.add(WS, 'kept');
    use('kept');
    for (let i = 0; i < 1000; i++) {
      cache.add(WS, `id-${i}`);
      use(`id-${i}`);
      expect(cache.size).toBeLessThanOrEqual(200);
      if (i % 50 === 49) expect(has('kept')).toBe(true); // used now and then: never evicted
      if ([150, 399, 777, 999].includes(i)) {
        for (const id of [...used.keys()].slice(-100)) expect(has(id)).toBe(true);
        expect(has(`id-${i - 200}`)).toBe(false);
      }
    }
  });

  it('remembers nothing with capacity 0', () => {
    const cache = new DedupeCache(0);
    cache.add(WS, 'a');
    expect(cache.has(WS, 'a')).toBe(false);
  });
});
