// Prefect's trigger semantics ([compat S4.3]–[compat S4.4] "consequences", from Prefect's own regression tests) and
// Herald's fixes of [compat D10], each as a named test — on both storage backends, on a FakeClock.

import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Trigger } from '../../src/model/automation.js';
import { at, engineBackends, engineHarness, eventTrigger, WS, type EngineHarness } from './engine-harness.js';

const run = (n: number) => `prefect.flow-run.0000000${n}-0000-4000-8000-000000000000`;

describe.each(engineBackends)('trigger semantics ($name)', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('Reactive, threshold 1, within 0: fires on every matching event, even 50 at once', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.*'] }));
    await h.emit(...Array.from({ length: 50 }, () => ({ event: 'test.ping' })), { event: 'other.ping' });
    const firings = await h.firings(a);
    expect(firings).toHaveLength(50);
    expect(new Set(firings.map((f) => f.triggering_event?.id)).size).toBe(50);
  });

  it('Reactive, threshold 10, within 60 s: fires at the 10th event, then ignores events until the window ends', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.ping'], threshold: 10, within: 60 }));
    for (let s = 1; s <= 9; s++) await h.emit({ event: 'test.ping', occurred: at(s) });
    expect(await h.firings(a)).toHaveLength(0);
    await h.emit({ event: 'test.ping', occurred: at(10) });
    expect(await h.firings(a)).toHaveLength(1);
    // The next window starts at the old window's end (first event + 60 s = 61 s).
    for (let s = 11; s <= 60; s++) await h.emit({ event: 'test.ping', occurred: at(s) });
    expect(await h.firings(a)).toHaveLength(1);
    for (let s = 61; s <= 70; s++) await h.emit({ event: 'test.ping', occurred: at(s) });
    expect(await h.firings(a)).toHaveLength(2);
  });

  it('same event in after and expect, Reactive, within 0: never fires', async () => {
    const a = await h.add(eventTrigger({ after: ['test.x'], expect: ['test.x'] }));
    for (let s = 0; s < 6; s++) await h.emit({ event: 'test.x', occurred: at(s) });
    expect(await h.firings(a)).toHaveLength(0);
  });

  it('same event in after and expect, within 5 s, threshold 1: fires on the 2nd, 4th, … occurrence', async () => {
    const a = await h.add(eventTrigger({ after: ['test.x'], expect: ['test.x'], within: 5 }));
    const fired: number[] = [];
    for (let i = 1; i <= 6; i++) {
      await h.emit({ event: 'test.x', occurred: at(i) });
      fired.push((await h.firings(a)).length);
    }
    expect(fired).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it('Proactive after={X} expect={X} threshold 2 within 10: fires when fewer than 2 more X arrive, and does not re-arm', async () => {
    const a = await h.add(eventTrigger({ posture: 'Proactive', after: ['test.x'], expect: ['test.x'], threshold: 2, within: 10 }));
    await h.emit({ event: 'test.x' });
    await h.advance(5_000);
    await h.emit({ event: 'test.x' });
    await h.advance(4_000);
    expect(await h.firings(a)).toHaveLength(0);
    await h.advance(2_000);
    expect(await h.firings(a)).toHaveLength(1);
    await h.advance(60_000);
    expect(await h.firings(a)).toHaveLength(1);
  });

  it('work-queue health: fires per queue when no healthy follows unhealthy within the window', async () => {
    const a = await h.add(
      eventTrigger({
        posture: 'Proactive',
        after: ['prefect.work-queue.unhealthy'],
        expect: ['prefect.work-queue.healthy'],
        for_each: ['prefect.resource.id'],
        threshold: 1,
        within: 119 * 60,
      }),
    );
    await h.emit(
      { event: 'prefect.work-queue.unhealthy', resource: { 'prefect.resource.id': 'prefect.work-queue.A' } },
      { event: 'prefect.work-queue.unhealthy', resource: { 'prefect.resource.id': 'prefect.work-queue.B' } },
    );
    await h.advance(60 * 60_000);
    await h.emit({ event: 'prefect.work-queue.healthy', resource: { 'prefect.resource.id': 'prefect.work-queue.A' } });
    await h.advance(60 * 60_000);
    const firings = await h.firings(a);
    expect(firings.map((f) => f.triggering_labels)).toEqual([{ 'prefect.resource.id': 'prefect.work-queue.B' }]);
  });

  it('stuck flow runs: one window per run; only the run that never finished fires', async () => {
    const a = await h.add(
      eventTrigger({
        posture: 'Proactive',
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        after: ['prefect.flow-run.Running'],
        expect: ['prefect.flow-run.Completed', 'prefect.flow-run.Failed', 'prefect.flow-run.Crashed', 'prefect.flow-run.Cancelled'],
        for_each: ['prefect.resource.id'],
        within: 300,
      }),
    );
    await h.emit(
      { event: 'prefect.flow-run.Running', resource: { 'prefect.resource.id': run(1) } },
      { event: 'prefect.flow-run.Running', resource: { 'prefect.resource.id': run(2) } },
    );
    await h.advance(100_000);
    await h.emit({ event: 'prefect.flow-run.Completed', resource: { 'prefect.resource.id': run(1) } });
    await h.advance(201_000);
    const firings = await h.firings(a);
    expect(firings).toHaveLength(1);
    expect(firings[0].triggering_labels).toEqual({ 'prefect.resource.id': run(2) });
    expect(firings[0].triggering_event?.event).toBe('prefect.flow-run.Running');
  });

  it('[compat D10.6] immediate triggers count only their own window', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'], threshold: 2, within: 0 }));
    await h.emit({ event: 'test.x', occurred: at(0) });
    await h.emit({ event: 'test.x', occurred: at(30) }); // Prefect: fires (bucket left until a sweep)
    expect(await h.firings(a)).toHaveLength(0);
    await h.emit({ event: 'test.x', occurred: at(40) }, { event: 'test.x', occurred: at(40) });
    expect(await h.firings(a)).toHaveLength(1);
  });

  it('[compat D10.7] absence per key: a Proactive for_each trigger without after fires once for a key that went quiet', async () => {
    const a = await h.add(eventTrigger({ posture: 'Proactive', expect: ['heartbeat'], for_each: ['prefect.resource.id'], within: 60 }));
    const beat = (id: string) => ({ event: 'heartbeat', resource: { 'prefect.resource.id': id } });
    await h.emit(beat('svc.a'), beat('svc.b'));
    for (let i = 0; i < 30; i++) {
      await h.advance(20_000);
      await h.emit(beat('svc.a'));
    }
    const firings = await h.firings(a);
    // Policy: one firing per silence; the quiet key is then forgotten until it is seen again.
    expect(firings.map((f) => f.triggering_labels['prefect.resource.id'])).toEqual(['svc.b']);
    expect(firings[0].triggering_event?.resource['prefect.resource.id']).toBe('svc.b');
    await h.emit(beat('svc.b'));
    await h.advance(10 * 60_000);
    const again = (await h.firings(a)).map((f) => f.triggering_labels['prefect.resource.id']);
    expect(again.slice(1).sort()).toEqual(['svc.a', 'svc.b']);
  });

  it('[compat D10.7] a Proactive trigger without for_each detects absence even if no event ever arrives, every window', async () => {
    const a = await h.add(eventTrigger({ posture: 'Proactive', expect: ['heartbeat'], within: 60 }));
    await h.advance(59_000);
    expect(await h.firings(a)).toHaveLength(0);
    await h.advance(2_000);
    expect(await h.firings(a)).toHaveLength(1);
    await h.emit({ event: 'heartbeat' });
    await h.advance(60_000);
    expect(await h.firings(a)).toHaveLength(1);
    await h.advance(60_000);
    expect(await h.firings(a)).toHaveLength(2);
  });

  it('[compat D10.3] sequence order is judged on event time, not processing order', async () => {
    const seq = (within: number | null): Trigger => ({
      type: 'sequence',
      id: randomUUID(),
      within,
      triggers: [eventTrigger({ expect: ['step.a'] }), eventTrigger({ expect: ['step.b'] })],
    });
    const a = await h.add(seq(null));
    // B arrives first but happened after A.
    await h.emit({ event: 'step.b', occurred: at(10) });
    await h.emit({ event: 'step.a', occurred: at(5) });
    expect(await h.firings(a)).toHaveLength(1);
    // A happened after B: not the declared order.
    const b = await h.add(seq(null));
    await h.emit({ event: 'step.a', occurred: at(30) });
    await h.emit({ event: 'step.b', occurred: at(20) });
    expect(await h.firings(b)).toHaveLength(0);
  });

  it('[compat D10.3] composite within is judged on event time', async () => {
    const a = await h.add({
      type: 'compound',
      id: randomUUID(),
      require: 'all',
      within: 60,
      triggers: [eventTrigger({ expect: ['step.a'] }), eventTrigger({ expect: ['step.b'] })],
    });
    // Processed together, but 100 s apart in event time.
    await h.emit({ event: 'step.a', occurred: at(0) }, { event: 'step.b', occurred: at(100) });
    expect(await h.firings(a)).toHaveLength(0);
    await h.emit({ event: 'step.a', occurred: at(120) });
    const firings = await h.firings(a);
    expect(firings).toHaveLength(1);
    expect(firings[0].triggering_firings).toHaveLength(2);
  });

  it('[compat D10.3] composite state is kept per for_each key', async () => {
    const a = await h.add({
      type: 'compound',
      id: randomUUID(),
      require: 'all',
      within: null,
      triggers: [
        eventTrigger({ expect: ['step.a'], for_each: ['prefect.resource.id'] }),
        eventTrigger({ expect: ['step.b'], for_each: ['prefect.resource.id'] }),
      ],
    });
    await h.emit({ event: 'step.a', resource: { 'prefect.resource.id': 'r1' } });
    await h.emit({ event: 'step.b', resource: { 'prefect.resource.id': 'r2' } });
    expect(await h.firings(a)).toHaveLength(0); // Prefect: fires (children overwrite each other)
    await h.emit({ event: 'step.b', resource: { 'prefect.resource.id': 'r1' } });
    const firings = await h.firings(a);
    expect(firings).toHaveLength(1);
    expect(firings[0].triggering_labels).toEqual({ 'prefect.resource.id': 'r1' });
  });

  it('nested composites: any(all(a, b), c)', async () => {
    const a = await h.add({
      type: 'compound',
      id: randomUUID(),
      require: 'any',
      within: null,
      triggers: [
        {
          type: 'compound',
          id: randomUUID(),
          require: 'all',
          within: null,
          triggers: [eventTrigger({ expect: ['n.a'] }), eventTrigger({ expect: ['n.b'] })],
        },
        eventTrigger({ expect: ['n.c'] }),
      ],
    });
    await h.emit({ event: 'n.a' });
    expect(await h.firings(a)).toHaveLength(0);
    await h.emit({ event: 'n.c' });
    await h.emit({ event: 'n.b' });
    const firings = await h.firings(a);
    expect(firings).toHaveLength(2);
    // Firings recorded in the same instant have no defined order: find the one from all(a, b).
    const viaAll = firings.find((f) => f.triggering_firings[0].triggering_firings.length > 0);
    expect(viaAll?.triggering_firings[0].triggering_firings.map((c) => c.triggering_event?.event).sort()).toEqual(['n.a', 'n.b']);
  });

  it('[compat D10.4] no orphaned state after PUT or DELETE', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.x'], for_each: ['prefect.resource.id'], threshold: 5, within: 600 }));
    await h.emit(
      { event: 'test.x', resource: { 'prefect.resource.id': 'k1' } },
      { event: 'test.x', resource: { 'prefect.resource.id': 'k2' } },
    );
    expect(await h.storage.automation.engine.loadState()).toHaveLength(2);
    const replaced = { ...a, trigger: eventTrigger({ expect: ['test.x'], threshold: 5, within: 600 }) };
    await h.storage.automation.automations.update(WS, replaced, { deploymentIds: [] });
    await h.engine.automationChanged(WS, a.id);
    expect(await h.storage.automation.engine.loadState()).toHaveLength(0);
    await h.emit({ event: 'test.x' });
    expect((await h.storage.automation.engine.loadState()).map((e) => e.triggerId)).toEqual([replaced.trigger.id]);
    await h.storage.automation.automations.delete(WS, a.id);
    await h.engine.automationChanged(WS, a.id);
    expect(await h.storage.automation.engine.loadState()).toHaveLength(0);
  });

  it('threshold 0 (accepted, as by Prefect) fires without jamming the engine for other automations', async () => {
    const zero = await h.add(eventTrigger({ expect: ['test.x'], threshold: 0, within: 10 }));
    const other = await h.add(eventTrigger({ expect: ['test.y'] }));
    await h.emit({ event: 'test.x', occurred: at(0) });
    await h.emit({ event: 'test.x', occurred: at(25) });
    expect((await h.firings(zero)).length).toBeGreaterThanOrEqual(2);
    await h.emit({ event: 'test.y', occurred: at(26) });
    expect(await h.firings(other)).toHaveLength(1);
  });

  it('[compat D10.18b] an automation that triggers itself is stopped at the causation depth limit', async () => {
    const a = await h.add(eventTrigger({ expect: ['prefect.automation.triggered'] }));
    await h.emit({ event: 'prefect.automation.triggered', resource: { 'prefect.resource.id': 'prefect.automation.other' } });
    // Deliver each prefect.automation.triggered row as the outbox worker would, until none are new.
    const delivered = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const rows = (await h.outbox(a)).filter((r) => r.kind === 'event' && !delivered.has(r.id));
      if (rows.length === 0) break;
      for (const r of rows) delivered.add(r.id);
      await h.emit(...rows.map((r) => r.body as object));
    }
    const records = await h.storage.automation.engine.listFirings(WS, a.id, 100);
    // Depths 1–5 act; the firing that would emit at depth 6 is stopped, and the chain ends there.
    expect(records.map((r) => r.outcome).sort()).toEqual(['acted', 'acted', 'acted', 'acted', 'acted', 'loop-stopped']);
    const stopped = records.find((r) => r.outcome === 'loop-stopped')!;
    const stoppedRows = (await h.outbox(a)).filter((r) => r.firingId === stopped.id);
    expect(stoppedRows.some((r) => r.kind === 'action')).toBe(false);
    expect(stoppedRows.map((r) => (r.body as { event: string }).event)).toContain('herald.automation.loop-stopped');
  });
});
