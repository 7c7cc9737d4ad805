// PostgreSQL-only migration behaviour: optional migrations (pg_trgm) degrade instead of failing.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, postgresMigrations } from '../../src/storage/postgres/migrations.js';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { filter, makeEvent, workspace } from './fixtures.js';

describe('PostgreSQL migrations', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('skips a failing optional migration, records nothing for it, and retries it next start', async () => {
    const unavailable = {
      version: 99,
      name: 'needs_missing_extension',
      optional: 'feature X degrades',
      sql: 'CREATE EXTENSION no_such_extension_herald',
    };
    const started: number[] = [];
    const first = await migratePostgres(pool, [...postgresMigrations, unavailable], (m) => started.push(m.version));
    expect(started).toEqual([...postgresMigrations.map((m) => m.version), 99]); // each announced as it starts
    expect(first.applied).toEqual(postgresMigrations.map((m) => m.version));
    expect(first.skipped.map((s) => s.version)).toEqual([99]);
    const again = await migratePostgres(pool, [...postgresMigrations, unavailable]);
    expect(again.applied).toEqual([]);
    expect(again.skipped.map((s) => s.version)).toEqual([99]);
    const { rows } = await pool.query('SELECT version FROM herald_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(postgresMigrations.map((m) => m.version));
  });

  it('text search stays correct without the trigram index', async () => {
    await pool.query('DROP INDEX IF EXISTS events_search_trgm');
    const storage = new PostgresStorage({ connectionString: db.url, poolSize: 2 });
    try {
      const ws = workspace();
      const hit = makeEvent({ payload: { msg: 'Disk full' } });
      await storage.events.insertEvents(ws, [hit, makeEvent({ payload: { msg: 'fine' } })]);
      const found = await storage.events.queryEvents(ws, { filter: filter({ text: { query: 'DISK' } }), limit: 10 });
      expect(found.map((e) => e.id)).toEqual([hit.id]);
    } finally {
      await storage.close();
    }
  });
});
