// Builders for the automation storage tests (automations-conformance.test.ts and friends).

import { randomUUID } from 'node:crypto';
import type { Automation, Firing } from '../../src/model/automation.js';
import type { FiringRecord, OutboxInsert } from '../../src/storage/automation-store.js';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import type { StorageBackend } from '../../src/storage/storage.js';
import { makeEvent } from './fixtures.js';

/** `2026-08-21T10:00:<ss>.<micros>Z`: canonical timestamps that differ in the last digits. */
export const at = (seconds: number, micros = 0): string =>
  `2026-08-21T10:00:${String(seconds).padStart(2, '0')}.${String(micros).padStart(6, '0')}Z`;

export function makeAutomation(over: Partial<Automation> = {}): Automation {
  return {
    id: randomUUID(),
    created: at(0, 1),
    updated: at(0, 1),
    name: 'restart crashed flows',
    description: '',
    enabled: true,
    tags: [],
    trigger: {
      type: 'event',
      id: randomUUID(),
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      match_related: [],
      after: [],
      expect: ['prefect.flow-run.Crashed'],
      for_each: ['prefect.resource.id'],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    },
    actions: [{ type: 'do-nothing' }],
    actions_on_trigger: [],
    actions_on_resolve: [],
    ...over,
  };
}

export function makeFiring(over: Partial<Firing> = {}): Firing {
  const automation = makeAutomation();
  return {
    id: randomUUID(),
    trigger: automation.trigger,
    trigger_states: ['Triggered'],
    triggered: at(1, 123456),
    triggering_labels: { 'prefect.resource.id': 'prefect.flow-run.ü' },
    triggering_firings: [],
    triggering_event: makeEvent(),
    triggering_value: null,
    ...over,
  };
}

export function firingRecord(workspaceId: string, automationId: string, over: Partial<FiringRecord> = {}): FiringRecord {
  const firing = makeFiring();
  return {
    id: firing.id,
    workspaceId,
    automationId,
    firing,
    outcome: 'acted',
    recorded: at(2),
    expanded: true,
    automationUpdated: null,
    ...over,
  };
}

export function outboxInsert(workspaceId: string, over: Partial<OutboxInsert> = {}): OutboxInsert {
  return {
    id: randomUUID(),
    workspaceId,
    automationId: randomUUID(),
    firingId: randomUUID(),
    kind: 'action',
    actionIndex: 0,
    body: { action: { type: 'call-webhook' }, causation_depth: 0 },
    nextAttemptAt: at(5),
    created: at(5),
    ...over,
  };
}

/** Runs a scalar SQL query on the backend's own connection (to prove what the stores cannot show). */
export async function rawScalar(storage: StorageBackend, sql: string, params: unknown[] = []): Promise<number> {
  if (storage instanceof SqliteStorage)
    return Number(
      storage.database
        .prepare(sql)
        .pluck()
        .get(...params),
    );
  if (storage instanceof PostgresStorage) {
    let n = 0;
    const numbered = sql.replace(/\?/g, () => `$${++n}`);
    return Number(Object.values((await storage.pool.query(numbered, params)).rows[0])[0]);
  }
  throw new Error('unknown backend');
}
