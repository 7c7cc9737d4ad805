// PostgreSQL-only: readAfter must not skip an event whose insert commits after a later seq did
// (identity values are drawn at insert, not at commit). See src/storage/postgres/event-feed.ts.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPostgresEvents } from '../../src/storage/postgres/insert.js';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { makeEvent, workspace } from './fixtures.js';

/** Resolves once some session waits for an advisory lock, or when `until` settles (polls real state). */
async function lockWaiter(pool: pg.Pool, until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  while (!done) {
    const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    if (Number(rows[0].n) > 0) return;
  }
}

describe('PostgreSQL event feed', () => {
  let db: TestDatabase;
  let storage: PostgresStorage;
  beforeAll(async () => {
    db = await createTestDatabase();
    storage = new PostgresStorage({ connectionString: db.url, poolSize: 6 });
    await storage.migrate();
  });
  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  it('readAfter waits for an insert in flight instead of reading past its seq', async () => {
    const ws = workspace();
    const first = makeEvent();
    await storage.events.insertEvents(ws, [first]);
    const cursor = await storage.events.maxSeq();
    const { rows } = await storage.pool.query<{ key: number }>('SELECT key FROM workspaces WHERE id = $1', [ws]);

    // `slow` draws the next seq but has not committed; `fast` draws a later one and commits.
    const slow = makeEvent();
    const fast = makeEvent();
    const client = await storage.pool.connect();
    try {
      await client.query('BEGIN');
      await insertPostgresEvents(client as unknown as pg.Pool, rows[0].key, [slow]);
      await storage.events.insertEvents(ws, [fast]);
      const reading = storage.events.readAfter(cursor, 10);
      // Either the read already finished (and must not have skipped `slow`: it would fail below) or
      // it is waiting for the insert in flight.
      await lockWaiter(storage.pool, reading);
      await client.query('COMMIT');
      const read = await reading;
      expect(read.map((r) => r.event.id)).toEqual([slow.id, fast.id]);
      expect(read[0].seq).toBeLessThan(read[1].seq);
    } finally {
      client.release();
    }
  });
});
