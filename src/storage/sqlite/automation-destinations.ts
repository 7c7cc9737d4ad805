// Destinations (webhook / Slack / Teams / e-mail targets) on SQLite.

import type { DestinationRecord, DestinationStore, DestinationType } from '../automation-store.js';
import { fromJson, type StatementCache, toJson } from './automation-statements.js';

interface DestinationRow {
  id: string;
  workspace_id: string;
  name: string;
  type: string;
  config: string;
  secrets: string;
  disabled: number;
  disabled_reason: string | null;
  created: string;
  updated: string;
}

const COLUMNS = 'id, workspace_id, name, type, config, secrets, disabled, disabled_reason, created, updated';

function toRecord(r: DestinationRow): DestinationRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    type: r.type as DestinationType,
    config: fromJson(r.config),
    secrets: fromJson(r.secrets),
    disabled: r.disabled === 1,
    disabledReason: r.disabled_reason,
    created: r.created,
    updated: r.updated,
  };
}

export class SqliteDestinationStore implements DestinationStore {
  readonly #s: StatementCache;

  constructor(statements: StatementCache) {
    this.#s = statements;
  }

  async create(d: DestinationRecord): Promise<void> {
    this.#s
      .get(`INSERT INTO destinations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(d.id, d.workspaceId, d.name, d.type, toJson(d.config), toJson(d.secrets), d.disabled ? 1 : 0, d.disabledReason, d.created, d.updated);
  }

  async get(workspaceId: string, id: string): Promise<DestinationRecord | null> {
    const row = this.#s.get(`SELECT ${COLUMNS} FROM destinations WHERE workspace_id = ? AND id = ?`).get(workspaceId, id) as DestinationRow | undefined;
    return row ? toRecord(row) : null;
  }

  async list(workspaceId: string): Promise<DestinationRecord[]> {
    const rows = this.#s.get(`SELECT ${COLUMNS} FROM destinations WHERE workspace_id = ? ORDER BY created, id`).all(workspaceId) as DestinationRow[];
    return rows.map(toRecord);
  }

  async update(d: DestinationRecord): Promise<boolean> {
    const { changes } = this.#s
      .get(
        `UPDATE destinations SET name = ?, type = ?, config = ?, secrets = ?, disabled = ?, disabled_reason = ?, created = ?, updated = ?
         WHERE workspace_id = ? AND id = ?`,
      )
      .run(d.name, d.type, toJson(d.config), toJson(d.secrets), d.disabled ? 1 : 0, d.disabledReason, d.created, d.updated, d.workspaceId, d.id);
    return changes > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.#s.get('DELETE FROM destinations WHERE workspace_id = ? AND id = ?').run(workspaceId, id).changes > 0;
  }
}
