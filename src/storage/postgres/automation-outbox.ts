// The action outbox on PostgreSQL (rows are inserted when the action worker expands a firing),
// and the pruning of finished history for the retention job. Reads and single updates run the shared
// SQL (sql/automation-sql.ts); the batch update (one `unnest` statement) and pruning are PostgreSQL's own.

import type pg from 'pg';
import type { Timestamp } from '../../events/types.js';
import type {
  AutomationHistoryPruner,
  OutboxAttempt,
  OutboxInsert,
  OutboxRow,
  OutboxStore,
  UnexpandedFiring,
} from '../automation-store.js';
import { automationRowCodec, type OutboxTableRow, type UnexpandedFiringRow } from '../sql/automation-rows.js';
import { attemptParams, automationSql } from '../sql/automation-sql.js';
import { postgresAutomationDialect as d, jsonColumns, pgText, toJson, withTransaction } from './automation-sql.js';

const sql = automationSql(d).outbox;
const rows = automationRowCodec(d);

export class PostgresOutboxStore implements OutboxStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #rows(text: string, params: unknown[]): Promise<OutboxRow[]> {
    return (await this.#pool.query<OutboxTableRow>(text, params)).rows.map(rows.outbox);
  }

  async due(now: Timestamp, limit: number): Promise<OutboxRow[]> {
    if (limit <= 0) return [];
    return this.#rows(sql.due, [now, d.int(limit)]);
  }

  async nextDueAt(): Promise<Timestamp | null> {
    const { rows: found } = await this.#pool.query<{ at: string | null }>(sql.nextDueAt);
    return found[0].at;
  }

  async recordAttempt(id: string, attempt: OutboxAttempt): Promise<void> {
    await this.#pool.query(sql.recordAttempt, attemptParams(d, id, attempt));
  }

  async recordAttempts(attempts: readonly { id: string; attempt: OutboxAttempt }[]): Promise<void> {
    if (attempts.length === 0) return;
    const cols = {
      id: [] as string[],
      status: [] as string[],
      attempts: [] as number[],
      next: [] as string[],
      error: [] as (string | null)[],
      result: [] as (string | null)[],
      updated: [] as string[],
    };
    for (const { id, attempt: a } of attempts) {
      cols.id.push(id);
      cols.status.push(a.status);
      cols.attempts.push(a.attempts);
      cols.next.push(a.nextAttemptAt);
      cols.error.push(pgText(a.lastError));
      cols.result.push(toJson(a.result));
      cols.updated.push(a.updated);
    }
    // One statement (one commit) for the whole batch.
    await this.#pool.query(
      `UPDATE action_outbox o SET status = u.status, attempts = u.attempts, next_attempt_at = u.next_attempt_at::timestamptz,
         last_error = u.last_error, result = u.result::json, updated = u.updated::timestamptz
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS u(id, status, attempts, next_attempt_at, last_error, result, updated)
       WHERE o.id = u.id`,
      [cols.id, cols.status, cols.attempts, cols.next, cols.error, cols.result, cols.updated],
    );
  }

  async get(id: string): Promise<OutboxRow | null> {
    return (await this.#rows(sql.get, [id]))[0] ?? null;
  }

  /** Grouped by firing; within one, the emitted event (no action index) first, then by action index. */
  async byFirings(firingIds: readonly string[]): Promise<OutboxRow[]> {
    if (firingIds.length === 0) return [];
    return this.#rows(sql.byFirings, [d.textList(firingIds)]);
  }

  async unexpanded(limit: number): Promise<UnexpandedFiring[]> {
    if (limit <= 0) return [];
    const found = await this.#pool.query<UnexpandedFiringRow>(sql.unexpanded, [d.int(limit)]);
    return found.rows.map((r) => ({ record: rows.firing(r), automation: r.automation === null ? null : rows.automation(r.automation) }));
  }

  async expand(firingIds: readonly string[], outbox: readonly OutboxInsert[]): Promise<void> {
    if (firingIds.length === 0 && outbox.length === 0) return;
    await withTransaction(this.#pool, async (client) => {
      if (outbox.length > 0) await client.query(...insertOutboxStep(outbox));
      if (firingIds.length > 0) await client.query(sql.markExpanded, [d.textList(firingIds)]);
    });
  }
}

// Outbox rows carry large JSON: one document per column (see PUT_STATE in automation-engine.ts). A
// row whose id exists is left as it is, so expanding a firing twice changes nothing.
const INSERT_OUTBOX = `
  INSERT INTO action_outbox (id, workspace_id, automation_id, firing_id, kind, action_index, body, status, attempts,
                             next_attempt_at, last_error, result, created, updated)
  SELECT r.id, r.ws::uuid, r.automation_id, r.firing_id, r.kind, r.action_index::integer, r.body, 'pending', 0,
         r.next_attempt_at::timestamptz, NULL, 'null'::json, r.created::timestamptz, r.created::timestamptz
  FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json), json_array_elements_text($3::json),
                  json_array_elements_text($4::json), json_array_elements_text($5::json), json_array_elements_text($6::json),
                  json_array_elements_text($7::json), json_array_elements_text($8::json), json_array_elements($9::json))
       AS r(id, ws, automation_id, firing_id, kind, action_index, next_attempt_at, created, body)
  ON CONFLICT (id) DO NOTHING`;

/** The statement and parameters that insert `outbox` (pending). */
export function insertOutboxStep(outbox: readonly OutboxInsert[]): [string, unknown[]] {
  return [
    INSERT_OUTBOX,
    jsonColumns(
      outbox,
      (o) => o.id,
      (o) => o.workspaceId,
      (o) => o.automationId,
      (o) => o.firingId,
      (o) => o.kind,
      (o) => o.actionIndex,
      (o) => o.nextAttemptAt,
      (o) => o.created,
      (o) => o.body,
    ),
  ];
}

export class PostgresAutomationHistory implements AutomationHistoryPruner {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Two short statements (no need for one transaction); SKIP LOCKED lets two processes prune at once. */
  async pruneHistory(before: Timestamp, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    const n = Math.floor(limit);
    const firings = await this.#pool.query(
      `WITH doomed AS (
         SELECT id FROM automation_firings WHERE recorded < $1::timestamptz AND expanded ORDER BY recorded LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       DELETE FROM automation_firings WHERE id IN (SELECT id FROM doomed)`,
      [before, n],
    );
    // Never a pending row: it is work still to do, however old (re-checked by the DELETE itself).
    const outbox = await this.#pool.query(
      `WITH doomed AS (
         SELECT id FROM action_outbox WHERE status <> 'pending' AND updated < $1::timestamptz ORDER BY updated LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       DELETE FROM action_outbox WHERE id IN (SELECT id FROM doomed) AND status <> 'pending'`,
      [before, n],
    );
    await this.#pool.query(sql.pruneVersions);
    return (firings.rowCount ?? 0) + (outbox.rowCount ?? 0);
  }
}
