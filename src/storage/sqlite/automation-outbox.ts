// The action outbox on SQLite (rows are inserted by the engine's commit, automation-engine.ts),
// and the pruning of finished history for the retention job. Reads and updates run the shared SQL
// (sql/automation-sql.ts); batches and pruning are synchronous IMMEDIATE transactions.

import type Database from 'better-sqlite3';
import type { Timestamp } from '../../events/types.js';
import type { AutomationHistoryPruner, OutboxAttempt, OutboxRow, OutboxStore } from '../automation-store.js';
import { automationRowCodec, type OutboxTableRow } from '../sql/automation-rows.js';
import { attemptParams, automationSql } from '../sql/automation-sql.js';
import { sqliteAutomationDialect as d, int, type StatementCache } from './automation-statements.js';

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
