// The trigger engine's durable state on PostgreSQL. `commit` is one transaction with at most one
// statement per field: rows travel as typed arrays through `unnest`, so a commit of thousands of
// entries is still ~9 round trips (constant parameter count, no per-row statements).

import type pg from 'pg';
import type { EngineClockRecord, EngineCommit, EngineStateStore, FiringRecord, FollowerEntry, StateEntry } from '../automation-store.js';
import { automationRowCodec, type ClockRow, type FiringRow, type FollowerRow, type StateRow } from '../sql/automation-rows.js';
import { assertClockWithCursor } from '../sql/engine-clock.js';
import { automationSql } from '../sql/automation-sql.js';
import { postgresAutomationDialect as d, toJson, withTransaction } from './automation-sql.js';

const sql = automationSql(d).engine;
const rows = automationRowCodec(d);

// One JSON document for the whole batch: a single JSON.stringify instead of escaping every element
// into a PostgreSQL array literal (the engine puts tens of thousands of entries per commit).
const PUT_STATE = `
  INSERT INTO automation_state (automation_id, trigger_id, key, value)
  SELECT a, t, k, COALESCE(v, 'null'::json) FROM json_to_recordset($1::json) AS r(a text, t text, k text, v json)
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

const INSERT_FIRINGS = `
  INSERT INTO automation_firings (id, workspace_id, automation_id, recorded, outcome, firing)
  SELECT id, ws::uuid, automation_id, recorded::timestamptz, outcome, firing
  FROM json_to_recordset($1::json) AS r(id text, ws text, automation_id text, recorded text, outcome text, firing json)`;

const INSERT_OUTBOX = `
  INSERT INTO action_outbox (id, workspace_id, automation_id, firing_id, kind, action_index, body, status, attempts,
                             next_attempt_at, last_error, result, created, updated)
  SELECT id, ws, automation_id, firing_id, kind, action_index, body, 'pending', 0, next_attempt_at, NULL, 'null'::json, created, created
  FROM (SELECT id, ws::uuid AS ws, automation_id, firing_id, kind, action_index, COALESCE(body, 'null'::json) AS body,
               next_attempt_at::timestamptz AS next_attempt_at, created::timestamptz AS created
        FROM json_to_recordset($1::json) AS r(id text, ws text, automation_id text, firing_id text, kind text, action_index integer,
                                              body json, next_attempt_at text, created text)) AS t`;

/** Column arrays for `unnest`, one per field picked from each item. */
function columns<T>(items: readonly T[], ...pick: ((item: T) => unknown)[]): unknown[][] {
  return pick.map((p) => items.map(p));
}

/**
 * Several puts of one key in a commit: the last wins (what per-row upserts do on SQLite); one
 * multi-row `ON CONFLICT DO UPDATE` may not touch a row twice.
 */
function lastPerKey(entries: readonly StateEntry[]): StateEntry[] {
  const byKey = new Map<string, StateEntry>();
  for (const e of entries) byKey.set(`${e.automationId}\0${e.triggerId}\0${e.key}`, e);
  return [...byKey.values()];
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
    add(c.putState, PUT_STATE, (s) => [
      JSON.stringify(lastPerKey(s).map((e) => ({ a: e.automationId, t: e.triggerId, k: e.key, v: e.value ?? null }))),
    ]);
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
    // Firings and outbox rows carry large JSON: one document per batch (see PUT_STATE).
    add(c.firings, INSERT_FIRINGS, (s) => [
      JSON.stringify(
        s.map((f) => ({
          id: f.id,
          ws: f.workspaceId,
          automation_id: f.automationId,
          recorded: f.recorded,
          outcome: f.outcome,
          firing: f.firing,
        })),
      ),
    ]);
    add(c.outbox, INSERT_OUTBOX, (s) => [
      JSON.stringify(
        s.map((o) => ({
          id: o.id,
          ws: o.workspaceId,
          automation_id: o.automationId,
          firing_id: o.firingId,
          kind: o.kind,
          action_index: o.actionIndex,
          body: o.body ?? null,
          next_attempt_at: o.nextAttemptAt,
          created: o.created,
        })),
      ),
    ]);
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
