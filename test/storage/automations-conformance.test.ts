// ONE suite for the automation side of Storage, run against both backends ([arch I9]).
// Workspace-scoped tests share a backend (each uses its own workspace); tests of global state
// (engine cursor and state, outbox due rows, pruning) get a fresh backend. Typed against the
// automation half of Storage only (halves.ts): nothing here reads or writes events.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, EventTrigger } from '../../src/model/automation.js';
import type { AutomationStorage } from '../../src/storage/automation-store.js';
import type { AutomationStorageBackend } from '../../src/storage/storage.js';
import { automationBackends, type HalfBackend, type HalfFactory, withFresh } from './halves.js';
import { at, firingRecord, makeAutomation, makeFiring, outboxInsert, rawScalar } from './automation-fixtures.js';
import { makeEvent, workspace } from './fixtures.js';

const DEPLOYMENT = 'prefect.deployment.';

describe.each(automationBackends)('Automation storage conformance: $name', (factory: HalfFactory<AutomationStorageBackend>) => {
  let b: HalfBackend<AutomationStorageBackend>;
  let a: AutomationStorage;
  beforeAll(async () => {
    b = await factory.create();
    a = b.storage.automation;
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  /** A backend of its own, for tests that read or write global state. */
  const fresh = (test: (b: HalfBackend<AutomationStorageBackend>) => Promise<void>) => withFresh(factory, test);

  describe('automations', () => {
    it('round-trips the Automation JSON exactly: unicode, nested arrays, key order, microseconds', async () => {
      const ws = workspace();
      const child = makeAutomation().trigger as EventTrigger;
      const automation = makeAutomation({
        name: 'Ünïcødé 事件 🚀 "quoted" \\ back',
        description: 'line\nbreak\u0000nul',
        tags: ['ß', 'b', 'a'],
        created: at(3, 999999),
        updated: at(4, 1),
        trigger: {
          type: 'compound',
          id: randomUUID(),
          require: 2,
          within: null,
          triggers: [
            child,
            { ...child, id: randomUUID(), match_related: [{ 'prefect.resource.role': 'tag' }, { 'prefect.resource.id': ['x', 'y'] }] },
          ],
        },
        // Storage keeps the JSON as given, whatever the action parsers would accept today.
        actions: [
          { type: 'call-webhook', payload: { z: [1, [2, [3, null]], { ключ: 'значение' }], a: 1.5, empty: {} } } as unknown as Action,
        ],
      });
      await a.automations.create(ws, automation, { deploymentIds: [] });
      const back = await a.automations.get(ws, automation.id);
      expect(JSON.stringify(back)).toBe(JSON.stringify(automation));
      expect(await a.automations.list(ws)).toEqual([automation]);
      expect(await a.automations.count(ws)).toBe(1);
    });

    it('lists by created, then id; keeps workspaces apart; listAll sees every workspace', async () => {
      const w1 = workspace();
      const w2 = workspace();
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const late = makeAutomation({ created: at(9) });
      const tieY = makeAutomation({ id: y, created: at(1) });
      const tieX = makeAutomation({ id: x, created: at(1) });
      const early = makeAutomation({ created: at(0, 5) });
      for (const m of [late, tieY, tieX, early]) await a.automations.create(w1, m, { deploymentIds: [] });
      const other = makeAutomation();
      await a.automations.create(w2, other, { deploymentIds: [] });
      expect((await a.automations.list(w1)).map((m) => m.id)).toEqual([early.id, x, y, late.id]);
      expect(await a.automations.count(w1)).toBe(4);
      expect(await a.automations.get(w2, late.id)).toBeNull(); // another workspace's id
      expect(await a.automations.delete(w2, late.id)).toBe(false);
      const all = await a.automations.listAll();
      expect(all).toContainEqual({ workspaceId: w2, automation: other });
      expect(all.filter((r) => r.workspaceId === w1).map((r) => r.automation.id)).toEqual([early.id, x, y, late.id]);
    });

    it('update replaces every field; unknown ids give null / false', async () => {
      const ws = workspace();
      const first = makeAutomation({ created: at(1) });
      const second = makeAutomation({ created: at(2) });
      await a.automations.create(ws, first, { deploymentIds: [] });
      await a.automations.create(ws, second, { deploymentIds: [] });
      const changed = { ...first, name: 'renamed', enabled: false, created: at(3), updated: at(4), tags: ['new'], actions: [] };
      expect(await a.automations.update(ws, changed, { deploymentIds: [] })).toBe(true);
      expect(await a.automations.get(ws, first.id)).toEqual(changed);
      expect((await a.automations.list(ws)).map((m) => m.id)).toEqual([second.id, first.id]); // new created
      const unknown = makeAutomation();
      expect(await a.automations.update(ws, unknown, { deploymentIds: [] })).toBe(false);
      expect(await a.automations.update(workspace(), changed, { deploymentIds: [] })).toBe(false);
      expect(await a.automations.get(ws, unknown.id)).toBeNull();
      expect(await a.automations.get(ws, 'not-a-uuid')).toBeNull();
      expect(await a.automations.delete(ws, unknown.id)).toBe(false);
      expect(await a.automations.count(workspace())).toBe(0);
      expect(await a.automations.list(workspace())).toEqual([]);
    });
  });

  describe('relations ([compat S3.2])', () => {
    const ids = (list: { id: string }[]) => list.map((m) => m.id);

    it('owner is owned and sticky; non-owned deployment relations are replaced on create and update', async () => {
      const ws = workspace();
      const owner = `${DEPLOYMENT}owner`;
      const m = makeAutomation();
      await a.automations.create(ws, m, { owner, deploymentIds: ['d1', 'd2', 'd1'] });
      expect(ids(await a.automations.relatedTo(ws, owner))).toEqual([m.id]);
      expect(ids(await a.automations.relatedTo(ws, `${DEPLOYMENT}d1`))).toEqual([m.id]);
      expect(ids(await a.automations.ownedBy(ws, owner, at(59)))).toEqual([m.id]);
      expect(await a.automations.ownedBy(ws, `${DEPLOYMENT}d1`, at(59))).toEqual([]); // related, not owned

      // Update without an owner and other deployments: d1/d2 go, the owned relation stays owned.
      await a.automations.update(ws, m, { deploymentIds: ['d3', 'owner'] });
      expect(await a.automations.relatedTo(ws, `${DEPLOYMENT}d1`)).toEqual([]);
      expect(ids(await a.automations.relatedTo(ws, `${DEPLOYMENT}d3`))).toEqual([m.id]);
      expect(ids(await a.automations.ownedBy(ws, owner, at(59)))).toEqual([m.id]);
      await a.automations.update(ws, m, { owner: null, deploymentIds: [] });
      expect(ids(await a.automations.ownedBy(ws, owner, at(59)))).toEqual([m.id]);
      expect(await a.automations.relatedTo(ws, `${DEPLOYMENT}d3`)).toEqual([]);
      expect(await rawScalar(b.storage, 'SELECT count(*) FROM automation_relations WHERE automation_id = ?', [m.id])).toBe(1);
    });

    it('a related resource becoming the owner turns owned; other prefixes and case are left alone', async () => {
      const ws = workspace();
      const m = makeAutomation();
      await a.automations.create(ws, m, { owner: 'prefect.flow.x', deploymentIds: ['d1'] });
      await a.automations.update(ws, m, { owner: `${DEPLOYMENT}d1`, deploymentIds: [] });
      expect(ids(await a.automations.ownedBy(ws, `${DEPLOYMENT}d1`, at(59)))).toEqual([m.id]);
      expect(ids(await a.automations.ownedBy(ws, 'prefect.flow.x', at(59)))).toEqual([m.id]);
      // Only the exact, case-sensitive prefix is replaced.
      const n = makeAutomation();
      await a.automations.create(ws, n, { owner: 'PREFECT.DEPLOYMENT.upper', deploymentIds: [] });
      await a.automations.update(ws, n, { deploymentIds: [] });
      expect(ids(await a.automations.relatedTo(ws, 'PREFECT.DEPLOYMENT.upper'))).toEqual([n.id]);
    });

    it('ownedBy: strictly created before; relatedTo/ownedBy stay within the workspace; delete removes relations', async () => {
      const ws = workspace();
      const owner = `${DEPLOYMENT}${randomUUID()}`;
      const before = makeAutomation({ created: at(1) });
      const same = makeAutomation({ created: at(2) });
      const after = makeAutomation({ created: at(3) });
      for (const m of [after, same, before]) await a.automations.create(ws, m, { owner, deploymentIds: [] });
      await a.automations.create(workspace(), makeAutomation({ created: at(0) }), { owner, deploymentIds: [] });
      expect(ids(await a.automations.ownedBy(ws, owner, at(2)))).toEqual([before.id]);
      expect(ids(await a.automations.relatedTo(ws, owner))).toEqual([before.id, same.id, after.id]);
      expect(await a.automations.delete(ws, same.id)).toBe(true);
      expect(await a.automations.delete(ws, same.id)).toBe(false);
      expect(ids(await a.automations.relatedTo(ws, owner))).toEqual([before.id, after.id]);
      expect(await rawScalar(b.storage, 'SELECT count(*) FROM automation_relations WHERE automation_id = ?', [same.id])).toBe(0);
      expect(await a.automations.get(ws, same.id)).toBeNull();
    });
  });

  describe('destinations', () => {
    it('create / get / list / update / delete, with JSON config and secrets', async () => {
      const ws = workspace();
      const d1 = {
        id: randomUUID(),
        workspaceId: ws,
        name: 'ops hook ☎',
        type: 'webhook' as const,
        config: { url: 'https://example.test/h', headers: [['X-A', 'b']], nested: { n: [1, { m: null }] } },
        secrets: { signing_secret: 'whsec_ü' },
        disabled: false,
        disabledReason: null,
        created: at(1, 1),
        updated: at(1, 2),
      };
      const d0 = { ...d1, id: randomUUID(), name: 'mail', type: 'email' as const, created: at(0, 9), updated: at(0, 9) };
      await a.destinations.create(d1);
      await a.destinations.create(d0);
      expect(await a.destinations.get(ws, d1.id)).toEqual(d1);
      expect((await a.destinations.list(ws)).map((d) => d.id)).toEqual([d0.id, d1.id]);
      const gone = { ...d1, disabled: true, disabledReason: '410 Gone', config: {}, updated: at(7) };
      expect(await a.destinations.update(gone)).toBe(true);
      expect(await a.destinations.get(ws, d1.id)).toEqual(gone);
      expect(await a.destinations.get(workspace(), d1.id)).toBeNull();
      expect(await a.destinations.update({ ...gone, workspaceId: workspace() })).toBe(false);
      expect(await a.destinations.update({ ...gone, id: randomUUID() })).toBe(false);
      expect(await a.destinations.delete(ws, d1.id)).toBe(true);
      expect(await a.destinations.delete(ws, d1.id)).toBe(false);
      expect(await a.destinations.get(ws, d1.id)).toBeNull();
      expect(await a.destinations.list(workspace())).toEqual([]);
    });
  });

  describe('engine state', () => {
    it('commit applies every field in the documented order; load* read it back', async () => {
      await fresh(async ({ storage }) => {
        const e = storage.automation.engine;
        expect(await e.loadCursor()).toBeNull();
        expect(await e.loadState()).toEqual([]);
        const ws = workspace();
        const key = (automationId: string, k: string) => ({ automationId, triggerId: 't', key: k });
        const parked = makeEvent({ received: at(2) });
        await e.commit({
          cursor: 7,
          putState: [
            { ...key('A', '["x"]'), value: { count: 1, last_event: makeEvent(), keys: ['ü', ['nested']] } },
            { ...key('B', 'k'), value: 'old' },
            { ...key('C', 'k'), value: 1 },
          ],
          addFollowers: [{ workspaceId: ws, leaderId: 'L', event: parked }],
        });
        const early = makeEvent({ received: at(1) });
        const dropped = makeEvent();
        await e.commit({
          clearAutomations: ['A', 'B'], // then put again: the put survives
          putState: [
            { ...key('B', 'k'), value: 'new' },
            { ...key('C', 'k'), value: 2 },
            { ...key('C', 'k'), value: 3 }, // twice in one commit: the last wins
            { ...key('D', 'k'), value: undefined },
          ],
          deleteState: [key('D', 'k'), key('nope', 'k')], // put then delete: gone
          addFollowers: [
            { workspaceId: ws, leaderId: 'L', event: early },
            { workspaceId: ws, leaderId: 'L', event: dropped },
            { workspaceId: ws, leaderId: 'other', event: early }, // same follower: ignored
          ],
          removeFollowers: [
            { workspaceId: ws, eventId: dropped.id },
            { workspaceId: workspace(), eventId: early.id },
          ],
        });
        expect(await e.loadCursor()).toBe(7); // absent: unchanged
        expect(await e.loadState()).toEqual([
          { ...key('B', 'k'), value: 'new' },
          { ...key('C', 'k'), value: 3 },
        ]);
        // Oldest received first; the duplicate follower kept its first leader.
        expect(await e.loadFollowers()).toEqual([
          { workspaceId: ws, leaderId: 'L', event: early },
          { workspaceId: ws, leaderId: 'L', event: parked },
        ]);
        await e.commit({ cursor: 2 ** 40, removeFollowers: [early, parked].map((f) => ({ workspaceId: ws, eventId: f.id })) });
        expect(await e.loadCursor()).toBe(2 ** 40);
        expect(await e.loadFollowers()).toEqual([]);
      });
    });

    it('a failing commit leaves nothing behind', async () => {
      await fresh(async ({ storage }) => {
        const e = storage.automation.engine;
        const ws = workspace();
        await e.commit({ cursor: 1, putState: [{ automationId: 'A', triggerId: 't', key: 'k', value: 1 }] });
        const row = outboxInsert(ws);
        const firing = firingRecord(ws, 'A');
        const bad = {
          cursor: 2,
          clearAutomations: ['A'],
          putState: [{ automationId: 'B', triggerId: 't', key: 'k', value: 2 }],
          addFollowers: [{ workspaceId: ws, leaderId: 'L', event: makeEvent() }],
          outbox: [row],
          firings: [firing, firing], // duplicate id: the commit must fail
        };
        await expect(e.commit(bad)).rejects.toThrow();
        expect(await e.loadCursor()).toBe(1);
        expect(await e.loadState()).toEqual([{ automationId: 'A', triggerId: 't', key: 'k', value: 1 }]);
        expect(await e.loadFollowers()).toEqual([]);
        expect(await e.listFirings(ws, 'A', 10)).toEqual([]);
        expect(await storage.automation.outbox.get(row.id)).toBeNull();
        // The store still works after the rollback.
        await e.commit({ ...bad, firings: [firing] });
        expect(await e.loadCursor()).toBe(2);
        expect(await storage.automation.outbox.get(row.id)).not.toBeNull();
      });
    });

    it('commits thousands of entries in one call', async () => {
      await fresh(async ({ storage }) => {
        const e = storage.automation.engine;
        const ws = workspace();
        const state = Array.from({ length: 5000 }, (_, i) => ({ automationId: `a${i % 7}`, triggerId: 't', key: `k${i}`, value: { i } }));
        const outbox = Array.from({ length: 2000 }, (_, i) => outboxInsert(ws, { actionIndex: i }));
        const firings = Array.from({ length: 1000 }, () => firingRecord(ws, 'a0'));
        await e.commit({ cursor: 5000, putState: state, outbox, firings });
        expect((await e.loadState()).length).toBe(5000);
        expect(await rawScalar(storage, 'SELECT count(*) FROM action_outbox')).toBe(2000);
        await e.commit({ deleteState: state.slice(0, 4000), clearAutomations: ['a1'] });
        expect((await e.loadState()).length).toBe(1000 - state.slice(4000).filter((s) => s.automationId === 'a1').length);
      });
    });

    it('listFirings: most recent first, by workspace and automation, limited', async () => {
      const ws = workspace();
      const automationId = randomUUID();
      const older = firingRecord(ws, automationId, {
        recorded: at(1),
        outcome: 'loop-stopped',
        firing: makeFiring({ triggering_value: { ü: [1, [2]] } }),
      });
      const newer = firingRecord(ws, automationId, { recorded: at(2, 1) });
      const [x, y] = [randomUUID(), randomUUID()].sort();
      const tieX = firingRecord(ws, automationId, { id: x, recorded: at(3) });
      const tieY = firingRecord(ws, automationId, { id: y, recorded: at(3) });
      const elsewhere = firingRecord(workspace(), automationId, { recorded: at(9) });
      await a.engine.commit({ firings: [older, tieX, newer, elsewhere, tieY, firingRecord(ws, randomUUID())] });
      expect(await a.engine.listFirings(ws, automationId, 10)).toEqual([tieY, tieX, newer, older]);
      expect((await a.engine.listFirings(ws, automationId, 2)).map((f) => f.id)).toEqual([y, x]);
      expect(await a.engine.listFirings(ws, automationId, 0)).toEqual([]);
      expect(await a.engine.listFirings(ws, randomUUID(), 10)).toEqual([]);
    });
  });
});
