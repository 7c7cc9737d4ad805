// The action outbox on SQLite (rows are inserted by the engine's commit, automation-engine.ts),
// and the pruning of finished history for the retention job.

import type Database from 'better-sqlite3';
import type { Timestamp } from '../../events/types.js';
import type { AutomationHistoryPruner, OutboxAttempt, OutboxKind, OutboxRow, OutboxStatus, OutboxStore } from '../automation-store.js';
import { fromJson, int, type StatementCache, toJson } from './automation-statements.js';

interface Row {
  id: string;
  workspace_id: string;
  automation_id: string;
  firing_id: string;
  kind: string;
  action_index: number | null;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  result: string;
  created: string;
  updated: string;
}

const COLUMNS =
  'id, workspace_id, automation_id, firing_id, kind, action_index, body, status, attempts, next_attempt_at, last_error, result, created, updated';

function toOutboxRow(r: Row): OutboxRow {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    automationId: r.automation_id,
    firingId: r.firing_id,
    kind: r.kind as OutboxKind,
    actionIndex: r.action_index === null ? null : Number(r.action_index),
    body: fromJson(r.body),
    nextAttemptAt: r.next_attempt_at,
    created: r.created,
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    result: fromJson(r.result),
    updated: r.updated,
  };
}

export class SqliteOutboxStore implements OutboxStore {
  readonly #s: StatementCache;

  constructor(statements: StatementCache) {
    this.#s = statements;
  }

  async due(now: Timestamp, limit: number): Promise<OutboxRow[]> {
    if (limit <= 0) return [];
    // `status = 'pending'` spelled literally: the condition of the partial index action_outbox_due.
    const rows = this.#s
      .get(`SELECT ${COLUMNS} FROM action_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created, id LIMIT ?`)
      .all(now, int(limit)) as Row[];
    return rows.map(toOutboxRow);
  }

  async nextDueAt(): Promise<Timestamp | null> {
    const at = this.#s.get(`SELECT min(next_attempt_at) FROM action_outbox WHERE status = 'pending'`).pluck().get() as string | null;
    return at ?? null;
  }

  async recordAttempt(id: string, a: OutboxAttempt): Promise<void> {
    this.#s
      .get('UPDATE action_outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, result = ?, updated = ? WHERE id = ?')
      .run(a.status, int(a.attempts), a.nextAttemptAt, a.lastError, toJson(a.result), a.updated, id);
  }

  async recordAttempts(attempts: readonly { id: string; attempt: OutboxAttempt }[]): Promise<void> {
    const update = this.#s.get('UPDATE action_outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, result = ?, updated = ? WHERE id = ?');
    this.#s.transaction(() => {
      for (const { id, attempt: a } of attempts) update.run(a.status, int(a.attempts), a.nextAttemptAt, a.lastError, toJson(a.result), a.updated, id);
    });
  }

  async get(id: string): Promise<OutboxRow | null> {
    const row = this.#s.get(`SELECT ${COLUMNS} FROM action_outbox WHERE id = ?`).get(id) as Row | undefined;
    return row ? toOutboxRow(row) : null;
  }

  /** Grouped by firing; within one, the emitted event (no action index) first, then by action index. */
  async byFirings(firingIds: readonly string[]): Promise<OutboxRow[]> {
    if (firingIds.length === 0) return [];
    const rows = this.#s
      .get(
        `SELECT ${COLUMNS} FROM action_outbox WHERE firing_id IN (SELECT value FROM json_each(?))
         ORDER BY firing_id, action_index NULLS FIRST, id`,
      )
      .all(JSON.stringify(firingIds)) as Row[];
    return rows.map(toOutboxRow);
  }
}

export class SqliteAutomationHistory implements AutomationHistoryPruner {
  readonly #s: StatementCache;
  readonly #prune: (before: Timestamp, limit: bigint) => number;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#prune = db.transaction((before: Timestamp, limit: bigint) => {
      const firings = this.#s
        .get('DELETE FROM automation_firings WHERE id IN (SELECT id FROM automation_firings WHERE recorded < ? ORDER BY recorded LIMIT ?)')
        .run(before, limit).changes;
      // Never a pending row: it is work still to do, however old. (`<> 'pending'`: the partial index.)
      const outbox = this.#s
        .get(
          `DELETE FROM action_outbox WHERE id IN
             (SELECT id FROM action_outbox WHERE status <> 'pending' AND updated < ? ORDER BY updated LIMIT ?)`,
        )
        .run(before, limit).changes;
      return firings + outbox;
    }).immediate;
  }

  async pruneHistory(before: Timestamp, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return this.#prune(before, int(limit));
  }
}
