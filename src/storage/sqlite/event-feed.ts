// EventStore.readAfter / maxSeq on SQLite: the trigger engine's durable event feed. One connection
// and one writer at a time make seq order the commit order; AUTOINCREMENT (migration 2) makes sure a
// seq is never handed out twice, even after retention deleted the newest events.

import type Database from 'better-sqlite3';
import { rowToEvent, type StoredEventRow } from '../rows.js';
import { eventColumns } from '../sql/select.js';
import type { SeqEvent } from '../storage.js';
import { int } from './connection.js';
import { sqliteDialect as d } from './dialect.js';

const READ_AFTER_SQL = `SELECT e.seq, w.id AS workspace_id, ${eventColumns(d, 'e')}
  FROM events e JOIN workspaces w ON w.key = e.ws
  WHERE e.seq > ? ORDER BY e.seq LIMIT ?`;

export function readSqliteEventsAfter(db: Database.Database, afterSeq: number, limit: number): SeqEvent[] {
  if (limit <= 0) return [];
  const rows = db.prepare(READ_AFTER_SQL).all(int(afterSeq), int(limit)) as (StoredEventRow & { seq: number; workspace_id: string })[];
  return rows.map((r) => ({ seq: Number(r.seq), workspaceId: r.workspace_id, event: rowToEvent(r) }));
}

export function sqliteMaxSeq(db: Database.Database): number {
  return Number(db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get());
}
