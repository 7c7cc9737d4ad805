// The action outbox on SQLite (rows are inserted when the action worker expands a firing),
// and the pruning of finished history for the retention job. Reads and updates run the shared SQL
// (sql/automation-sql.ts); batches and pruning are synchronous IMMEDIATE transactions.

import type Database from 'better-sqlite3';
import type { Timestamp } from '../../events/types.js';
import type {
  AutomationHistoryPruner,
  OutboxAttempt,
  OutboxInsert,
  OutboxRow,
  OutboxStore,
  UnexpandedFiring,
} from '../automation-store.js';
import { automationRowCodec, type OutboxTableRow, type UnexpandedFiringRow } from '../sql/automation-rows.js';
import { attemptParams, automationSql } from '../sql/automation-sql.js';
import { sqliteAutomationDialect as d, int, type StatementCache, toJson } from './automation-statements.js';

const sql = automationSql(d).outbox;
const rows = automationRowCodec(d);

export class SqliteOutboxStore implements OutboxStore {
  readonly #s: StatementCache;

  constructor(statements: StatementCache) {
    this.#s = statements;
  }

  async due(now: Timestamp, limit: number): Promise<OutboxRow[]> {
    if (limit <= 0) return [];
    return (this.#s.get(sql.due).all(now, int(limit)) as OutboxTableRow[]).map(rows.outbox);
  }

  async nextDueAt(): Promise<Timestamp | null> {
    const at = this.#s.get(sql.nextDueAt).pluck().get() as string | null;
    return at ?? null;
  }

  async recordAttempt(id: string, attempt: OutboxAttempt): Promise<void> {
    this.#s.get(sql.recordAttempt).run(...attemptParams(d, id, attempt));
  }

  async recordAttempts(attempts: readonly { id: string; attempt: OutboxAttempt }[]): Promise<void> {
    const update = this.#s.get(sql.recordAttempt);
    this.#s.transaction(() => {
      for (const { id, attempt } of attempts) update.run(...attemptParams(d, id, attempt));
    });
  }

  async get(id: string): Promise<OutboxRow | null> {
    const row = this.#s.get(sql.get).get(id) as OutboxTableRow | undefined;
    return row ? rows.outbox(row) : null;
  }

  /** Grouped by firing; within one, the emitted event (no action index) first, then by action index. */
  async byFirings(firingIds: readonly string[]): Promise<OutboxRow[]> {
    if (firingIds.length === 0) return [];
    return (this.#s.get(sql.byFirings).all(d.textList(firingIds)) as OutboxTableRow[]).map(rows.outbox);
  }

  async unexpanded(limit: number): Promise<UnexpandedFiring[]> {
    if (limit <= 0) return [];
    return (this.#s.get(sql.unexpanded).all(int(limit)) as UnexpandedFiringRow[]).map((r) => ({
      record: rows.firing(r),
      automation: r.automation === null ? null : rows.automation(r.automation),
    }));
  }

  async expand(firingIds: readonly string[], outbox: readonly OutboxInsert[]): Promise<void> {
    if (firingIds.length === 0 && outbox.length === 0) return;
    this.#s.transaction(() => {
      insertOutboxRows(this.#s, outbox);
      if (firingIds.length > 0) this.#s.get(sql.markExpanded).run(d.textList(firingIds));
    });
  }
}

/** Outbox rows, pending; a row whose id exists is left as it is (expanding a firing twice changes nothing). */
export function insertOutboxRows(s: StatementCache, outbox: readonly OutboxInsert[] | undefined): void {
  if (!outbox || outbox.length === 0) return;
  const insert = s.get(
    `INSERT INTO action_outbox (id, workspace_id, automation_id, firing_id, kind, action_index, body, status, attempts,
       next_attempt_at, last_error, result, created, updated)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, 'null', ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  for (const o of outbox) {
    insert.run(
      o.id,
      o.workspaceId,
      o.automationId,
      o.firingId,
      o.kind,
      o.actionIndex === null ? null : int(o.actionIndex),
      toJson(o.body),
      o.nextAttemptAt,
      o.created,
      o.created,
    );
  }
}

export class SqliteAutomationHistory implements AutomationHistoryPruner {
  readonly #s: StatementCache;
  readonly #prune: (before: Timestamp, limit: bigint) => number;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#prune = db.transaction((before: Timestamp, limit: bigint) => {
      const firings = this.#s
        .get(
          `DELETE FROM automation_firings WHERE id IN
             (SELECT id FROM automation_firings WHERE recorded < ? AND expanded = 1 ORDER BY recorded LIMIT ?)`,
        )
        .run(before, limit).changes;
      // Never a pending row: it is work still to do, however old. (`<> 'pending'`: the partial index.)
      const outbox = this.#s
        .get(
          `DELETE FROM action_outbox WHERE id IN
             (SELECT id FROM action_outbox WHERE status <> 'pending' AND updated < ? ORDER BY updated LIMIT ?)`,
        )
        .run(before, limit).changes;
      this.#s.get(sql.pruneVersions).run();
      return firings + outbox;
    }).immediate;
  }

  async pruneHistory(before: Timestamp, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return this.#prune(before, int(limit));
  }
}
