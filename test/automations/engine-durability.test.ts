// State survives restarts ([arch I8], [compat D10.22]): open windows, proactive deadlines and
// parked followers are committed with the cursor, so a new engine on the same storage fires exactly
// once — never twice, never zero times. Both backends, FakeClock.

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, engineBackends, engineHarness, eventTrigger, WS, type EngineHarness } from './engine-harness.js';

describe.each(engineBackends)('engine durability ($name)', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a restart mid-window resumes the count and fires exactly once', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'], threshold: 3, within: 60 }));
    await h.emit({ event: 'test.x', occurred: at(1) }, { event: 'test.x', occurred: at(2) });
    await h.restart();
    await h.emit({ event: 'test.x', occurred: at(3) });
    expect(await h.firings(a)).toHaveLength(1);
    await h.restart();
    await h.advance(120_000);
    expect(await h.firings(a)).toHaveLength(1);
  });

  it('a restart before a proactive deadline still fires it, once', async () => {
    const a = await h.add(
      eventTrigger({ posture: 'Proactive', after: ['job.started'], expect: ['job.done'], for_each: ['prefect.resource.id'], within: 60 }),
    );
    await h.emit({ event: 'job.started', resource: { 'prefect.resource.id': 'job.1' } });
    await h.advance(30_000);
    await h.restart();
    await h.advance(31_000);
    const [firing] = await h.firings(a);
    // The window's last event is restored from the events table after the restart.
    expect(firing.triggering_event?.event).toBe('job.started');
    expect(firing.triggering_labels).toEqual({ 'prefect.resource.id': 'job.1' });
    await h.restart();
    await h.advance(120_000);
    expect(await h.firings(a)).toHaveLength(1);
  });

  it('events committed while the engine was down are evaluated after the restart, before deadlines are judged', async () => {
    const a = await h.add(eventTrigger({ posture: 'Proactive', after: ['job.started'], expect: ['job.done'], within: 60 }));
    await h.emit({ event: 'job.started' });
    await h.engine.stop();
    // The job finished in time, but the engine only learns it after a long downtime.
    await h.storage.events.insertEvents(WS, [
      {
        id: randomUUID(),
        occurred: at(30),
        event: 'job.done',
        resource: { 'prefect.resource.id': 'test.resource' },
        related: [],
        payload: {},
        follows: null,
        received: at(30),
      },
    ]);
    h.clock.advance(3_600_000);
    await h.restart();
    await h.advance(1000);
    expect(await h.firings(a)).toHaveLength(0);
  });

  it('[compat S1.6] a follower waits for its leader, across a restart (no loss of parked followers)', async () => {
    // Counts `second` only inside a window opened by `first`: the order of evaluation matters.
    const a = await h.add(eventTrigger({ after: ['chain.first'], expect: ['chain.second'], within: 60 }));
    const leaderId = randomUUID();
    await h.emit({ event: 'chain.second', follows: leaderId, occurred: at(2) });
    expect(await h.firings(a)).toHaveLength(0);
    expect(await h.storage.automation.engine.loadFollowers()).toHaveLength(1);
    await h.restart();
    await h.emit({ id: leaderId, event: 'chain.first', occurred: at(1) });
    expect(await h.firings(a)).toHaveLength(1);
    expect(await h.storage.automation.engine.loadFollowers()).toHaveLength(0);
  });

  it('[compat S1.6] a follower whose leader is already evaluated goes straight through, also after a restart', async () => {
    const a = await h.add(eventTrigger({ after: ['chain.first'], expect: ['chain.second'], within: 60 }));
    const [leader] = await h.emit({ event: 'chain.first', occurred: at(1) });
    await h.restart();
    await h.emit({ event: 'chain.second', follows: leader.id, occurred: at(2) });
    expect(await h.firings(a)).toHaveLength(1);
  });

  it('[compat S1.6] a follower whose leader never arrives is evaluated after the lookback', async () => {
    const a = await h.add(eventTrigger({ expect: ['chain.second'] }));
    await h.emit({ event: 'chain.second', follows: randomUUID() });
    expect(await h.firings(a)).toHaveLength(0);
    await h.advance(15 * 60_000 + 1000);
    expect(await h.firings(a)).toHaveLength(1);
  });

  it("explain: an immediate trigger's window includes its end; state: a proactive deadline is shown when it will be judged", async () => {
    const immediate = await h.add(eventTrigger({ expect: ['test.x'], threshold: 2, within: 0 }));
    const [counted] = await h.emit({ event: 'test.x', occurred: at(10) });
    expect(h.engine.explain(WS, immediate, counted).triggers[0].window?.contains_event).toBe(true);
    const absence = await h.add(eventTrigger({ posture: 'Proactive', after: ['job.started'], expect: ['job.done'], within: 60 }));
    // Events arriving 2 s after they happened: deadlines are judged 2 s late, and /state says so.
    h.clock.set(Date.parse(at(12)));
    await h.emit({ event: 'job.started', occurred: at(10) });
    const [window] = h.engine.state(WS, absence.id)!.triggers[0].windows;
    expect(window.end).toBe(at(70));
    expect(window.next_deadline).toBe(at(72));
  });

  it('state and explain views describe the open windows and why an event did not count', async () => {
    const a = await h.add(
      eventTrigger({
        match: { 'prefect.resource.id': 'svc.*' },
        expect: ['test.x'],
        for_each: ['prefect.resource.id'],
        threshold: 5,
        within: 600,
      }),
    );
    const [counted] = await h.emit({ event: 'test.x', resource: { 'prefect.resource.id': 'svc.a' } });
    const state = h.engine.state(WS, a.id)!;
    expect(state.triggers[0].windows).toEqual([
      expect.objectContaining({
        key: { 'prefect.resource.id': 'svc.a' },
        count: 1,
        threshold: 5,
        last_event_id: counted.id,
        next_deadline: null,
      }),
    ]);
    const [other] = await h.emit({ event: 'test.y', resource: { 'prefect.resource.id': 'db.a' } });
    const explained = h.engine.explain(WS, a, other);
    expect(explained.matched).toBe(false);
    expect(explained.triggers[0].reasons.join('\n')).toMatch(/event name 'test.y' matches none/);
    expect(explained.triggers[0].reasons.join('\n')).toMatch(/prefect.resource.id' = 'db.a' does not match/);
    const yes = h.engine.explain(WS, a, counted);
    expect(yes.matched).toBe(true);
    expect(yes.triggers[0].window?.contains_event).toBe(true);
  });
});
