// The state and explain views built from what the engine committed (persisted-views.ts) are the
// views of the engine's memory, on both backends, also read through another storage handle (as a
// process that does not run the engine) and across a restart ([arch I8]). FakeClock, no sleeps.

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { persistedExplain, persistedStateView } from '../../src/automations/engine/persisted-views.js';
import type { Automation } from '../../src/model/automation.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import type { Storage } from '../../src/storage/index.js';
import { at, engineBackends, engineHarness, eventTrigger, WS, type EngineHarness } from './engine-harness.js';

describe.each(engineBackends)('views from persisted engine state ($name)', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  /** Reactive per-key windows, a Proactive window 2 s late, a composite holding a child firing. */
  async function scenario(): Promise<{ automations: Automation[]; events: ReceivedEvent[] }> {
    const perKey = await h.add(
      eventTrigger({
        match: { 'prefect.resource.id': 'svc.*' },
        expect: ['test.x'],
        for_each: ['prefect.resource.id'],
        threshold: 5,
        within: 600,
      }),
    );
    const absence = await h.add(eventTrigger({ posture: 'Proactive', after: ['job.started'], expect: ['job.done'], within: 60 }));
    const composite = await h.add({
      type: 'compound',
      id: randomUUID(),
      require: 'all',
      within: 300,
      triggers: [
        eventTrigger({ expect: ['step.a'], for_each: ['prefect.resource.id'] }),
        eventTrigger({ expect: ['step.b'], for_each: ['prefect.resource.id'] }),
      ],
    });
    const events: ReceivedEvent[] = [];
    // Keys opened out of key order: the views list them by key, whatever order they opened in.
    events.push(...(await h.emit({ event: 'test.x', resource: { 'prefect.resource.id': 'svc.b' }, occurred: at(1) })));
    events.push(...(await h.emit({ event: 'test.x', resource: { 'prefect.resource.id': 'svc.a' }, occurred: at(2) })));
    events.push(...(await h.emit({ event: 'test.x', resource: { 'prefect.resource.id': 'svc.b' }, occurred: at(3) })));
    events.push(...(await h.emit({ event: 'step.a', resource: { 'prefect.resource.id': 'run.2' }, occurred: at(4) })));
    events.push(...(await h.emit({ event: 'step.a', resource: { 'prefect.resource.id': 'run.1' }, occurred: at(5) })));
    // Events arriving 2 s after they happened: a processing lag, so next_deadline = end + 2 s.
    h.clock.set(Date.parse(at(12)));
    events.push(...(await h.emit({ event: 'job.started', occurred: at(10) })));
    events.push(...(await h.emit({ event: 'test.y', resource: { 'prefect.resource.id': 'db.a' }, occurred: at(10) })));
    // The last event counts (a state change), so it is committed at once: no wait for the cursor.
    events.push(...(await h.emit({ event: 'test.x', resource: { 'prefect.resource.id': 'svc.c' }, occurred: at(10) })));
    return { automations: [perKey, absence, composite], events };
  }

  const expectSameViews = async (storage: Pick<Storage, 'automation'>, automations: Automation[], events: ReceivedEvent[]) => {
    for (const a of automations) {
      expect(await persistedStateView(storage.automation, WS, a)).toEqual(h.engine.state(WS, a.id));
      for (const e of events) expect(await persistedExplain(storage.automation, WS, a, e)).toEqual(h.engine.explain(WS, a, e));
    }
  };

  it('state and explain read from storage equal the engine’s own, with a Proactive window and a held child firing', async () => {
    const { automations, events } = await scenario();
    const [perKey, absence, composite] = automations;

    // The scenario really shows what it should (so the equality below is not about empty views).
    const keyed = h.engine.state(WS, perKey.id)!.triggers[0].windows;
    expect(keyed.map((w) => [w.key['prefect.resource.id'], w.count])).toEqual([
      ['svc.a', 1],
      ['svc.b', 2],
      ['svc.c', 1],
    ]);
    expect(keyed[1].last_event_id).toBe(events[2].id);
    const [proactive] = h.engine.state(WS, absence.id)!.triggers[0].windows;
    expect(proactive).toMatchObject({ end: at(70), next_deadline: at(72), last_event_id: events[5].id });
    const held = h.engine.state(WS, composite.id)!.triggers.find((t) => t.type === 'compound')!.child_firings;
    expect(held.map((c) => c.key)).toEqual([{ 'prefect.resource.id': 'run.1' }, { 'prefect.resource.id': 'run.2' }]);
    expect(h.engine.state(WS, perKey.id)!.events_clock).toBe(at(10));

    await expectSameViews(h.storage, automations, events);
  });

  it('another storage handle on the same database (another process) sees the same views', async () => {
    const { automations, events } = await scenario();
    await expectSameViews(h.openSecond(), automations, events);
  });

  it('after a restart the engine keeps its events clock, and storage still agrees', async () => {
    const { automations, events } = await scenario();
    const before = h.engine.state(WS, automations[0].id)!.events_clock;
    await h.restart();
    expect(h.engine.state(WS, automations[0].id)!.events_clock).toBe(before);
    await expectSameViews(h.openSecond(), automations, events);
  });

  it('a disabled automation holds nothing; an enabled one not yet evaluated lists its triggers without windows', async () => {
    const paused = await h.add(eventTrigger({ expect: ['test.x'], threshold: 3, within: 60 }), { enabled: false });
    const [event] = await h.emit({ event: 'test.x' });
    const empty = { automation_id: paused.id, enabled: false, events_clock: null, triggers: [] };
    expect(await persistedStateView(h.storage.automation, WS, paused)).toEqual(empty);
    expect(await persistedExplain(h.storage.automation, WS, paused, event)).toEqual(h.engine.explain(WS, paused, event));

    // An event that changed no state moves the committed cursor, and the clock with it, within a
    // second (TriggerEngine#commit): until then storage shows the clock of the commit before.
    expect(h.engine.state(WS, paused.id)).toBeNull();
    expect(await h.storage.automation.engine.loadClock()).toEqual({ eventsClock: null, lagUs: 0 });
    await h.advance(1000);
    expect(await h.storage.automation.engine.loadClock()).toEqual({ eventsClock: at(0), lagUs: 0 });

    // Saved but the engine not told yet (as right after an API write): nothing committed for it.
    const fresh: Automation = { ...paused, id: randomUUID(), enabled: true };
    await h.storage.automation.automations.create(WS, fresh, { deploymentIds: [] });
    const view = await persistedStateView(h.storage.automation, WS, fresh);
    expect(view).toEqual({
      automation_id: fresh.id,
      enabled: true,
      events_clock: at(0),
      triggers: [{ trigger_id: fresh.trigger.id, type: 'event', posture: 'Reactive', windows: [], child_firings: [] }],
    });
  });
});
