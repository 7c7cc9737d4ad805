// Issue #9, failure isolation in the trigger engine: an automation that cannot be loaded or whose
// evaluation throws is paused with a reason (`herald.automation.disabled` + an error log line) and
// every other automation keeps firing; start-up never dies on one bad row. Both backends, FakeClock.
//
// A throwing evaluation is injected: `evaluateEvent` is wrapped so that triggers listed in
// `poisoned` throw (every real cause found so far is now refused at save time, but the next one
// must not stop the engine either).

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Automation, Trigger } from '../../src/model/automation.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../src/events/index.js';
import { at, engineBackends, engineHarness, eventTrigger, WS, type EngineHarness } from './engine-harness.js';

const poisoned = vi.hoisted(() => new Set<string>());

vi.mock('../../src/automations/engine/buckets.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/automations/engine/buckets.js')>();
  return {
    ...real,
    evaluateEvent: (...args: Parameters<typeof real.evaluateEvent>) => {
      if (poisoned.has(args[0].trigger.id)) throw new Error('boom (injected)');
      return real.evaluateEvent(...args);
    },
  };
});

describe.each(engineBackends)('engine failure isolation ($name)', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    poisoned.clear();
    h = await engineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  const disabledEvents = () =>
    h.storage.events.queryEvents(WS, {
      filter: { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, event: { name: ['herald.automation.disabled'] }, order: 'ASC' },
      limit: 50,
    });
  const stored = async (a: Automation) => (await h.storage.automation.automations.get(WS, a.id))!;

  /** Writes an automation straight into storage, as an older version or a manual edit could have. */
  async function storeRaw(trigger: unknown): Promise<Automation> {
    const now = at(0);
    const a = {
      id: randomUUID(),
      created: now,
      updated: now,
      name: 'bad row',
      description: '',
      enabled: true,
      tags: [],
      trigger: trigger as Trigger,
      actions: [{ type: 'do-nothing' }],
      actions_on_trigger: [],
      actions_on_resolve: [],
    } as Automation;
    await h.storage.automation.automations.create(WS, a, { deploymentIds: [] });
    return a;
  }

  it('an automation whose evaluation throws is paused with a reason; the others keep firing', async () => {
    const bad = await h.add(eventTrigger({ expect: ['test.x'] }), { name: 'poisoned' });
    const good = await h.add(eventTrigger({ expect: ['test.x'] }));
    poisoned.add(bad.trigger.id);

    const [first] = await h.emit({ event: 'test.x' });
    expect(await h.firings(good)).toHaveLength(1);
    expect(await h.firings(bad)).toHaveLength(0);

    expect((await stored(bad)).enabled).toBe(false);
    const [disabled, ...more] = await disabledEvents();
    expect(more).toEqual([]);
    expect(disabled.resource).toMatchObject({ 'prefect.resource.id': `prefect.automation.${bad.id}`, 'prefect.resource.name': 'poisoned' });
    expect(disabled.payload.reason).toBe(
      `The trigger engine disabled this automation: evaluating event ${first.id} failed: boom (injected)`,
    );
    const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.automation === bad.id);
    expect(line).toMatchObject({ level: 50, msg: expect.stringMatching(/automation disabled after a failure/) });

    // Taken out of the engine: later events reach the others only, and nothing is reported twice.
    await h.emit({ event: 'test.x' }, { event: 'test.x' });
    expect(await h.firings(good)).toHaveLength(3);
    expect(await disabledEvents()).toHaveLength(1);
  });

  it('start-up survives bad rows and unreadable state: each bad automation is paused, the good one fires', async () => {
    const good = await h.add(eventTrigger({ expect: ['test.x'], threshold: 2, within: 60 }));
    await h.engine.stop();
    // A window no time can end (this used to throw at every start: "not a finite microsecond time").
    const endless = await storeRaw({ ...eventTrigger({ posture: 'Proactive', expect: ['x.y'] }), within: 1e308 });
    // Nested far beyond automationMaxTriggerDepth (the compiler is recursive; the check is not).
    // 10,000 levels are tested on the parser: storage's JSON.stringify itself overflows on them.
    let deep: unknown = eventTrigger({ expect: ['x.y'] });
    for (let i = 0; i < 1_000; i++) deep = { type: 'compound', id: randomUUID(), require: 'any', within: null, triggers: [deep] };
    const tooDeep = await storeRaw(deep);
    // Not a trigger at all.
    const garbage = await storeRaw('not a trigger');
    // A state entry of the good automation that no engine could have written.
    await h.storage.automation.engine.commit({
      putState: [
        {
          automationId: good.id,
          triggerId: good.trigger.id,
          key: '[]',
          value: { kind: 'bucket', start: 'never', end: 'never', count: 1, last_event_id: null },
        },
      ],
    });

    await h.restart();
    await h.engine.settle();

    for (const a of [endless, tooDeep, garbage]) expect((await stored(a)).enabled, a.name).toBe(false);
    const reasons = new Map((await disabledEvents()).map((e) => [e.resource['prefect.resource.id'], String(e.payload.reason)]));
    expect(reasons.size).toBe(3);
    expect(reasons.get(`prefect.automation.${endless.id}`)).toMatch(
      /loading it failed: its trigger is not valid \(trigger\.within: .*automationMaxDuration/,
    );
    expect(reasons.get(`prefect.automation.${tooDeep.id}`)).toMatch(/automationMaxTriggerDepth/);
    expect(reasons.get(`prefect.automation.${garbage.id}`)).toMatch(/trigger: /);

    // The unreadable entry was dropped (a fresh window, a warning); the good automation counts and fires.
    expect(h.logs.some((l) => l.includes('unreadable state entry dropped') && l.includes(good.id))).toBe(true);
    await h.emit({ event: 'test.x' }, { event: 'test.x' });
    expect(await h.firings(good)).toHaveLength(1);
    expect((await stored(good)).enabled).toBe(true);
  });

  it('a failed automation fixed by PUT runs again; a stale failure report never pauses the fixed version', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'] }));
    poisoned.add(a.trigger.id);
    await h.emit({ event: 'test.x' });
    expect((await stored(a)).enabled).toBe(false);

    await h.advance(1000); // a new `updated`: failure reports name the version they are about
    const fixed = await h.service.replace(WS, a.id, {
      name: 'fixed',
      enabled: true,
      trigger: { type: 'event', posture: 'Reactive', expect: ['test.x'] },
      actions: [{ type: 'do-nothing' }],
    });
    expect(fixed).toBe(true);
    await h.engine.settle();
    // A report about the old version arriving late changes nothing.
    await h.service.disableFailed(WS, a.id, a.updated, 'stale');
    expect((await stored(a)).enabled).toBe(true);

    await h.emit({ event: 'test.x' });
    expect(await h.firings(a)).toHaveLength(1);
  });
});
