// openStorage picks the backend from the settings (docs/storage.md).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeraldError } from '../../src/errors.js';
import { openStorage } from '../../src/storage/index.js';
import { WAL_CHECKPOINT_PAGES } from '../../src/storage/sqlite/connection.js';
import type { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { tempDir } from '../helpers/tmp.js';

describe('openStorage', () => {
  const dir = tempDir('herald-open-');
  let pgdb: TestDatabase;
  beforeAll(async () => {
    pgdb = await createTestDatabase();
  });
  afterAll(async () => {
    dir.remove();
    await pgdb.drop();
  });

  it('opens SQLite at <dataDir>/herald.db, creating the directory', async () => {
    const dataDir = join(dir.path, 'nested', 'data');
    const s = await openStorage({ dataDir, databaseUrl: '', databasePoolSize: 1 });
    try {
      expect(s.dialect).toBe('sqlite');
      await s.migrate();
      await s.ping();
      expect(existsSync(join(dataDir, 'herald.db'))).toBe(true);
      // Checkpoints every ≈ 40 MiB of WAL, not SQLite's 4 MiB (connection.ts, docs/storage.md "Checkpoints").
      expect((s as SqliteStorage).database.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
    } finally {
      await s.close();
    }
  });

  it('opens PostgreSQL when databaseUrl is set', async () => {
    const s = await openStorage({ dataDir: dir.path, databaseUrl: pgdb.url, databasePoolSize: 2 });
    try {
      expect(s.dialect).toBe('postgres');
      await s.migrate();
      await s.ping();
    } finally {
      await s.close();
    }
  });

  it('rejects an unknown SQLite synchronous mode with HERALD_ERR_CONFIG', async () => {
    const err = await openStorage({ dataDir: dir.path, databaseUrl: '', databasePoolSize: 1, sqliteSynchronous: 'OFF' }).catch(
      (e: unknown) => e,
    );
    expect(isHeraldError(err, 'HERALD_ERR_CONFIG')).toBe(true);
  });
});
