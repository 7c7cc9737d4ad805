// A firing is committed alone; the action worker writes its outbox rows afterwards, from the
// automation version committed with it (src/automations/firing-expander.ts, docs/storage.md
// "What a firing costs to commit"). Both backends, a fake clock, the real engine.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggeredAction } from '../../src/model/automation.js';
import { engineBackends, engineHarness, eventTrigger, WS, type EngineHarness } from './engine-harness.js';

describe.each(engineBackends)('firing expansion ($name)', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('the engine commits the firing alone; its rows come from the automation as it fired, even after an edit', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.ping'] }), { actions: [{ type: 'do-nothing' }] });
    await h.emit({ event: 'test.ping' });
    const [record] = await h.storage.automation.engine.listFirings(WS, a.id, 10);
    expect(record.expanded).toBe(false);
    expect(await h.storage.automation.outbox.byFirings([record.id])).toEqual([]);

    // Edited before the worker got to it: the firing still runs what the automation said when it fired.
    const edited = {
      ...a,
      actions: [{ type: 'do-nothing' as const }, { type: 'do-nothing' as const }],
      updated: '2030-01-01T00:00:00.000000Z',
    };
    await h.storage.automation.automations.update(WS, edited, { deploymentIds: [] });
    await h.engine.automationChanged(WS, a.id);
    const rows = await h.outbox(a);
    expect(rows.map((r) => r.kind)).toEqual(['event', 'action']);
    const action = rows[1].body as TriggeredAction;
    expect(action.action).toEqual({ type: 'do-nothing' });
    expect(action.automation.updated).toBe(a.updated);
    expect((await h.storage.automation.engine.listFirings(WS, a.id, 10))[0].expanded).toBe(true);
  });

  it('a restart between the firing and its expansion loses nothing and writes each row once', async () => {
    const a = await h.add(eventTrigger({ expect: ['test.ping'] }), { actions: [{ type: 'do-nothing' }, { type: 'do-nothing' }] });
    await h.emit({ event: 'test.ping' }, { event: 'test.ping' });
    await h.restart();
    const rows = await h.outbox(a);
    expect(rows).toHaveLength(6); // per firing: the triggered event and two actions
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
    expect(await h.storage.automation.outbox.unexpanded(10)).toEqual([]);
  });
});
