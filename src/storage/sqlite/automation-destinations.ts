// Destinations (webhook / Slack / Teams / e-mail targets) on SQLite. SQL, rows and mappers are
// shared (sql/automation-sql.ts, sql/automation-rows.ts); this file runs them synchronously.

import type { DestinationRecord, DestinationStore } from '../automation-store.js';
import { automationRowCodec, type DestinationRow } from '../sql/automation-rows.js';
import { automationSql, destinationParams } from '../sql/automation-sql.js';
import { sqliteAutomationDialect as d, type StatementCache } from './automation-statements.js';

const sql = automationSql(d).destinations;
const rows = automationRowCodec(d);

export class SqliteDestinationStore implements DestinationStore {
  readonly #s: StatementCache;

  constructor(statements: StatementCache) {
    this.#s = statements;
  }

  async create(record: DestinationRecord): Promise<void> {
    this.#s.get(sql.insert).run(...destinationParams.insert(d, record));
  }

  async get(workspaceId: string, id: string): Promise<DestinationRecord | null> {
    const row = this.#s.get(sql.get).get(workspaceId, id) as DestinationRow | undefined;
    return row ? rows.destination(row) : null;
  }

  async list(workspaceId: string): Promise<DestinationRecord[]> {
    return (this.#s.get(sql.list).all(workspaceId) as DestinationRow[]).map(rows.destination);
  }

  async update(record: DestinationRecord): Promise<boolean> {
    return this.#s.get(sql.update).run(...destinationParams.update(d, record)).changes > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.#s.get(sql.delete).run(workspaceId, id).changes > 0;
  }
}
