// Automations and their resource relations on PostgreSQL, and the assembly of every
// automation-side store on the pool. Automations are few: a write is a short transaction of a
// handful of statements; relations go away with their automation (ON DELETE CASCADE). SQL, rows
// and mappers are shared (sql/automation-sql.ts); what is PostgreSQL's own: async transactions on a
// pooled client, and the deployment relations inserted as one array.

import type pg from 'pg';
import type { Automation } from '../../model/automation.js';
import type { Timestamp } from '../../events/types.js';
import type { AutomationRelations, AutomationStorage, AutomationStore } from '../automation-store.js';
import { type AutomationRow, automationRowCodec } from '../sql/automation-rows.js';
import { automationParams, automationSql, DEPLOYMENT_PREFIX } from '../sql/automation-sql.js';
import { PostgresDestinationStore } from './automation-destinations.js';
import { PostgresEngineStateStore } from './automation-engine.js';
import { PostgresAutomationHistory, PostgresOutboxStore } from './automation-outbox.js';
import { postgresAutomationDialect as d, type Queryable, withTransaction } from './automation-sql.js';

const sql = automationSql(d).automations;
const rows = automationRowCodec(d);

export class PostgresAutomationStore implements AutomationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Prefect's rule ([compat S3.2]): the owner is upserted as owned (sticky), deployment relations replaced. */
  async #relate(client: Queryable, automationId: string, relations: AutomationRelations): Promise<void> {
    if (relations.owner != null) await client.query(sql.relateOwner, [automationId, relations.owner]);
    await client.query(sql.unrelateDeployments, [automationId, DEPLOYMENT_PREFIX]);
    const resources = [...new Set(relations.deploymentIds)].map((id) => DEPLOYMENT_PREFIX + id);
    if (resources.length === 0) return;
    await client.query(
      'INSERT INTO automation_relations (automation_id, resource_id, owned) SELECT $1, r, false FROM unnest($2::text[]) AS r ' +
        'ON CONFLICT (automation_id, resource_id) DO NOTHING',
      [automationId, resources],
    );
  }

  async #automations(text: string, params: unknown[]): Promise<Automation[]> {
    const { rows: found } = await this.#pool.query<Pick<AutomationRow, 'automation'>>(text, params);
    return found.map((r) => rows.automation(r.automation));
  }

  async create(workspaceId: string, a: Automation, relations: AutomationRelations): Promise<void> {
    await withTransaction(this.#pool, async (client) => {
      await client.query(sql.insert, automationParams.insert(d, workspaceId, a));
      await this.#relate(client, a.id, relations);
    });
  }

  async update(workspaceId: string, a: Automation, relations: AutomationRelations): Promise<boolean> {
    return withTransaction(this.#pool, async (client) => {
      const { rowCount } = await client.query(sql.update, automationParams.update(d, workspaceId, a));
      if (!rowCount) return false;
      await this.#relate(client, a.id, relations);
      return true;
    });
  }

  async get(workspaceId: string, id: string): Promise<Automation | null> {
    return (await this.#automations(sql.get, [workspaceId, id]))[0] ?? null;
  }

  async list(workspaceId: string): Promise<Automation[]> {
    return this.#automations(sql.list, [workspaceId]);
  }

  async listAll(): Promise<{ workspaceId: string; automation: Automation }[]> {
    const { rows: found } = await this.#pool.query<AutomationRow>(sql.listAll);
    return found.map((r) => ({ workspaceId: r.workspace_id, automation: rows.automation(r.automation) }));
  }

  async count(workspaceId: string): Promise<number> {
    const { rows: found } = await this.#pool.query<{ n: string }>(sql.count, [workspaceId]);
    return Number(found[0].n);
  }

  async relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]> {
    return this.#automations(sql.relatedTo, [resourceId, workspaceId]);
  }

  async ownedBy(workspaceId: string, resourceId: string, createdBefore: Timestamp): Promise<Automation[]> {
    return this.#automations(sql.ownedBy, [resourceId, workspaceId, createdBefore]);
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(sql.delete, [workspaceId, id]);
    return (rowCount ?? 0) > 0;
  }
}

/** Every automation-side store, sharing the pool. */
export function createPostgresAutomationStorage(pool: pg.Pool): AutomationStorage {
  return {
    automations: new PostgresAutomationStore(pool),
    destinations: new PostgresDestinationStore(pool),
    engine: new PostgresEngineStateStore(pool),
    outbox: new PostgresOutboxStore(pool),
    history: new PostgresAutomationHistory(pool),
  };
}
