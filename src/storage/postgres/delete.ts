// Retention deletes on PostgreSQL: at most `limit` events per call, in one statement (one short
// transaction) that removes the events and their resource and label rows together, and takes those
// already counted off the per-minute counts (event-counts.ts: under the counts' lock, so the builder
// never counts an event retention is deleting). `SKIP LOCKED` lets two processes run retention at once
// without waiting on each other's rows.

import type pg from 'pg';
import type { RetentionRule } from '../storage.js';
import { ROLLUP_ORIGIN, withCountsLock } from './event-counts.js';

export async function deletePostgresEvents(pool: pg.Pool, rule: RetentionRule, limit: number): Promise<number> {
  if (limit <= 0 || (rule.eventNames && rule.eventNames.length === 0)) return 0;
  const { rows: workspaces } = await pool.query<{ key: number }>('SELECT key FROM workspaces ORDER BY key');
  let deleted = 0;
  for (const { key } of workspaces) {
    if (deleted >= limit) break;
    const params: unknown[] = [key, rule.before, Math.floor(limit - deleted)];
    const where = ['ws = $1', 'occurred < $2::timestamptz'];
    if (rule.eventNames) {
      params.push(rule.eventNames);
      where.push(`event = ANY($${params.length}::text[])`);
    }
    if (rule.excludeEventNames && rule.excludeEventNames.length > 0) {
      params.push(rule.excludeEventNames);
      where.push(`NOT (event = ANY($${params.length}::text[]))`);
    }
    const sql = `
      WITH doomed AS (
        SELECT seq FROM events WHERE ${where.join(' AND ')} LIMIT $3 FOR UPDATE SKIP LOCKED
      ), resources AS (
        DELETE FROM event_resources WHERE event_seq IN (SELECT seq FROM doomed)
      ), labels AS (
        DELETE FROM event_labels WHERE event_seq IN (SELECT seq FROM doomed)
      ), gone AS (
        DELETE FROM events WHERE seq IN (SELECT seq FROM doomed) RETURNING seq, occurred, event
      ), counted AS (
        -- Only the events the counts hold (at or below their cursor), in key order like the builder.
        INSERT INTO event_counts (ws, minute, event, n)
        SELECT $1, date_bin('1 minute', occurred, '${ROLLUP_ORIGIN}'), event, -count(*) FROM gone
        WHERE seq <= (SELECT seq FROM event_counts_cursor) GROUP BY 2, 3 ORDER BY 2, 3
        ON CONFLICT (ws, minute, event) DO UPDATE SET n = event_counts.n + excluded.n
      )
      SELECT count(*)::int AS n FROM gone`;
    deleted += await withCountsLock(pool, async (client) => {
      const { rows } = await client.query<{ n: number }>(sql, params);
      // Minutes left with no event (the statement above upserts counts, it never deletes them).
      await client.query('DELETE FROM event_counts WHERE ws = $1 AND minute < $2::timestamptz AND n <= 0', [key, rule.before]);
      return rows[0].n;
    });
  }
  return deleted;
}
