// The engine commits a page while it reads and evaluates the next one (engine.ts #loop). Commits
// stay one at a time and in page order, and a commit that fails after the next page was already
// evaluated loses nothing and repeats nothing: the engine reloads the committed state and replays
// ([arch I8]). Both backends, FakeClock, pages of 2 events.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineCommit } from '../../src/storage/automation-store.js';
import { at, engineBackends, engineHarness, eventTrigger, makeReceived, WS, type EngineHarness } from './engine-harness.js';

describe.each(engineBackends)('engine: pipelined commits ($name)', (backend) => {
  let h: EngineHarness;
  let commits: EngineCommit[];
  let failCursor: number | null;
  let inFlight: number;
  let maxInFlight: number;
  beforeEach(async () => {
    h = await engineHarness(backend, { triggerBatchSize: 2 });
    commits = [];
    failCursor = null;
    inFlight = 0;
    maxInFlight = 0;
    const store = h.storage.automation.engine;
    const commit = store.commit.bind(store);
    store.commit = async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        // Yield first, so the engine could start another commit meanwhile if it did not wait.
        await Promise.resolve();
        if (c.cursor !== undefined && c.cursor === failCursor) {
          failCursor = null;
          throw new Error('injected commit failure');
        }
        await commit(c);
        commits.push(c);
      } finally {
        inFlight--;
      }
    };
  });
  afterEach(async () => {
    await h.close();
  });

  it('commits each page once, in order, one at a time; every event fires exactly once', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'], threshold: 1, within: 0 }));
    await h.emit(...Array.from({ length: 7 }, (_, i) => ({ event: 'test.x', occurred: at(i + 1) })));
    expect(await h.firings(a)).toHaveLength(7);
    const cursors = commits.map((c) => c.cursor).filter((c) => c !== undefined);
    expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
    expect(maxInFlight).toBe(1);
    // Every page's firings are in the commit of that page's cursor (4 pages: 2 + 2 + 2 + 1 events).
    expect(commits.filter((c) => (c.firings?.length ?? 0) > 0).map((c) => c.firings!.length)).toEqual([2, 2, 2, 1]);
  });

  it('a commit that fails while the next page is evaluated: replayed from the committed state, no firing lost or repeated', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'], threshold: 1, within: 0 }));
    const count = await h.add(eventTrigger({ expect: ['test.x'], threshold: 3, within: 60 }));
    const cursor = await h.storage.events.maxSeq();
    // The second page's commit fails; the third page was already read and evaluated by then.
    const events = Array.from({ length: 6 }, (_, i) => makeReceived({ event: 'test.x', occurred: at(i + 1) }, h.clock));
    await h.storage.events.insertEvents(WS, events);
    const seqs = await h.storage.events.readAfter(cursor, 10);
    failCursor = seqs[3].seq;
    await h.engine.settle();
    await h.advance(1000); // the engine retries after a second (RETRY_MS)
    expect(await h.firings(a)).toHaveLength(6);
    // Counted 2 in the committed page, fires at the third event (in the failed page), once; the next
    // window starts when this one ends (60 s), so the later events are not counted ([compat S4.4]).
    expect(await h.firings(count)).toHaveLength(1);
    expect(await h.storage.automation.engine.loadCursor()).toBe(seqs[5].seq);
    expect(h.logs.some((l) => l.includes('injected commit failure'))).toBe(true);
    expect(maxInFlight).toBe(1);
  });
});

describe.each(engineBackends)('engine: many deadlines due together ($name)', (backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  it('4,001 absence deadlines due at once fire exactly once each, in commits of at most 2,000 firings', async () => {
    h = await engineHarness(backend, { triggerBatchSize: 10_000 });
    const sizes: number[] = [];
    const store = h.storage.automation.engine;
    const commit = store.commit.bind(store);
    store.commit = async (c) => {
      await commit(c);
      if (c.firings?.length) sizes.push(c.firings.length);
    };
    const a = await h.add(
      eventTrigger({ posture: 'Proactive', after: ['job.started'], expect: ['job.done'], for_each: ['prefect.resource.id'], within: 30 }),
    );
    const jobs = Array.from({ length: 4001 }, (_, i) =>
      makeReceived({ event: 'job.started', occurred: at(1), resource: { 'prefect.resource.id': `job.${i}` } }, h.clock),
    );
    await h.storage.events.insertEvents(WS, jobs);
    await h.engine.settle();
    await h.advance(60_000);
    expect(sizes).toEqual([2000, 2000, 1]);
    const records = await h.storage.automation.engine.listFirings(WS, a.id, 10_000);
    expect(new Set(records.map((r) => r.firing.triggering_labels['prefect.resource.id'])).size).toBe(4001);
  });
});
