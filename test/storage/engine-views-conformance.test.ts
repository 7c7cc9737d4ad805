// What GET /automations/{id}/state reads from storage instead of the engine's memory (issue #10):
// one automation's state entries, and the events clock committed in the cursor's row. Run against
// both backends ([arch I9]); every test gets a fresh backend (the cursor row is global).

import { describe, expect, it } from 'vitest';
import type { EngineClockRecord, StateEntry } from '../../src/storage/automation-store.js';
import type { AutomationStorageBackend } from '../../src/storage/storage.js';
import { automationBackends, type HalfFactory, withFresh } from './halves.js';
import { at, firingRecord } from './automation-fixtures.js';
import { workspace } from './fixtures.js';

describe.each(automationBackends)('Engine views storage conformance: $name', (factory: HalfFactory<AutomationStorageBackend>) => {
  const entry = (automationId: string, triggerId: string, key: string, value: unknown = { n: key }): StateEntry => ({
    automationId,
    triggerId,
    key,
    value,
  });

  it('loadAutomationState: only that automation’s entries, by trigger id then key; nothing for an unknown id', async () => {
    await withFresh(factory, async ({ storage }) => {
      const e = storage.automation.engine;
      expect(await e.loadAutomationState('A')).toEqual([]);
      const a = [entry('A', 't2', '["a"]'), entry('A', 't1', '["b"]'), entry('A', 't1', '["a"]'), entry('A', 't1', '[]')];
      // Ids that share a prefix with A, or sort around it, must not leak in.
      const others = [entry('AB', 't1', '["a"]'), entry('', 't1', 'k'), entry('B', 't1', 'k'), entry('a', 't1', 'k')];
      await e.commit({ cursor: 1, putState: [...others, ...a] });
      expect(await e.loadAutomationState('A')).toEqual([
        entry('A', 't1', '["a"]'),
        entry('A', 't1', '["b"]'),
        entry('A', 't1', '[]'),
        entry('A', 't2', '["a"]'),
      ]);
      expect(await e.loadAutomationState('AB')).toEqual([entry('AB', 't1', '["a"]')]);
      expect(await e.loadAutomationState('nope')).toEqual([]);
      // Same rows as the full load, filtered.
      expect((await e.loadState()).filter((s) => s.automationId === 'A')).toEqual(await e.loadAutomationState('A'));
      await e.commit({ clearAutomations: ['A'], deleteState: [{ automationId: 'AB', triggerId: 't1', key: '["a"]' }] });
      expect(await e.loadAutomationState('A')).toEqual([]);
      expect(await e.loadAutomationState('AB')).toEqual([]);
      expect(await e.loadAutomationState('B')).toEqual([entry('B', 't1', 'k')]);
    });
  });

  it('the events clock round-trips with the cursor (microseconds kept); a cursor-only commit leaves it alone', async () => {
    await withFresh(factory, async ({ storage }) => {
      const e = storage.automation.engine;
      expect(await e.loadClock()).toBeNull();
      // A cursor row without a clock (as written before the clock was stored): no time, no lag.
      await e.commit({ cursor: 3 });
      expect(await e.loadClock()).toEqual({ eventsClock: null, lagUs: 0 });

      const clock: EngineClockRecord = { eventsClock: at(7, 123456), lagUs: 2_000_001 };
      await e.commit({ cursor: 4, clock, putState: [entry('A', 't', 'k')] });
      expect(await e.loadClock()).toEqual(clock);
      expect(await e.loadCursor()).toBe(4);

      await e.commit({ cursor: 5 });
      expect(await e.loadCursor()).toBe(5);
      expect(await e.loadClock()).toEqual(clock);

      // Lag beyond 2^31 µs, the last representable time, and back to "no event yet" (null).
      const big: EngineClockRecord = { eventsClock: '9999-12-31T23:59:59.999999Z', lagUs: 15 * 60 * 1_000_000 };
      await e.commit({ cursor: 2 ** 40, clock: big });
      expect(await e.loadClock()).toEqual(big);
      await e.commit({ cursor: 2 ** 40, clock: { eventsClock: null, lagUs: 0 } });
      expect(await e.loadClock()).toEqual({ eventsClock: null, lagUs: 0 });
    });
  });

  it('a clock without a cursor is refused, and the commit changes nothing', async () => {
    await withFresh(factory, async ({ storage }) => {
      const e = storage.automation.engine;
      const clock: EngineClockRecord = { eventsClock: at(1), lagUs: 5 };
      await e.commit({ cursor: 1, clock });
      await expect(e.commit({ clock: { eventsClock: at(2), lagUs: 0 }, putState: [entry('A', 't', 'k')] })).rejects.toThrow(/cursor/);
      expect(await e.loadClock()).toEqual(clock);
      expect(await e.loadAutomationState('A')).toEqual([]);
    });
  });

  it('a failing commit rolls the clock back with everything else', async () => {
    await withFresh(factory, async ({ storage }) => {
      const e = storage.automation.engine;
      const clock: EngineClockRecord = { eventsClock: at(1), lagUs: 5 };
      await e.commit({ cursor: 1, clock });
      // The cursor row is written last: a failure anywhere before it must take the clock back too.
      const firing = firingRecord(workspace(), 'A');
      await expect(e.commit({ cursor: 2, clock: { eventsClock: at(2), lagUs: 0 }, firings: [firing, firing] })).rejects.toThrow();
      expect(await e.loadCursor()).toBe(1);
      expect(await e.loadClock()).toEqual(clock);
    });
  });

  it('a second handle on the same database reads what the first committed', async () => {
    await withFresh(factory, async ({ storage, open }) => {
      const clock: EngineClockRecord = { eventsClock: at(9, 1), lagUs: 42 };
      await storage.automation.engine.commit({ cursor: 9, clock, putState: [entry('A', 't', 'k', { deep: ['ü', 1] })] });
      const other = open().automation.engine;
      expect(await other.loadClock()).toEqual(clock);
      expect(await other.loadAutomationState('A')).toEqual([entry('A', 't', 'k', { deep: ['ü', 1] })]);
    });
  });
});
