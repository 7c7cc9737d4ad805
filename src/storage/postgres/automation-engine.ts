// The trigger engine's durable state on PostgreSQL. `commit` is one transaction with at most one
// statement per field: rows travel as typed arrays through `unnest`, so a commit of thousands of
// entries is still ~9 round trips (constant parameter count, no per-row statements).

import type pg from 'pg';
import type { EngineClockRecord, EngineCommit, EngineStateStore, FiringRecord, FollowerEntry, StateEntry } from '../automation-store.js';
import { automationRowCodec, type ClockRow, type FiringRow, type FollowerRow, type StateRow } from '../sql/automation-rows.js';
import { assertClockWithCursor } from '../sql/engine-clock.js';
import { automationSql } from '../sql/automation-sql.js';
import { insertOutboxStep } from './automation-outbox.js';
import { postgresAutomationDialect as d, jsonColumns, toJson, withTransaction } from './automation-sql.js';

const sql = automationSql(d).engine;
const rows = automationRowCodec(d);

// Large row sets travel as JSON arrays, one per column, read back in step by ROWS FROM: one
// JSON.stringify per column instead of escaping every element into a PostgreSQL array literal, and
// positional reads on the server. Measured on 50,000 state entries (13 MB): one array of row
// objects through `json_to_recordset` (a hash of every object's keys) 1.4 s of server time; the
// same entries grouped by (automation, trigger) with parallel key and value arrays 0.2 s, and the
// ids repeated on every row were a third of the bytes sent.
//   $1 = [{"a": automation_id, "t": trigger_id, "k": [key, …], "v": [value, …]}, …]
const PUT_STATE = `
  INSERT INTO automation_state (automation_id, trigger_id, key, value)
  SELECT g.a, g.t, e.k, e.v
  FROM json_to_recordset($1::json) AS g(a text, t text, k json, v json),
       ROWS FROM (json_array_elements_text(g.k), json_array_elements(g.v)) AS e(k, v)
  ON CONFLICT (automation_id, trigger_id, key) DO UPDATE SET value = EXCLUDED.value`;

const DELETE_STATE = `
  DELETE FROM automation_state s USING unnest($1::text[], $2::text[], $3::text[]) AS d(automation_id, trigger_id, key)
  WHERE s.automation_id = d.automation_id AND s.trigger_id = d.trigger_id AND s.key = d.key`;

const ADD_FOLLOWERS = `
  INSERT INTO engine_followers (workspace_id, follower_id, leader_id, received, event)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::json[])
  ON CONFLICT (workspace_id, follower_id) DO NOTHING`;

const REMOVE_FOLLOWERS = `
  DELETE FROM engine_followers f USING unnest($1::uuid[], $2::text[]) AS d(workspace_id, follower_id)
  WHERE f.workspace_id = d.workspace_id AND f.follower_id = d.follower_id`;

// Firings and outbox rows: one JSON array per column (see PUT_STATE), so each large value (firing,
// body) is parsed once, by json_array_elements.
const INSERT_FIRINGS = `
  INSERT INTO automation_firings (id, workspace_id, automation_id, recorded, outcome, firing, expanded, automation_updated)
  SELECT r.id, r.ws::uuid, r.automation_id, r.recorded::timestamptz, r.outcome, r.firing, r.expanded::boolean,
         r.automation_updated::timestamptz
  FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json), json_array_elements_text($3::json),
                  json_array_elements_text($4::json), json_array_elements_text($5::json), json_array_elements($6::json),
                  json_array_elements_text($7::json), json_array_elements_text($8::json))
       AS r(id, ws, automation_id, recorded, outcome, firing, expanded, automation_updated)`;

const PUT_VERSIONS = `
  INSERT INTO automation_versions (automation_id, updated, automation)
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::json[])
  ON CONFLICT (automation_id, updated) DO NOTHING`;

/** Column arrays for `unnest`, one per field picked from each item. */
function columns<T>(items: readonly T[], ...pick: ((item: T) => unknown)[]): unknown[][] {
  return pick.map((p) => items.map(p));
}

/**
 * The put document of PUT_STATE. Several puts of one key in a commit: the last wins (what per-row
 * upserts do on SQLite); one multi-row `ON CONFLICT DO UPDATE` may not touch a row twice.
 */
function stateDocument(entries: readonly StateEntry[]): string {
  const groups = new Map<string, Map<string, unknown>>();
  const heads = new Map<string, [string, string]>();
  for (const e of entries) {
    const g = `${e.automationId}\0${e.triggerId}`;
    let keys = groups.get(g);
    if (!keys) {
      groups.set(g, (keys = new Map()));
      heads.set(g, [e.automationId, e.triggerId]);
    }
    keys.set(e.key, e.value ?? null);
  }
  const doc: unknown[] = [];
  for (const [g, keys] of groups) {
    const [a, t] = heads.get(g)!;
    doc.push({ a, t, k: [...keys.keys()], v: [...keys.values()] });
  }
  return JSON.stringify(doc);
}

export class PostgresEngineStateStore implements EngineStateStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async loadCursor(): Promise<number | null> {
    const { rows: found } = await this.#pool.query<{ seq: string }>(sql.loadCursor);
    return found.length > 0 ? Number(found[0].seq) : null;
  }

  async loadClock(): Promise<EngineClockRecord | null> {
    const { rows: found } = await this.#pool.query<ClockRow>(sql.loadClock);
    return found.length > 0 ? rows.clock(found[0]) : null;
  }

  async loadState(): Promise<StateEntry[]> {
    return (await this.#pool.query<StateRow>(sql.loadState)).rows.map(rows.state);
  }

  async loadAutomationState(automationId: string): Promise<StateEntry[]> {
    return (await this.#pool.query<StateRow>(sql.loadAutomationState, [automationId])).rows.map(rows.state);
  }

  async loadFollowers(): Promise<FollowerEntry[]> {
    return (await this.#pool.query<FollowerRow>(sql.loadFollowers)).rows.map(rows.follower);
  }

  /** One transaction, the fields in the documented order (later steps see earlier ones). */
  async commit(c: EngineCommit): Promise<void> {
    assertClockWithCursor(c);
    const steps: [string, unknown[]][] = [];
    const add = <T>(items: readonly T[] | undefined, sql: string, params: (items: readonly T[]) => unknown[]) => {
      if (items && items.length > 0) steps.push([sql, params(items)]);
    };
    add(c.clearAutomations, 'DELETE FROM automation_state WHERE automation_id = ANY($1::text[])', (ids) => [ids]);
    add(c.putState, PUT_STATE, (s) => [stateDocument(s)]);
    add(c.deleteState, DELETE_STATE, (s) =>
      columns(
        s,
        (k) => k.automationId,
        (k) => k.triggerId,
        (k) => k.key,
      ),
    );
    add(c.addFollowers, ADD_FOLLOWERS, (s) =>
      columns(
        s,
        (f) => f.workspaceId,
        (f) => f.event.id,
        (f) => f.leaderId,
        (f) => f.event.received,
        (f) => toJson(f.event),
      ),
    );
    add(c.removeFollowers, REMOVE_FOLLOWERS, (s) =>
      columns(
        s,
        (f) => f.workspaceId,
        (f) => f.eventId,
      ),
    );
    add(c.versions, PUT_VERSIONS, (s) =>
      columns(
        s,
        (v) => v.automation.id,
        (v) => v.automation.updated,
        (v) => toJson(v.automation),
      ),
    );
    // Firings and outbox rows carry large JSON: one document per batch (see PUT_STATE).
    add(c.firings, INSERT_FIRINGS, (s) =>
      jsonColumns(
        s,
        (f) => f.id,
        (f) => f.workspaceId,
        (f) => f.automationId,
        (f) => f.recorded,
        (f) => f.outcome,
        (f) => f.firing,
        (f) => f.expanded !== false,
        (f) => f.automationUpdated,
      ),
    );
    if (c.outbox && c.outbox.length > 0) steps.push(insertOutboxStep(c.outbox));
    if (c.cursor !== undefined && c.clock) {
      steps.push([sql.putCursorClock, [String(c.cursor), c.clock.eventsClock, String(d.int(c.clock.lagUs))]]);
    } else if (c.cursor !== undefined) {
      steps.push([sql.putCursor, [String(c.cursor)]]);
    }
    if (steps.length === 0) return;
    await withTransaction(this.#pool, async (client) => {
      for (const [sql, params] of steps) await client.query(sql, params);
    });
  }

  async listFirings(workspaceId: string, automationId: string, limit: number): Promise<FiringRecord[]> {
    if (limit <= 0) return [];
    return (await this.#pool.query<FiringRow>(sql.listFirings, [automationId, workspaceId, d.int(limit)])).rows.map(rows.firing);
  }
}
