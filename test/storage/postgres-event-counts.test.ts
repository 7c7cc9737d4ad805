// PostgreSQL-only: count-by/time from the per-minute counts (src/storage/postgres/event-counts.ts)
// gives exactly what counting the events gives — whole minutes from the counts and from the events
// not counted yet, the partial minutes at the range's ends from the events — whatever the builder has
// reached, through inserts with duplicates and retention deletes of counted and uncounted events.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { microsToTimestamp, timestampToMicros } from '../../src/events/index.js';
import type { EventFilter, ReceivedEvent } from '../../src/events/types.js';
import { countByTimeFromRollupSql } from '../../src/storage/postgres/event-counts.js';
import { postgresDialect } from '../../src/storage/postgres/dialect.js';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { filter, makeEvent, workspace } from './fixtures.js';

const MIN_US = 60_000_000;
const BASE_US = timestampToMicros('2026-08-21T10:00:00.000000Z');
const NAMES = ['acme.job.started', 'acme.job.failed', 'billing.invoice.paid'];

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** What count-by/time must answer, computed from the events themselves. */
function expected(events: ReceivedEvent[], f: EventFilter, widthUs: number, pivotUs: number): { bucket: number; count: number }[] {
  const since = timestampToMicros(f.occurred.since);
  const until = timestampToMicros(f.occurred.until);
  const names = f.event?.name;
  const prefixes = f.event?.prefix;
  const counts = new Map<number, number>();
  for (const e of events) {
    const at = timestampToMicros(e.occurred);
    if (at < since || at > until) continue;
    if (names && !names.includes(e.event)) continue;
    if (prefixes && !prefixes.some((p) => e.event.startsWith(p))) continue;
    const b = Math.floor((at - pivotUs) / widthUs);
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b).map(([bucket, count]) => ({ bucket, count }));
}

describe('PostgreSQL per-minute event counts', () => {
  let db: TestDatabase;
  let storage: PostgresStorage;
  const ws = workspace();
  const stored: ReceivedEvent[] = [];
  const next = random(20261207);

  beforeAll(async () => {
    db = await createTestDatabase();
    storage = new PostgresStorage({ connectionString: db.url, poolSize: 4 });
    await storage.migrate();
    // The builder runs here only when a test says so.
    await storage.eventCounts.stop();
    // 600 events over 12 minutes at random microseconds, in batches, each batch sent twice (the
    // repeats are duplicates and must not count).
    for (let batch = 0; batch < 6; batch++) {
      const events = Array.from({ length: 100 }, () =>
        makeEvent({
          event: NAMES[Math.floor(next() * NAMES.length)],
          occurred: microsToTimestamp(BASE_US + Math.floor(next() * 12 * MIN_US)),
        }),
      );
      await storage.events.insertEvents(ws, events);
      const again = await storage.events.insertEvents(ws, events);
      expect(again.inserted).toEqual([]);
      stored.push(...events);
    }
  });
  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  /** Random ranges (ends anywhere inside a minute), widths of whole minutes, name filters. */
  function cases(n: number): { f: EventFilter; widthUs: number; pivotUs: number }[] {
    return Array.from({ length: n }, () => {
      const a = BASE_US - MIN_US + Math.floor(next() * 14 * MIN_US);
      const b = a + Math.floor(next() * 10 * MIN_US);
      const event = [undefined, { name: [NAMES[1]] }, { prefix: ['acme.'] }][Math.floor(next() * 3)];
      return {
        f: filter({ occurred: { since: microsToTimestamp(a), until: microsToTimestamp(b) }, ...(event && { event }) } as never),
        widthUs: [1, 2, 5, 60][Math.floor(next() * 4)] * MIN_US,
        pivotUs: BASE_US - Math.floor(next() * 30) * MIN_US,
      };
    });
  }

  async function expectExact(events: ReceivedEvent[], n: number): Promise<number> {
    let fromCounts = 0;
    for (const { f, widthUs, pivotUs } of cases(n)) {
      if (countByTimeFromRollupSql(postgresDialect, 1, f, widthUs, microsToTimestamp(pivotUs))) fromCounts++;
      const got = await storage.events.countByTime(ws, f, widthUs, microsToTimestamp(pivotUs));
      expect({ f, widthUs, pivotUs, got }).toEqual({ f, widthUs, pivotUs, got: expected(events, f, widthUs, pivotUs) });
    }
    return fromCounts;
  }
  const countedThrough = async () => Number((await storage.pool.query('SELECT seq FROM event_counts_cursor')).rows[0].seq);

  it('answers exactly what counting the events answers, before the builder has run and after', async () => {
    expect(await countedThrough()).toBe(0); // nothing counted yet: whole minutes come from the events
    expect(await expectExact(stored, 40)).toBeGreaterThan(25); // most ranges hold a whole minute
    expect(await storage.eventCounts.catchUp()).toBe(await storage.events.maxSeq());
    expect(await storage.eventCounts.catchUp()).toBe(0);
    await expectExact(stored, 40);
  });

  it('reads the counts, not the events, for whole minutes', async () => {
    const f = filter({ occurred: { since: microsToTimestamp(BASE_US), until: microsToTimestamp(BASE_US + 12 * MIN_US - 1) } } as never);
    const before = await storage.events.countByTime(ws, f, 12 * MIN_US, microsToTimestamp(BASE_US));
    expect(before).toEqual([{ bucket: 0, count: 600 }]);
    await storage.pool.query("UPDATE event_counts SET n = n + 1000 WHERE minute = $1::timestamptz AND event = 'acme.job.failed'", [
      microsToTimestamp(BASE_US + 3 * MIN_US),
    ]);
    try {
      expect(await storage.events.countByTime(ws, f, 12 * MIN_US, microsToTimestamp(BASE_US))).toEqual([{ bucket: 0, count: 1600 }]);
    } finally {
      await storage.pool.query("UPDATE event_counts SET n = n - 1000 WHERE minute = $1::timestamptz AND event = 'acme.job.failed'", [
        microsToTimestamp(BASE_US + 3 * MIN_US),
      ]);
    }
    // A criterion the counts cannot answer goes to the events.
    const byResource = filter({ ...f, resource: { id: ['prefect.flow-run.1'] } } as never);
    expect(countByTimeFromRollupSql(postgresDialect, 1, byResource, MIN_US, microsToTimestamp(BASE_US))).toBeNull();
  });

  it('takes deleted events off the counts if they were counted, and drops the minutes left empty', async () => {
    // 100 more events in the same minutes, not counted yet: retention must not take them off.
    const late = Array.from({ length: 100 }, () =>
      makeEvent({
        event: NAMES[Math.floor(next() * NAMES.length)],
        occurred: microsToTimestamp(BASE_US + Math.floor(next() * 12 * MIN_US)),
      }),
    );
    await storage.events.insertEvents(ws, late);
    stored.push(...late);
    const cutoffUs = BASE_US + 5 * MIN_US + 30_000_000; // half-way through a minute
    let deleted = 0;
    for (let n = -1; n !== 0; deleted += n) n = await storage.events.deleteEvents({ before: microsToTimestamp(cutoffUs) }, 37);
    const kept = stored.filter((e) => timestampToMicros(e.occurred) >= cutoffUs);
    expect(deleted).toBe(stored.length - kept.length);
    await expectExact(kept, 30);
    await storage.eventCounts.catchUp();
    await expectExact(kept, 30);
    const { rows } = await storage.pool.query<{ n: string }>('SELECT count(*) AS n FROM event_counts WHERE minute < $1::timestamptz', [
      microsToTimestamp(BASE_US + 5 * MIN_US),
    ]);
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('PostgreSQL per-minute counts, built behind the write', () => {
  let db: TestDatabase;
  let storage: PostgresStorage;
  beforeAll(async () => {
    db = await createTestDatabase();
    storage = new PostgresStorage({ connectionString: db.url, poolSize: 4 });
    await storage.migrate();
  });
  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  it('counts a moment after a write, without being asked, and moves its cursor to the last settled event', async () => {
    const ws = workspace();
    await storage.events.insertEvents(ws, [makeEvent(), makeEvent({ event: 'acme.job.failed' })]);
    const maxSeq = await storage.events.maxSeq();
    // The builder's own timer runs for real: wait for its result, not for a time.
    await vi.waitFor(async () => {
      const { rows } = await storage.pool.query<{ seq: string }>('SELECT seq FROM event_counts_cursor');
      expect(Number(rows[0].seq)).toBe(maxSeq);
    });
    const { rows } = await storage.pool.query<{ n: string }>('SELECT sum(n) AS n FROM event_counts');
    expect(Number(rows[0].n)).toBe(2);
  });
});
