// Destinations (webhook / Slack / Teams / e-mail targets) on PostgreSQL. SQL, rows and mappers are
// shared (sql/automation-sql.ts, sql/automation-rows.ts); this file runs them on the pool.

import type pg from 'pg';
import type { DestinationRecord, DestinationStore } from '../automation-store.js';
import { automationRowCodec, type DestinationRow } from '../sql/automation-rows.js';
import { automationSql, destinationParams } from '../sql/automation-sql.js';
import { postgresAutomationDialect as d } from './automation-sql.js';

const sql = automationSql(d).destinations;
const rows = automationRowCodec(d);

export class PostgresDestinationStore implements DestinationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(record: DestinationRecord): Promise<void> {
    await this.#pool.query(sql.insert, destinationParams.insert(d, record));
  }

  async get(workspaceId: string, id: string): Promise<DestinationRecord | null> {
    const { rows: found } = await this.#pool.query<DestinationRow>(sql.get, [workspaceId, id]);
    return found.length > 0 ? rows.destination(found[0]) : null;
  }

  async list(workspaceId: string): Promise<DestinationRecord[]> {
    return (await this.#pool.query<DestinationRow>(sql.list, [workspaceId])).rows.map(rows.destination);
  }

  async update(record: DestinationRecord): Promise<boolean> {
    const { rowCount } = await this.#pool.query(sql.update, destinationParams.update(d, record));
    return (rowCount ?? 0) > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(sql.delete, [workspaceId, id]);
    return (rowCount ?? 0) > 0;
  }
}
