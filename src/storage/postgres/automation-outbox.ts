// The action outbox on PostgreSQL (rows are inserted by the engine's commit, automation-engine.ts),
// and the pruning of finished history for the retention job.

import type pg from 'pg';
import type { Timestamp } from '../../events/types.js';
import type { AutomationHistoryPruner, OutboxAttempt, OutboxKind, OutboxRow, OutboxStatus, OutboxStore } from '../automation-store.js';
import { pgText, toJson, tsCol } from './automation-sql.js';

interface Row {
  id: string;
  workspace_id: string;
  automation_id: string;
  firing_id: string;
  kind: string;
  action_index: number | null;
  body: unknown;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  result: unknown;
  created: string;
  updated: string;
}

// Qualified (o.…) so ORDER BY can name the timestamptz columns, not their to_char aliases.
const COLUMNS = [
  'o.id',
  'o.workspace_id::text AS workspace_id',
  'o.automation_id',
  'o.firing_id',
  'o.kind',
  'o.action_index',
  'o.body',
  'o.status',
  'o.attempts',
  tsCol('o.next_attempt_at'),
  'o.last_error',
  'o.result',
  tsCol('o.created'),
  tsCol('o.updated'),
].join(', ');

function toOutboxRow(r: Row): OutboxRow {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    automationId: r.automation_id,
    firingId: r.firing_id,
    kind: r.kind as OutboxKind,
    actionIndex: r.action_index,
    body: r.body,
    nextAttemptAt: r.next_attempt_at,
    created: r.created,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    lastError: r.last_error,
    result: r.result,
    updated: r.updated,
  };
}

export class PostgresOutboxStore implements OutboxStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #rows(sql: string, params: unknown[]): Promise<OutboxRow[]> {
    return (await this.#pool.query<Row>(sql, params)).rows.map(toOutboxRow);
  }

  async due(now: Timestamp, limit: number): Promise<OutboxRow[]> {
    if (limit <= 0) return [];
    // `status = 'pending'` spelled literally: the condition of the partial index action_outbox_due.
    return this.#rows(
      `SELECT ${COLUMNS} FROM action_outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= $1::timestamptz
       ORDER BY o.next_attempt_at, o.created, o.id LIMIT $2`,
      [now, Math.floor(limit)],
    );
  }

  async nextDueAt(): Promise<Timestamp | null> {
    const { rows } = await this.#pool.query<{ at: string | null }>(
      `SELECT ${tsCol('min(o.next_attempt_at)', 'at')} FROM action_outbox o WHERE o.status = 'pending'`,
    );
    return rows[0].at;
  }

  async recordAttempt(id: string, a: OutboxAttempt): Promise<void> {
    await this.#pool.query(
      'UPDATE action_outbox SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, result = $6::json, updated = $7 WHERE id = $1',
      [id, a.status, a.attempts, a.nextAttemptAt, pgText(a.lastError), toJson(a.result), a.updated],
    );
  }

  async recordAttempts(attempts: readonly { id: string; attempt: OutboxAttempt }[]): Promise<void> {
    if (attempts.length === 0) return;
    const cols = { id: [] as string[], status: [] as string[], attempts: [] as number[], next: [] as string[], error: [] as (string | null)[], result: [] as (string | null)[], updated: [] as string[] };
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
    return (await this.#rows(`SELECT ${COLUMNS} FROM action_outbox o WHERE o.id = $1`, [id]))[0] ?? null;
  }

  /** Grouped by firing; within one, the emitted event (no action index) first, then by action index. */
  async byFirings(firingIds: readonly string[]): Promise<OutboxRow[]> {
    if (firingIds.length === 0) return [];
    return this.#rows(
      `SELECT ${COLUMNS} FROM action_outbox o WHERE o.firing_id = ANY($1::text[]) ORDER BY o.firing_id, o.action_index NULLS FIRST, o.id`,
      [firingIds],
    );
  }
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
      `WITH doomed AS (SELECT id FROM automation_firings WHERE recorded < $1::timestamptz ORDER BY recorded LIMIT $2 FOR UPDATE SKIP LOCKED)
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
    return (firings.rowCount ?? 0) + (outbox.rowCount ?? 0);
  }
}
