// With no automation enabled and no follower parked, the trigger engine does not read new events
// back (engine.ts #skipAhead, docs/automations.md#nothing-to-evaluate): its cursor and events clock
// move as if it had evaluated them against nothing, and an automation enabled later behaves as
// if it always had. Both backends, FakeClock, real storage.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, engineBackends, engineHarness, eventTrigger, type EngineHarness } from './engine-harness.js';

describe.each(engineBackends)('engine: nothing to evaluate ($name)', (backend) => {
  let h: EngineHarness;
  let pages: number[];
  beforeEach(async () => {
    h = await engineHarness(backend, { triggerBatchSize: 2 });
    pages = [];
    const events = h.storage.events;
    const readAfter = events.readAfter.bind(events);
    events.readAfter = async (after, limit) => {
      const page = await readAfter(after, limit);
      pages.push(page.length);
      return page;
    };
  });
  afterEach(async () => {
    await h.close();
  });

  it('moves the cursor and the events clock past new events without reading them', async () => {
    // In the past of the (fake) wall clock: the events clock never runs ahead of it.
    const events = await h.emit(...Array.from({ length: 7 }, (_, i) => ({ event: 'test.x', occurred: at(i - 10) })));
    await h.engine.stop(); // commits the cursor it has reached
    expect(pages.every((n) => n <= 1)).toBe(true); // only the newest event, for its time
    expect(await h.storage.automation.engine.loadCursor()).toBe(await h.storage.events.maxSeq());
    expect((await h.storage.automation.engine.loadClock())?.eventsClock).toBe(events[6].occurred);
  });

  it('an automation enabled afterwards evaluates what comes next; a follower finds its leader in storage', async () => {
    const [leader] = await h.emit({ event: 'chain.first', occurred: at(1) });
    const a = await h.add(eventTrigger({ expect: ['chain.second', 'test.x'], threshold: 1, within: 0 }));
    pages = [];
    await h.emit({ event: 'chain.second', follows: leader.id, occurred: at(2) }, { event: 'test.x', occurred: at(3) });
    expect(pages.some((n) => n === 2)).toBe(true); // read and evaluated now
    expect((await h.firings(a)).map((f) => f.triggering_event?.event)).toEqual(['chain.second', 'test.x']);
  });
});
