// Destinations (webhook / Slack / Teams / e-mail targets) on PostgreSQL.

import type pg from 'pg';
import type { DestinationRecord, DestinationStore, DestinationType } from '../automation-store.js';
import { pgText, toJson, tsCol } from './automation-sql.js';

interface DestinationRow {
  id: string;
  workspace_id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  secrets: Record<string, unknown>;
  disabled: boolean;
  disabled_reason: string | null;
  created: string;
  updated: string;
}

const COLUMNS = `id, workspace_id::text AS workspace_id, name, type, config, secrets, disabled, disabled_reason, ${tsCol('created')}, ${tsCol('updated')}`;

function toRecord(r: DestinationRow): DestinationRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    type: r.type as DestinationType,
    config: r.config,
    secrets: r.secrets,
    disabled: r.disabled,
    disabledReason: r.disabled_reason,
    created: r.created,
    updated: r.updated,
  };
}

export class PostgresDestinationStore implements DestinationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(d: DestinationRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO destinations (id, workspace_id, name, type, config, secrets, disabled, disabled_reason, created, updated)
       VALUES ($1, $2, $3, $4, $5::json, $6::json, $7, $8, $9, $10)`,
      [d.id, d.workspaceId, pgText(d.name), d.type, toJson(d.config), toJson(d.secrets), d.disabled, pgText(d.disabledReason), d.created, d.updated],
    );
  }

  async get(workspaceId: string, id: string): Promise<DestinationRecord | null> {
    const { rows } = await this.#pool.query<DestinationRow>(`SELECT ${COLUMNS} FROM destinations WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return rows.length > 0 ? toRecord(rows[0]) : null;
  }

  async list(workspaceId: string): Promise<DestinationRecord[]> {
    const { rows } = await this.#pool.query<DestinationRow>(
      `SELECT ${COLUMNS} FROM destinations WHERE workspace_id = $1 ORDER BY destinations.created, destinations.id`,
      [workspaceId],
    );
    return rows.map(toRecord);
  }

  async update(d: DestinationRecord): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `UPDATE destinations SET name = $3, type = $4, config = $5::json, secrets = $6::json, disabled = $7, disabled_reason = $8,
         created = $9, updated = $10
       WHERE workspace_id = $1 AND id = $2`,
      [d.workspaceId, d.id, pgText(d.name), d.type, toJson(d.config), toJson(d.secrets), d.disabled, pgText(d.disabledReason), d.created, d.updated],
    );
    return (rowCount ?? 0) > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM destinations WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return (rowCount ?? 0) > 0;
  }
}
