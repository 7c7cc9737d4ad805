// EventStore.readAfter / maxSeq on SQLite: the trigger engine's durable event feed. One connection
// and one writer at a time make seq order the commit order; AUTOINCREMENT (migration 2) makes sure a
// seq is never handed out twice, even after retention deleted the newest events.

import type Database from 'better-sqlite3';
import { rowToEvent, type StoredEventRow } from '../rows.js';
import { eventColumns } from '../sql/select.js';
import type { SeqEvent } from '../storage.js';
import { int } from './connection.js';
import { sqliteDialect as d } from './dialect.js';

// CROSS JOIN fixes the loop order: events by rowid from the cursor, each workspace by its key.
// With a plain JOIN, once ANALYZE had seen one workspace SQLite looped over workspaces first and
// read the whole workspace through events_ws_id, then sorted it: 266 ms per call at 2 M events,
// for a page of 1,000 (or the single row the engine reads when there is nothing to evaluate).
const READ_AFTER_SQL = `SELECT e.seq, w.id AS workspace_id, ${eventColumns(d, 'e')}
  FROM events e CROSS JOIN workspaces w ON w.key = e.ws
  WHERE e.seq > ? ORDER BY e.seq LIMIT ?`;

/** The plan of readAfter's statement, for tests (query-plans.test.ts). */
export function readAfterPlan(db: Database.Database): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${READ_AFTER_SQL}`).all(int(0), int(1)) as { detail: string }[]).map((r) => r.detail);
}

export function readSqliteEventsAfter(db: Database.Database, afterSeq: number, limit: number): SeqEvent[] {
  if (limit <= 0) return [];
  const rows = db.prepare(READ_AFTER_SQL).all(int(afterSeq), int(limit)) as (StoredEventRow & { seq: number; workspace_id: string })[];
  return rows.map((r) => ({ seq: Number(r.seq), workspaceId: r.workspace_id, event: rowToEvent(r) }));
}

export function sqliteMaxSeq(db: Database.Database): number {
  return Number(db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get());
}
