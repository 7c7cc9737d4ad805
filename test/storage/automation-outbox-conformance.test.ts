// The action outbox, history pruning and the durability of engine state, against both backends:
// the second half of the automation storage conformance suite (the first is
// automations-conformance.test.ts). Each test reads global state, so each gets a fresh backend.
// Typed against the automation half of Storage only (halves.ts); the engine's event feed
// (readAfter / maxSeq) belongs to the event half: event-feed-conformance.test.ts.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AutomationStorageBackend } from '../../src/storage/storage.js';
import { automationBackends, type HalfBackend, type HalfFactory, withFresh } from './halves.js';
import { at, firingRecord, makeAutomation, outboxInsert, rawScalar } from './automation-fixtures.js';
import { workspace } from './fixtures.js';

describe.each(automationBackends)('Outbox, history and durability conformance: $name', (factory: HalfFactory<AutomationStorageBackend>) => {
  const fresh = (test: (b: HalfBackend<AutomationStorageBackend>) => Promise<void>) => withFresh(factory, test);

  describe('outbox', () => {
    it('due: pending rows with nextAttemptAt ≤ now, by nextAttemptAt, created, id; nextDueAt', async () => {
      await fresh(async ({ storage }) => {
        const { engine, outbox } = storage.automation;
        const ws = workspace();
        expect(await outbox.nextDueAt()).toBeNull();
        expect(await outbox.due(at(59), 10)).toEqual([]);
        const [x, y] = [randomUUID(), randomUUID()].sort();
        const tieY = outboxInsert(ws, { id: y, nextAttemptAt: at(2), created: at(1) });
        const tieX = outboxInsert(ws, { id: x, nextAttemptAt: at(2), created: at(1) });
        const firstCreated = outboxInsert(ws, { nextAttemptAt: at(2), created: at(0) });
        const earliest = outboxInsert(ws, { nextAttemptAt: at(1, 999999), created: at(3), kind: 'event', actionIndex: null });
        const exactlyNow = outboxInsert(ws, { nextAttemptAt: at(3) });
        const later = outboxInsert(ws, { nextAttemptAt: at(3, 1) });
        await engine.commit({ outbox: [later, tieY, exactlyNow, tieX, earliest, firstCreated] });
        const due = await outbox.due(at(3), 10);
        expect(due.map((r) => r.id)).toEqual([earliest.id, firstCreated.id, x, y, exactlyNow.id]);
        expect(due[0]).toEqual({ ...earliest, status: 'pending', attempts: 0, lastError: null, result: null, updated: earliest.created });
        expect((await outbox.due(at(3), 2)).map((r) => r.id)).toEqual([earliest.id, firstCreated.id]);
        expect(await outbox.due(at(3), 0)).toEqual([]);
        expect(await outbox.nextDueAt()).toBe(at(1, 999999));

        // A finished row is never due; a retried one moves in the order.
        const attempt = { attempts: 1, lastError: null, result: { status_code: 200, body: 'ok ✓' }, updated: at(4) };
        await outbox.recordAttempt(earliest.id, { ...attempt, status: 'succeeded', nextAttemptAt: earliest.nextAttemptAt });
        await outbox.recordAttempt(firstCreated.id, {
          ...attempt,
          status: 'pending',
          nextAttemptAt: at(30),
          lastError: '503 from receiver',
        });
        expect((await outbox.due(at(3), 10)).map((r) => r.id)).toEqual([x, y, exactlyNow.id]);
        expect(await outbox.nextDueAt()).toBe(at(2));
        expect(await outbox.get(firstCreated.id)).toEqual({
          ...firstCreated,
          status: 'pending',
          attempts: 1,
          nextAttemptAt: at(30),
          lastError: '503 from receiver',
          result: { status_code: 200, body: 'ok ✓' },
          updated: at(4),
        });
        expect((await outbox.get(earliest.id))?.status).toBe('succeeded');
        expect(await outbox.get(randomUUID())).toBeNull();
        await outbox.recordAttempt(randomUUID(), { ...attempt, status: 'failed', nextAttemptAt: at(1) }); // unknown id: no-op
        expect(await rawScalar(storage, 'SELECT count(*) FROM action_outbox')).toBe(6);

        // Several attempts in one call (one transaction); unknown ids are ignored.
        await outbox.recordAttempts([
          { id: x, attempt: { ...attempt, status: 'failed', nextAttemptAt: at(1), lastError: 'gone (410)', result: { status_code: 410 } } },
          { id: y, attempt: { ...attempt, status: 'pending', attempts: 2, nextAttemptAt: at(50), lastError: null, result: null } },
          { id: randomUUID(), attempt: { ...attempt, status: 'failed', nextAttemptAt: at(1) } },
        ]);
        expect(await outbox.get(x)).toMatchObject({
          status: 'failed',
          lastError: 'gone (410)',
          result: { status_code: 410 },
          updated: at(4),
        });
        expect(await outbox.get(y)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: at(50), lastError: null, result: null });
        await outbox.recordAttempts([]);
      });
    });

    it('byFirings: rows of the given firings, grouped by firing, event row first, then by action index', async () => {
      await fresh(async ({ storage }) => {
        const { engine, outbox } = storage.automation;
        const ws = workspace();
        const [f1, f2] = [randomUUID(), randomUUID()].sort();
        const rows = [
          outboxInsert(ws, { firingId: f2, actionIndex: 1 }),
          outboxInsert(ws, { firingId: f1, actionIndex: 10 }),
          outboxInsert(ws, { firingId: f1, actionIndex: 2, body: { nested: [[1], { ü: null }] } }),
          outboxInsert(ws, { firingId: f1, kind: 'event', actionIndex: null }),
          outboxInsert(ws, { firingId: randomUUID() }),
        ];
        await engine.commit({ outbox: rows });
        const got = await outbox.byFirings([f1, f2, randomUUID()]);
        expect(got.map((r) => [r.firingId, r.actionIndex])).toEqual([
          [f1, null],
          [f1, 2],
          [f1, 10],
          [f2, 1],
        ]);
        expect(got[1].body).toEqual({ nested: [[1], { ü: null }] });
        expect(await outbox.byFirings([])).toEqual([]);
      });
    });
  });

  describe('pruneHistory', () => {
    it('deletes old firings and old finished outbox rows, at most `limit` per table, never pending rows', async () => {
      await fresh(async ({ storage }) => {
        const { engine, outbox, history } = storage.automation;
        const ws = workspace();
        const automationId = randomUUID();
        const oldFirings = Array.from({ length: 3 }, (_, i) => firingRecord(ws, automationId, { recorded: at(1, i) }));
        const newFiring = firingRecord(ws, automationId, { recorded: at(10) });
        const rows = Array.from({ length: 7 }, () => outboxInsert(ws, { created: at(0), nextAttemptAt: at(0) }));
        await engine.commit({ firings: [...oldFirings, newFiring], outbox: rows });
        const finish = (id: string, status: 'succeeded' | 'failed', updated: string) =>
          outbox.recordAttempt(id, { status, attempts: 1, nextAttemptAt: at(0), lastError: null, result: null, updated });
        await finish(rows[0].id, 'succeeded', at(1));
        await finish(rows[1].id, 'failed', at(2));
        await finish(rows[2].id, 'succeeded', at(3));
        await finish(rows[3].id, 'failed', at(20)); // finished, but recently
        // rows[4..6]: pending since at(0) — old, still work to do
        const before = at(5);
        expect(await history.pruneHistory(before, 2)).toBe(4); // 2 firings + 2 outbox rows
        expect(await history.pruneHistory(before, 2)).toBe(2); // 1 + 1
        expect(await history.pruneHistory(before, 2)).toBe(0);
        expect(await history.pruneHistory(at(59), 0)).toBe(0);
        expect(await engine.listFirings(ws, automationId, 10)).toEqual([newFiring]);
        const left = await outbox.byFirings(rows.map((r) => r.firingId));
        expect(left.map((r) => r.id).sort()).toEqual([rows[3], rows[4], rows[5], rows[6]].map((r) => r.id).sort());
        expect(await outbox.due(at(59), 10)).toHaveLength(3);
      });
    });
  });

  describe('firing expansion', () => {
    it('unexpanded: firings committed unexpanded, oldest first, each with the automation version it names', async () => {
      await fresh(async ({ storage }) => {
        const { automations, engine, outbox } = storage.automation;
        const ws = workspace();
        const v1 = makeAutomation({ name: 'as it fired', updated: at(1) });
        await automations.create(ws, v1, { deploymentIds: [] });
        const pending = (recorded: string) => firingRecord(ws, v1.id, { recorded, expanded: false, automationUpdated: v1.updated });
        const [later, earlier] = [pending(at(3)), pending(at(2))];
        const done = firingRecord(ws, v1.id, { recorded: at(1) });
        // The version is written twice (two commits need it): the second write changes nothing.
        await engine.commit({ versions: [{ workspaceId: ws, automation: v1 }], firings: [later, done] });
        await engine.commit({ versions: [{ workspaceId: ws, automation: v1 }], firings: [earlier] });
        // Edited after it fired: the firings still act with the version they name.
        await automations.update(ws, { ...v1, name: 'edited since', updated: at(9) }, { deploymentIds: [] });

        const found = await outbox.unexpanded(10);
        expect(found.map((f) => f.record.id)).toEqual([earlier.id, later.id]);
        expect(found[0].record).toEqual(earlier);
        expect(found.map((f) => f.automation?.name)).toEqual(['as it fired', 'as it fired']);
        expect((await outbox.unexpanded(1)).map((f) => f.record.id)).toEqual([earlier.id]);
        expect(await outbox.unexpanded(0)).toEqual([]);
        expect((await engine.listFirings(ws, v1.id, 10)).map((f) => f.expanded)).toEqual([false, false, true]);
      });
    });

    it('expand writes the rows and marks the firings in one go; expanding again changes nothing', async () => {
      await fresh(async ({ storage }) => {
        const { engine, outbox } = storage.automation;
        const ws = workspace();
        const automation = makeAutomation();
        const record = firingRecord(ws, automation.id, { expanded: false, automationUpdated: automation.updated });
        await engine.commit({ versions: [{ workspaceId: ws, automation }], firings: [record] });
        const rows = [0, 1].map((i) => outboxInsert(ws, { automationId: automation.id, firingId: record.id, actionIndex: i }));
        await outbox.expand([record.id], rows);
        expect(await outbox.unexpanded(10)).toEqual([]);
        expect((await engine.listFirings(ws, automation.id, 1))[0].expanded).toBe(true);
        await outbox.recordAttempt(rows[0].id, {
          status: 'succeeded',
          attempts: 1,
          nextAttemptAt: at(6),
          lastError: null,
          result: { ok: 1 },
          updated: at(6),
        });
        // A second expansion of the same firing (a crash between the two steps, another process): same ids, kept as they are.
        await outbox.expand([record.id], rows);
        const got = await outbox.byFirings([record.id]);
        expect(got.map((r) => [r.id, r.status, r.result])).toEqual([
          [rows[0].id, 'succeeded', { ok: 1 }],
          [rows[1].id, 'pending', null],
        ]);
        await outbox.expand([], []);
      });
    });

    it('a firing whose version is gone acts with the automation as it is now; with neither, with none', async () => {
      await fresh(async ({ storage }) => {
        const { automations, engine, outbox } = storage.automation;
        const ws = workspace();
        const current = makeAutomation({ name: 'current' });
        await automations.create(ws, current, { deploymentIds: [] });
        const record = firingRecord(ws, current.id, { expanded: false, automationUpdated: at(59) });
        await engine.commit({ firings: [record] });
        expect((await outbox.unexpanded(10)).map((f) => f.automation?.name)).toEqual(['current']);
        await automations.delete(ws, current.id);
        expect((await outbox.unexpanded(10)).map((f) => f.automation)).toEqual([null]);
      });
    });

    it('pruneHistory keeps unexpanded firings however old, and the versions they need; drops versions nobody needs', async () => {
      await fresh(async ({ storage }) => {
        const { automations, engine, outbox, history } = storage.automation;
        const ws = workspace();
        const current = makeAutomation({ updated: at(8) });
        await automations.create(ws, current, { deploymentIds: [] });
        const needed = { ...current, updated: at(4) };
        const stale = { ...current, updated: at(3) };
        const old = firingRecord(ws, current.id, { recorded: at(1), expanded: false, automationUpdated: needed.updated });
        const versions = [current, needed, stale].map((automation) => ({ workspaceId: ws, automation }));
        await engine.commit({ versions, firings: [old] });
        const versionCount = () => rawScalar(storage, 'SELECT count(*) FROM automation_versions');
        expect(await versionCount()).toBe(3);

        expect(await history.pruneHistory(at(5), 10)).toBe(0);
        expect((await engine.listFirings(ws, current.id, 10)).map((f) => f.id)).toEqual([old.id]);
        expect(await versionCount()).toBe(2); // the stale version went; the needed and the current one stay

        await outbox.expand([old.id], []);
        expect(await history.pruneHistory(at(5), 10)).toBe(1);
        expect(await engine.listFirings(ws, current.id, 10)).toEqual([]);
        expect(await versionCount()).toBe(1); // only the current one
      });
    });
  });

  describe('durability', () => {
    it('keeps its data across a reopen (the cursor, state and outbox are durable)', async () => {
      await fresh(async (b) => {
        const ws = workspace();
        const row = outboxInsert(ws);
        await b.storage.automation.engine.commit({
          cursor: 42,
          putState: [{ automationId: 'A', triggerId: 't', key: 'k', value: [1] }],
          outbox: [row],
        });
        await b.storage.close();
        const again = b.open();
        await again.migrate();
        expect(await again.automation.engine.loadCursor()).toBe(42);
        expect(await again.automation.engine.loadState()).toEqual([{ automationId: 'A', triggerId: 't', key: 'k', value: [1] }]);
        expect((await again.automation.outbox.get(row.id))?.body).toEqual(row.body);
      });
    });
  });
});
