// The raw engine baseline for ingest (issue #11's yardstick): what plain better-sqlite3 takes for
// the same rows in the same tables, with none of Herald around it — prepared single-row INSERTs
// into `events` and `event_resources` (Herald's own schema, from its migrations), 500 rows per
// transaction, WAL and synchronous=FULL, the events already serialized. The text index is not
// written: the baseline is the rows a durable acknowledgement needs ([compat S2.1], docs/storage.md).

import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ReceivedEvent } from '../../src/events/types.js';
import { migrateSqlite } from '../../src/storage/sqlite/migrations.js';
import { eventColumns, resourceRows } from '../../src/storage/rows.js';

const ROWS_PER_TRANSACTION = 500;

/** Events/s of raw inserts into a fresh database in `dir`, for `seconds`; `next` makes the rows. */
export function rawSqliteRate(dir: string, seconds: number, next: () => ReceivedEvent): number {
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateSqlite(db);
    const ws = Number(
      db.prepare("INSERT INTO workspaces (id) VALUES ('00000000-0000-0000-0000-000000000000') RETURNING key").pluck().get(),
    );
    const insertEvent = db.prepare(
      `INSERT INTO events (ws, id, occurred, event, resource_id, resource, related, payload, received, follows)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    );
    const insertResource = db.prepare(
      'INSERT INTO event_resources (event_seq, pos, ws, resource_id, role, occurred) VALUES (?, ?, ?, ?, ?, ?)',
    );
    type Row = { event: unknown[]; resources: unknown[][] };
    const writeBatch = db.transaction((rows: Row[]) => {
      for (const row of rows) {
        const seq = insertEvent.pluck().get(row.event);
        for (const r of row.resources) insertResource.run(seq, ...r);
      }
    });
    // Rows are serialized before the clock runs: only the engine's work is timed.
    const serialize = (e: ReceivedEvent): Row => ({
      event: [ws, ...eventColumns(e)],
      resources: resourceRows(e).map((r) => [r.pos, ws, r.resourceId, r.role, e.occurred]),
    });
    let written = 0;
    let busyMs = 0;
    while (busyMs < seconds * 1000) {
      const batch = Array.from({ length: ROWS_PER_TRANSACTION }, () => serialize(next()));
      const t0 = performance.now();
      writeBatch(batch);
      busyMs += performance.now() - t0;
      written += batch.length;
    }
    return written / (busyMs / 1000);
  } finally {
    db.close();
  }
}
