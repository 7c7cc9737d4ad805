// Retention deletes on PostgreSQL: at most `limit` events per call, in one statement (one short
// transaction) that removes the events and their resource and label rows together. `SKIP LOCKED` lets two
// processes run retention at once without waiting on each other's rows.

import type pg from 'pg';
import type { RetentionRule } from '../storage.js';

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
      )
      DELETE FROM events WHERE seq IN (SELECT seq FROM doomed)`;
    const result = await pool.query(sql, params);
    deleted += result.rowCount ?? 0;
  }
  return deleted;
}
