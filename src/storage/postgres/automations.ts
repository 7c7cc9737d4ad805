// Automations and their resource relations on PostgreSQL, and the assembly of every
// automation-side store on the pool. Automations are few: a write is a short transaction of a
// handful of statements; relations go away with their automation (ON DELETE CASCADE).

import type pg from 'pg';
import type { Automation } from '../../automations/model.js';
import type { Timestamp } from '../../events/types.js';
import type { AutomationRelations, AutomationStorage, AutomationStore } from '../automation-store.js';
import { PostgresDestinationStore } from './automation-destinations.js';
import { PostgresEngineStateStore } from './automation-engine.js';
import { PostgresAutomationHistory, PostgresOutboxStore } from './automation-outbox.js';
import { pgText, type Queryable, toJson, withTransaction } from './automation-sql.js';

/** Relations with this prefix that are not owned are rebuilt from `deploymentIds` (§3.2). */
const DEPLOYMENT_PREFIX = 'prefect.deployment.';

const ORDER = 'ORDER BY a.created, a.id';

export class PostgresAutomationStore implements AutomationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Prefect's rule (§3.2): the owner is upserted as owned (sticky), deployment relations replaced. */
  async #relate(client: Queryable, automationId: string, relations: AutomationRelations): Promise<void> {
    if (relations.owner != null) {
      await client.query(
        'INSERT INTO automation_relations (automation_id, resource_id, owned) VALUES ($1, $2, true) ' +
          'ON CONFLICT (automation_id, resource_id) DO UPDATE SET owned = true',
        [automationId, relations.owner],
      );
    }
    // left(), not LIKE: the same exact, case-sensitive prefix test as SQLite's substr.
    await client.query(
      `DELETE FROM automation_relations WHERE automation_id = $1 AND NOT owned AND left(resource_id, ${DEPLOYMENT_PREFIX.length}) = $2`,
      [automationId, DEPLOYMENT_PREFIX],
    );
    const resources = [...new Set(relations.deploymentIds)].map((id) => DEPLOYMENT_PREFIX + id);
    if (resources.length === 0) return;
    await client.query(
      'INSERT INTO automation_relations (automation_id, resource_id, owned) SELECT $1, r, false FROM unnest($2::text[]) AS r ' +
        'ON CONFLICT (automation_id, resource_id) DO NOTHING',
      [automationId, resources],
    );
  }

  async #automations(sql: string, params: unknown[]): Promise<Automation[]> {
    const { rows } = await this.#pool.query<{ automation: Automation }>(sql, params);
    return rows.map((r) => r.automation);
  }

  async create(workspaceId: string, a: Automation, relations: AutomationRelations): Promise<void> {
    await withTransaction(this.#pool, async (client) => {
      await client.query(
        'INSERT INTO automations (id, workspace_id, name, enabled, created, updated, automation) VALUES ($1, $2, $3, $4, $5, $6, $7::json)',
        [a.id, workspaceId, pgText(a.name), a.enabled, a.created, a.updated, toJson(a)],
      );
      await this.#relate(client, a.id, relations);
    });
  }

  async update(workspaceId: string, a: Automation, relations: AutomationRelations): Promise<boolean> {
    return withTransaction(this.#pool, async (client) => {
      const { rowCount } = await client.query(
        'UPDATE automations SET name = $3, enabled = $4, created = $5, updated = $6, automation = $7::json WHERE workspace_id = $1 AND id = $2',
        [workspaceId, a.id, pgText(a.name), a.enabled, a.created, a.updated, toJson(a)],
      );
      if (!rowCount) return false;
      await this.#relate(client, a.id, relations);
      return true;
    });
  }

  async get(workspaceId: string, id: string): Promise<Automation | null> {
    return (await this.#automations('SELECT automation FROM automations WHERE workspace_id = $1 AND id = $2', [workspaceId, id]))[0] ?? null;
  }

  async list(workspaceId: string): Promise<Automation[]> {
    return this.#automations(`SELECT a.automation FROM automations a WHERE a.workspace_id = $1 ${ORDER}`, [workspaceId]);
  }

  async listAll(): Promise<{ workspaceId: string; automation: Automation }[]> {
    const { rows } = await this.#pool.query<{ workspace_id: string; automation: Automation }>(
      'SELECT a.workspace_id::text AS workspace_id, a.automation FROM automations a ORDER BY a.workspace_id, a.created, a.id',
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, automation: r.automation }));
  }

  async count(workspaceId: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM automations WHERE workspace_id = $1', [workspaceId]);
    return Number(rows[0].n);
  }

  async relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]> {
    return this.#automations(
      `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
       WHERE r.resource_id = $1 AND a.workspace_id = $2 ${ORDER}`,
      [resourceId, workspaceId],
    );
  }

  async ownedBy(workspaceId: string, resourceId: string, createdBefore: Timestamp): Promise<Automation[]> {
    return this.#automations(
      `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
       WHERE r.resource_id = $1 AND r.owned AND a.workspace_id = $2 AND a.created < $3::timestamptz ${ORDER}`,
      [resourceId, workspaceId, createdBefore],
    );
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('DELETE FROM automations WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
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
