// Automations and their resource relations on SQLite, and the assembly of every automation-side
// store on the one connection. Automations are few; each call is a handful of indexed statements.

import type Database from 'better-sqlite3';
import type { Automation } from '../../automations/model.js';
import type { Timestamp } from '../../events/types.js';
import type { AutomationRelations, AutomationStorage, AutomationStore } from '../automation-store.js';
import { SqliteDestinationStore } from './automation-destinations.js';
import { SqliteEngineStateStore } from './automation-engine.js';
import { SqliteAutomationHistory, SqliteOutboxStore } from './automation-outbox.js';
import { fromJson, StatementCache, toJson } from './automation-statements.js';

/** Relations with this prefix that are not owned are rebuilt from `deploymentIds` (§3.2). */
const DEPLOYMENT_PREFIX = 'prefect.deployment.';

const ORDER = 'ORDER BY a.created, a.id';

export class SqliteAutomationStore implements AutomationStore {
  readonly #s: StatementCache;
  readonly #create: (workspaceId: string, automation: Automation, relations: AutomationRelations) => void;
  readonly #update: (workspaceId: string, automation: Automation, relations: AutomationRelations) => boolean;
  readonly #delete: (workspaceId: string, id: string) => boolean;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#create = db.transaction((ws: string, a: Automation, r: AutomationRelations) => {
      this.#s
        .get('INSERT INTO automations (id, workspace_id, name, enabled, created, updated, automation) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(a.id, ws, a.name, a.enabled ? 1 : 0, a.created, a.updated, toJson(a));
      this.#relate(a.id, r);
    }).immediate;
    this.#update = db.transaction((ws: string, a: Automation, r: AutomationRelations) => {
      const { changes } = this.#s
        .get('UPDATE automations SET name = ?, enabled = ?, created = ?, updated = ?, automation = ? WHERE workspace_id = ? AND id = ?')
        .run(a.name, a.enabled ? 1 : 0, a.created, a.updated, toJson(a), ws, a.id);
      if (changes === 0) return false;
      this.#relate(a.id, r);
      return true;
    }).immediate;
    this.#delete = db.transaction((ws: string, id: string) => {
      const { changes } = this.#s.get('DELETE FROM automations WHERE workspace_id = ? AND id = ?').run(ws, id);
      if (changes === 0) return false;
      this.#s.get('DELETE FROM automation_relations WHERE automation_id = ?').run(id);
      return true;
    }).immediate;
  }

  /** Prefect's rule (§3.2): the owner is upserted as owned (sticky), deployment relations replaced. */
  #relate(automationId: string, relations: AutomationRelations): void {
    if (relations.owner != null) {
      this.#s
        .get(
          'INSERT INTO automation_relations (automation_id, resource_id, owned) VALUES (?, ?, 1) ' +
            'ON CONFLICT (automation_id, resource_id) DO UPDATE SET owned = 1',
        )
        .run(automationId, relations.owner);
    }
    // substr, not LIKE: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    this.#s
      .get(`DELETE FROM automation_relations WHERE automation_id = ? AND owned = 0 AND substr(resource_id, 1, ${DEPLOYMENT_PREFIX.length}) = ?`)
      .run(automationId, DEPLOYMENT_PREFIX);
    const add = this.#s.get(
      'INSERT INTO automation_relations (automation_id, resource_id, owned) VALUES (?, ?, 0) ON CONFLICT (automation_id, resource_id) DO NOTHING',
    );
    for (const id of new Set(relations.deploymentIds)) add.run(automationId, DEPLOYMENT_PREFIX + id);
  }

  #automations(sql: string, ...params: unknown[]): Automation[] {
    return (this.#s.get(sql).pluck().all(...params) as string[]).map((text) => fromJson<Automation>(text));
  }

  async create(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<void> {
    this.#create(workspaceId, automation, relations);
  }

  async update(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<boolean> {
    return this.#update(workspaceId, automation, relations);
  }

  async get(workspaceId: string, id: string): Promise<Automation | null> {
    return this.#automations('SELECT automation FROM automations WHERE workspace_id = ? AND id = ?', workspaceId, id)[0] ?? null;
  }

  async list(workspaceId: string): Promise<Automation[]> {
    return this.#automations(`SELECT a.automation FROM automations a WHERE a.workspace_id = ? ${ORDER}`, workspaceId);
  }

  async listAll(): Promise<{ workspaceId: string; automation: Automation }[]> {
    const rows = this.#s
      .get(`SELECT a.workspace_id, a.automation FROM automations a ORDER BY a.workspace_id, a.created, a.id`)
      .all() as { workspace_id: string; automation: string }[];
    return rows.map((r) => ({ workspaceId: r.workspace_id, automation: fromJson<Automation>(r.automation) }));
  }

  async count(workspaceId: string): Promise<number> {
    return Number(this.#s.get('SELECT count(*) FROM automations WHERE workspace_id = ?').pluck().get(workspaceId));
  }

  async relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]> {
    return this.#automations(
      `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
       WHERE r.resource_id = ? AND a.workspace_id = ? ${ORDER}`,
      resourceId,
      workspaceId,
    );
  }

  async ownedBy(workspaceId: string, resourceId: string, createdBefore: Timestamp): Promise<Automation[]> {
    return this.#automations(
      `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
       WHERE r.resource_id = ? AND r.owned = 1 AND a.workspace_id = ? AND a.created < ? ${ORDER}`,
      resourceId,
      workspaceId,
      createdBefore,
    );
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.#delete(workspaceId, id);
  }
}

/** Every automation-side store, sharing the connection (and one statement cache). */
export function createSqliteAutomationStorage(db: Database.Database): AutomationStorage {
  const statements = new StatementCache(db);
  return {
    automations: new SqliteAutomationStore(db, statements),
    destinations: new SqliteDestinationStore(statements),
    engine: new SqliteEngineStateStore(db, statements),
    outbox: new SqliteOutboxStore(statements),
    history: new SqliteAutomationHistory(db, statements),
  };
}
