// RetentionJob also prunes finished automation history (firings, delivered / failed outbox rows)
// with the global retention period, in batches; pending outbox rows are never touched.

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { timestampFromMillis } from '../../src/events/index.js';
import { RetentionJob } from '../../src/storage/retention.js';
import { firingRecord, outboxInsert, rawScalar } from './automation-fixtures.js';
import { backends, type Backend } from './backends.js';
import { workspace } from './fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 7, 21, 12, 0, 0);
const ago = (days: number) => timestampFromMillis(NOW - days * DAY);
const silent = { info: () => undefined, error: () => undefined };

describe.each(backends)('RetentionJob prunes automation history: $name', (factory) => {
  let b: Backend | undefined;
  afterEach(async () => {
    await b?.cleanup();
    b = undefined;
  });

  it('deletes firings and finished outbox rows older than the period, batch by batch', async () => {
    b = await factory.create();
    const { engine, outbox } = b.storage.automation;
    const ws = workspace();
    const automationId = randomUUID();
    const young = firingRecord(ws, automationId, { recorded: ago(1) });
    const old = Array.from({ length: 5 }, () => firingRecord(ws, automationId, { recorded: ago(8) }));
    const rows = Array.from({ length: 6 }, () => outboxInsert(ws, { created: ago(9), nextAttemptAt: ago(9) }));
    await engine.commit({ firings: [young, ...old], outbox: rows });
    const finish = (i: number, status: 'succeeded' | 'failed', days: number) =>
      outbox.recordAttempt(rows[i].id, { status, attempts: 1, nextAttemptAt: ago(9), lastError: null, result: null, updated: ago(days) });
    await finish(0, 'succeeded', 8);
    await finish(1, 'failed', 8);
    await finish(2, 'succeeded', 8);
    await finish(3, 'succeeded', 1); // finished recently: kept
    // rows 4 and 5 stay pending for 9 days: kept

    const settings = { retentionPeriod: 7 * DAY, retentionOverrides: null, retentionInterval: 3_600_000, retentionBatchSize: 2 };
    const job = new RetentionJob({ storage: b.storage, clock: new FakeClock(NOW), settings, logger: silent });
    expect(await job.runOnce()).toEqual({ deleted: 0 }); // `deleted` counts events only

    expect(await engine.listFirings(ws, automationId, 10)).toEqual([young]);
    const left = (await outbox.byFirings(rows.map((r) => r.firingId))).map((r) => r.id).sort();
    expect(left).toEqual([rows[3].id, rows[4].id, rows[5].id].sort());
    expect(await rawScalar(b.storage, 'SELECT count(*) FROM automation_firings')).toBe(1);
  });
});
