// Migration 'engine_clock' (SQLite 3, PostgreSQL 4) on a database the engine already used: the
// cursor is kept, the clock reads as "no event yet, no lag" until the engine's next commit writes it.
// And loadAutomationState is a range of automation_state's primary key, not a scan.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migratePostgres, postgresMigrations } from '../../src/storage/postgres/migrations.js';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { migrateSqlite, sqliteMigrations } from '../../src/storage/sqlite/migrations.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase } from '../helpers/pg.js';
import { tempDir } from '../helpers/tmp.js';
import { at } from './automation-fixtures.js';

const ENGINE_CLOCK = 'engine_clock';

async function upgradeKeepsCursor(storage: Storage): Promise<void> {
  const e = storage.automation.engine;
  await e.commit({ cursor: 7, putState: [{ automationId: 'A', triggerId: 't', key: 'k', value: 1 }] });
  await storage.migrate();
  expect(await e.loadCursor()).toBe(7);
  expect(await e.loadClock()).toEqual({ eventsClock: null, lagUs: 0 });
  expect(await e.loadAutomationState('A')).toEqual([{ automationId: 'A', triggerId: 't', key: 'k', value: 1 }]);
  await e.commit({ cursor: 8, clock: { eventsClock: at(1), lagUs: 3 } });
  expect(await e.loadClock()).toEqual({ eventsClock: at(1), lagUs: 3 });
}

describe('migration engine_clock', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('SQLite: upgrades a database with a cursor; loadAutomationState searches the primary key', async () => {
    const dir = tempDir('herald-engine-clock-');
    const storage = new SqliteStorage(join(dir.path, 'herald.db'));
    cleanups.push(
      async () => dir.remove(),
      () => storage.close(),
    );
    expect(sqliteMigrations.find((m) => m.name === ENGINE_CLOCK)?.version).toBe(3);
    migrateSqlite(
      storage.database,
      sqliteMigrations.filter((m) => m.name !== ENGINE_CLOCK),
    );
    await upgradeKeepsCursor(storage);
    const plan = storage.database
      .prepare(
        'EXPLAIN QUERY PLAN SELECT automation_id, trigger_id, key, value FROM automation_state WHERE automation_id = ? ORDER BY trigger_id, key',
      )
      .all('A') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH automation_state USING PRIMARY KEY \(automation_id=\?\)/);
    expect(plan.map((p) => p.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('PostgreSQL: upgrades a database with a cursor', async () => {
    const db = await createTestDatabase();
    const storage = new PostgresStorage({ connectionString: db.url, poolSize: 2 });
    cleanups.push(
      () => db.drop(),
      () => storage.close(),
    );
    expect(postgresMigrations.find((m) => m.name === ENGINE_CLOCK)?.version).toBe(4);
    await migratePostgres(
      storage.pool,
      postgresMigrations.filter((m) => m.name !== ENGINE_CLOCK),
    );
    await upgradeKeepsCursor(storage);
  });
});
