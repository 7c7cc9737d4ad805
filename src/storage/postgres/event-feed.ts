// EventStore.readAfter / maxSeq on PostgreSQL: the trigger engine's durable event feed.
//
// seq comes from an identity sequence, drawn when a row is inserted, not when it commits: with two
// inserts in flight (maxConcurrentWrites > 1, or several Herald processes) seq 11 can commit before
// seq 10, and a reader that moved its cursor to 11 would never see 10. So reads stop at a "settled"
// high-water mark: every insert holds EVENT_SEQ_LOCK shared from before it draws a seq until it
// commits (insert.ts); taking it exclusively waits for the inserts in flight, and the max seq read
// under it can no longer gain a smaller neighbour. The lock is held for that one index lookup, so
// ingest pauses for about one round trip. (An advisory lock, not LOCK TABLE … SHARE: that would
// also wait for VACUUM on events and queue every insert behind it.)

import type pg from 'pg';
import { rowToEvent, type StoredEventRow } from '../rows.js';
import { eventColumns } from '../sql/select.js';
import type { SeqEvent } from '../storage.js';
import { withTransaction } from './automation-sql.js';
import { postgresDialect as d } from './dialect.js';
import { EVENT_SEQ_LOCK } from './insert.js';

const READ_AFTER_SQL = `SELECT e.seq, w.id::text AS workspace_id, ${eventColumns(d, 'e')}
  FROM events e JOIN workspaces w ON w.key = e.ws
  WHERE e.seq > $1 AND e.seq <= $2 ORDER BY e.seq LIMIT $3`;

/** The highest seq stored such that no event at or below it can still appear (0 when empty). */
export async function settledMaxSeq(pool: pg.Pool): Promise<number> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [EVENT_SEQ_LOCK.toString()]);
    const { rows } = await client.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events');
    return Number(rows[0].seq ?? 0);
  });
}

export async function readPostgresEventsAfter(pool: pg.Pool, afterSeq: number, limit: number): Promise<SeqEvent[]> {
  if (limit <= 0) return [];
  const settled = await settledMaxSeq(pool);
  if (settled <= afterSeq) return [];
  const { rows } = await pool.query<StoredEventRow & { seq: string; workspace_id: string }>(READ_AFTER_SQL, [
    String(Math.floor(afterSeq)),
    String(settled),
    Math.floor(limit),
  ]);
  return rows.map((r) => ({ seq: Number(r.seq), workspaceId: r.workspace_id, event: rowToEvent(r) }));
}
