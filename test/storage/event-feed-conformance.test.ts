// The engine's event feed — EventStore.readAfter / maxSeq / seqsOf — against both backends: the
// seq / commit-order contract of docs/storage.md ("The engine's event feed"). The trigger engine
// reads committed events back by seq from its durable cursor, so:
//   - seq only grows, and is never handed out twice (not even after retention emptied the table);
//   - once maxSeq() covers a seq, every event at or below it is visible to readAfter: an event never
//     appears below a seq a reader has already passed (PostgreSQL: maxSeq and readAfter stop at the
//     "settled" mark, so an insert in flight cannot commit under it);
//   - seq numbers may have gaps (a duplicate may consume one), the events may not.
// Typed against the event half of Storage only (halves.ts). Each test reads global state, so each
// gets a fresh backend. postgres-event-feed.test.ts holds one insert open by hand to show the wait.

import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.js';
import type { EventStorageBackend, EventStore, SeqEvent } from '../../src/storage/storage.js';
import { eventBackends, type HalfBackend, type HalfFactory, withFresh } from './halves.js';
import { makeEvent, workspace } from './fixtures.js';

const key = (workspaceId: string, id: string) => `${workspaceId}/${id}`;

/** Asserts seqs strictly increasing and above `after`. */
function expectAscendingAfter(rows: readonly SeqEvent[], after: number): void {
  let last = after;
  for (const r of rows) {
    expect(r.seq).toBeGreaterThan(last);
    last = r.seq;
  }
}

/** Follows the feed like the engine: pages of `page` from `cursor` until `stop()` and a page comes back empty. */
async function follow(store: EventStore, cursor: number, page: number, stop: () => boolean): Promise<SeqEvent[]> {
  const seen: SeqEvent[] = [];
  for (let pages = 1; ; pages++) {
    // Read before the page: when the writers were done before it was read, an empty page means drained.
    const done = stop();
    const rows = await store.readAfter(cursor, page);
    expect(rows.length).toBeLessThanOrEqual(page);
    expectAscendingAfter(rows, cursor);
    seen.push(...rows);
    if (rows.length > 0) cursor = rows[rows.length - 1].seq;
    // What was read is covered by maxSeq (never ahead of it). Asked now and then only: on PostgreSQL
    // maxSeq waits for the inserts in flight, and asking every page would keep them from overlapping.
    if (pages % 16 === 0) expect(await store.maxSeq()).toBeGreaterThanOrEqual(cursor);
    if (rows.length === 0) {
      if (done) return seen;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe.each(eventBackends)('Event feed conformance: $name', (factory: HalfFactory<EventStorageBackend>) => {
  const fresh = (test: (b: HalfBackend<EventStorageBackend>) => Promise<void>) => withFresh(factory, test);

  it('pages through every workspace in seq order, with each event whole', async () => {
    await fresh(async ({ storage }) => {
      expect(await storage.events.maxSeq()).toBe(0);
      expect(await storage.events.readAfter(0, 10)).toEqual([]);
      const w1 = workspace();
      const w2 = workspace();
      const e1 = makeEvent({
        event: 'ünï.事件',
        payload: { a: [1, [2, { b: null }]] },
        related: [{ 'prefect.resource.id': 'r', 'prefect.resource.role': 'x' }],
      });
      const e2 = makeEvent({ follows: e1.id, occurred: '2026-01-01T00:00:00.000001Z' });
      const e3 = makeEvent();
      await storage.events.insertEvents(w1, [e1]);
      await storage.events.insertEvents(w2, [e2, e3]);
      await storage.events.insertEvents(w1, [makeEvent({ id: e1.id })]); // duplicate: no new seq to read
      const e4 = makeEvent();
      await storage.events.insertEvents(w1, [e4]);
      const all = await storage.events.readAfter(0, 100);
      expect(all.map((r) => [r.workspaceId, r.event])).toEqual([
        [w1, e1],
        [w2, e2],
        [w2, e3],
        [w1, e4],
      ]);
      const seqs = all.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(4);
      expect(await storage.events.maxSeq()).toBe(seqs[3]);
      // Paging by the last seq read.
      const page1 = await storage.events.readAfter(0, 3);
      const page2 = await storage.events.readAfter(page1[2].seq, 3);
      expect([...page1, ...page2]).toEqual(all);
      expect(await storage.events.readAfter(seqs[3], 10)).toEqual([]);
      expect(await storage.events.readAfter(0, 0)).toEqual([]);
      // seqsOf agrees with the feed (absent ids left out).
      expect(await storage.events.seqsOf(w1, [e1.id, e4.id, e2.id])).toEqual(
        new Map([
          [e1.id, seqs[0]],
          [e4.id, seqs[3]],
        ]),
      );
    });
  });

  it('never reuses a seq after retention deleted the newest events', async () => {
    await fresh(async ({ storage }) => {
      const ws = workspace();
      const old = '2020-01-01T00:00:00.000000Z';
      await storage.events.insertEvents(ws, [makeEvent({ occurred: old }), makeEvent({ occurred: old })]);
      const cursor = await storage.events.maxSeq(); // what an engine would have committed
      expect(await storage.events.deleteEvents({ before: '2021-01-01T00:00:00.000000Z' }, 100)).toBe(2);
      const next = makeEvent();
      await storage.events.insertEvents(ws, [next]);
      const read = await storage.events.readAfter(cursor, 10);
      expect(read.map((r) => r.event.id)).toEqual([next.id]);
      expect(read[0].seq).toBeGreaterThan(cursor);
    });
  });

  it('an insert, once it resolves, is covered by maxSeq and read by readAfter from the previous maxSeq', async () => {
    await fresh(async ({ storage }) => {
      const s = storage.events;
      const ws = workspace();
      let previous = await s.maxSeq();
      for (let round = 0; round < 5; round++) {
        const batch = Array.from({ length: round + 1 }, () => makeEvent());
        await s.insertEvents(ws, batch);
        const seqs = await s.seqsOf(
          ws,
          batch.map((e) => e.id),
        );
        expect(seqs.size).toBe(batch.length);
        const max = await s.maxSeq();
        expect(max).toBe(Math.max(...seqs.values()));
        const read = await s.readAfter(previous, 100);
        expect(read.map((r) => r.event.id)).toEqual(batch.map((e) => e.id));
        expect(read.map((r) => r.seq)).toEqual(batch.map((e) => seqs.get(e.id)));
        expect(await s.readAfter(max, 100)).toEqual([]);
        previous = max;
      }
    });
  });

  it('a reader following the feed during concurrent inserts sees every event once, in seq order, with no gaps', async () => {
    await fresh(async (b) => {
      const s = b.storage.events;
      // The reader on a handle of its own, as an engine in another process would be (and so that on
      // PostgreSQL its queries do not queue behind the writers' for a pooled connection).
      const reader = b.open().events;
      const spaces = [workspace(), workspace(), workspace()];
      // Stored before the reader starts: an engine starting at maxSeq() must not read these.
      await s.insertEvents(spaces[0], [makeEvent(), makeEvent()]);
      const start = await s.maxSeq();

      // The same event sent by several writers at once (a client retrying): stored once, read once.
      const shared = Array.from({ length: 5 }, () => makeEvent());
      const expected = new Map<string, ReceivedEvent>();
      let writing = true;
      // Large and small batches at once, so inserts in flight overlap and can commit out of seq order
      // (a small batch drawing its seqs after a large one and committing first).
      const writers = Array.from({ length: 6 }, async (_, w) => {
        const ws = spaces[w % spaces.length];
        const large = w % 2 === 0;
        for (let round = 0; round < (large ? 3 : 25); round++) {
          const size = large ? 200 + 50 * round : 1 + (round % 3);
          const batch = [
            ...Array.from({ length: size }, () => makeEvent()),
            ...(ws === spaces[0] && round < shared.length ? [shared[round]] : []),
          ];
          for (const e of batch) expected.set(key(ws, e.id), e);
          await s.insertEvents(ws, batch);
        }
      });
      const written = Promise.all(writers).finally(() => {
        writing = false;
      });
      // Pages large enough for the reader to keep up with the head of the feed, where the race is.
      const seen = await follow(reader, start, 500, () => !writing);
      await written;

      // Every event exactly once, and nothing from before the start.
      const seenKeys = seen.map((r) => key(r.workspaceId, r.event.id));
      expect(new Set(seenKeys).size).toBe(seenKeys.length);
      expect(new Set(seenKeys)).toEqual(new Set(expected.keys()));
      for (const r of seen) expect(r.event).toEqual(expected.get(key(r.workspaceId, r.event.id)));
      expectAscendingAfter(seen, start);
      // The feed's seqs are the stored ones; once quiet, maxSeq is the last one read.
      for (const ws of spaces) {
        const mine = seen.filter((r) => r.workspaceId === ws);
        expect(
          await s.seqsOf(
            ws,
            mine.map((r) => r.event.id),
          ),
        ).toEqual(new Map(mine.map((r) => [r.event.id, r.seq])));
      }
      expect(await s.maxSeq()).toBe(seen[seen.length - 1].seq);
      // Read again in one go, the feed from the start is the same sequence.
      expect(await s.readAfter(start, 10_000)).toEqual(seen);
    });
  });
});
