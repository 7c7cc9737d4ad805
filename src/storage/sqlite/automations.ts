// Automations and their resource relations on SQLite, and the assembly of every automation-side
// store on the one connection. Automations are few; each call is a handful of indexed statements.
// SQL, rows and mappers are shared (sql/automation-sql.ts); what is SQLite's own: synchronous
// IMMEDIATE transactions, one insert per deployment relation, and deleting relations by hand (no
// foreign keys on the connection).

import type Database from 'better-sqlite3';
import type { Automation } from '../../model/automation.js';
import type { Timestamp } from '../../events/types.js';
import type { AutomationRelations, AutomationStorage, AutomationStore } from '../automation-store.js';
import { type AutomationRow, automationRowCodec } from '../sql/automation-rows.js';
import { automationParams, automationSql, DEPLOYMENT_PREFIX } from '../sql/automation-sql.js';
import { SqliteDestinationStore } from './automation-destinations.js';
import { SqliteEngineStateStore } from './automation-engine.js';
import { SqliteAutomationHistory, SqliteOutboxStore } from './automation-outbox.js';
import { sqliteAutomationDialect as d, StatementCache } from './automation-statements.js';

const sql = automationSql(d).automations;
const rows = automationRowCodec(d);

export class SqliteAutomationStore implements AutomationStore {
  readonly #s: StatementCache;
  readonly #create: (workspaceId: string, automation: Automation, relations: AutomationRelations) => void;
  readonly #update: (workspaceId: string, automation: Automation, relations: AutomationRelations) => boolean;
  readonly #delete: (workspaceId: string, id: string) => boolean;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#create = db.transaction((ws: string, a: Automation, r: AutomationRelations) => {
      this.#s.get(sql.insert).run(...automationParams.insert(d, ws, a));
      this.#relate(a.id, r);
    }).immediate;
    this.#update = db.transaction((ws: string, a: Automation, r: AutomationRelations) => {
      const { changes } = this.#s.get(sql.update).run(...automationParams.update(d, ws, a));
      if (changes === 0) return false;
      this.#relate(a.id, r);
      return true;
    }).immediate;
    this.#delete = db.transaction((ws: string, id: string) => {
      const { changes } = this.#s.get(sql.delete).run(ws, id);
      if (changes === 0) return false;
      this.#s.get('DELETE FROM automation_relations WHERE automation_id = ?').run(id);
      return true;
    }).immediate;
  }

  /** Prefect's rule ([compat S3.2]): the owner is upserted as owned (sticky), deployment relations replaced. */
  #relate(automationId: string, relations: AutomationRelations): void {
    if (relations.owner != null) this.#s.get(sql.relateOwner).run(automationId, relations.owner);
    this.#s.get(sql.unrelateDeployments).run(automationId, DEPLOYMENT_PREFIX);
    const add = this.#s.get(
      'INSERT INTO automation_relations (automation_id, resource_id, owned) VALUES (?, ?, 0) ON CONFLICT (automation_id, resource_id) DO NOTHING',
    );
    for (const id of new Set(relations.deploymentIds)) add.run(automationId, DEPLOYMENT_PREFIX + id);
  }

  #automations(text: string, ...params: unknown[]): Automation[] {
    return this.#s
      .get(text)
      .pluck()
      .all(...params)
      .map(rows.automation);
  }

  async create(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<void> {
    this.#create(workspaceId, automation, relations);
  }

  async update(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<boolean> {
    return this.#update(workspaceId, automation, relations);
  }

  async get(workspaceId: string, id: string): Promise<Automation | null> {
    return this.#automations(sql.get, workspaceId, id)[0] ?? null;
  }

  async list(workspaceId: string): Promise<Automation[]> {
    return this.#automations(sql.list, workspaceId);
  }

  async listAll(): Promise<{ workspaceId: string; automation: Automation }[]> {
    const found = this.#s.get(sql.listAll).all() as AutomationRow[];
    return found.map((r) => ({ workspaceId: r.workspace_id, automation: rows.automation(r.automation) }));
  }

  async count(workspaceId: string): Promise<number> {
    return Number(this.#s.get(sql.count).pluck().get(workspaceId));
  }

  async relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]> {
    return this.#automations(sql.relatedTo, resourceId, workspaceId);
  }

  async ownedBy(workspaceId: string, resourceId: string, createdBefore: Timestamp): Promise<Automation[]> {
    return this.#automations(sql.ownedBy, resourceId, workspaceId, createdBefore);
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
