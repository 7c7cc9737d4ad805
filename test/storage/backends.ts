// The two Storage backends as factories for the shared suites: SQLite on a temp file and
// PostgreSQL on a fresh database of the throw-away test server. No mocks (ARCHITECTURE invariant 9).

import { join } from 'node:path';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase } from '../helpers/pg.js';
import { tempDir } from '../helpers/tmp.js';

export interface Backend {
  storage: Storage;
  /** A second handle on the same database (after close: reopening). */
  open(): Storage;
  /** Rows in a table, to prove no orphan rows remain. */
  countRows(table: 'events' | 'event_resources' | 'events_text' | 'herald_migrations'): Promise<number>;
  cleanup(): Promise<void>;
}

export interface BackendFactory {
  name: 'sqlite' | 'postgres';
  create(): Promise<Backend>;
}

export const sqliteBackend: BackendFactory = {
  name: 'sqlite',
  async create() {
    const dir = tempDir('herald-storage-');
    const file = join(dir.path, 'herald.db');
    const handles: SqliteStorage[] = [];
    const open = () => {
      const s = new SqliteStorage(file);
      handles.push(s);
      return s;
    };
    const storage = open();
    await storage.migrate();
    return {
      storage,
      open,
      async countRows(table) {
        const name = table === 'events_text' ? 'events_fts' : table;
        const probe = new SqliteStorage(file);
        try {
          return Number((probe.database.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n);
        } finally {
          await probe.close();
        }
      },
      async cleanup() {
        for (const h of handles) await h.close();
        dir.remove();
      },
    };
  },
};

export const postgresBackend: BackendFactory = {
  name: 'postgres',
  async create() {
    const db = await createTestDatabase();
    const handles: PostgresStorage[] = [];
    const open = () => {
      const s = new PostgresStorage({ connectionString: db.url, poolSize: 4 });
      handles.push(s);
      return s;
    };
    const storage = open();
    await storage.migrate();
    return {
      storage,
      open,
      async countRows(table) {
        const probe = new PostgresStorage({ connectionString: db.url, poolSize: 1 });
        try {
          const sql = table === 'events_text' ? 'SELECT count(*) AS n FROM events' : `SELECT count(*) AS n FROM ${table}`;
          return Number((await probe.pool.query(sql)).rows[0].n);
        } finally {
          await probe.close();
        }
      },
      async cleanup() {
        for (const h of handles) await h.close().catch(() => undefined);
        await db.drop();
      },
    };
  },
};

export const backends: BackendFactory[] = [sqliteBackend, postgresBackend];
