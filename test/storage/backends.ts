// The two Storage backends as factories for the shared suites: SQLite on a temp file and
// PostgreSQL on a fresh database of the throw-away test server. No mocks ([arch I9]).

import { join } from 'node:path';
import { PostgresStorage } from '../../src/storage/postgres/storage.js';
import { SqliteStorage, type SqliteStorageOptions } from '../../src/storage/sqlite/storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase } from '../helpers/pg.js';
import { tempDir } from '../helpers/tmp.js';

export interface Backend {
  storage: Storage;
  /** A second handle on the same database (after close: reopening). */
  open(): Storage;
  /** Rows in a table, to prove no orphan rows remain. */
  countRows(table: 'events' | 'event_resources' | 'event_labels' | 'herald_migrations'): Promise<number>;
  /**
   * Stored entries of searchable text (what `text.query` searches), to prove deleting events
   * deletes their text. Each backend counts where it really keeps that text:
   * - SQLite: rows of the `events_fts` FTS5 table (rowid = events.seq), a separate table that
   *   (in the index file) that deleteEvents must clear itself; a missed delete leaves orphan rows and a larger count. It is
   *   built behind the write, so the count first indexes whatever waits.
   * - PostgreSQL: there is no separate table — the text is the `events.search_text` column
   *   (migration 1), indexed in place by the `events_search_trgm` GIN index (migration 2), so an
   *   entry is an events row with non-empty text. It cannot outlive its row; the count still fails
   *   if rows survive a delete or if an event was stored without its text.
   */
  countTextEntries(): Promise<number>;
  cleanup(): Promise<void>;
}

export interface BackendFactory {
  name: 'sqlite' | 'sqlite-threads' | 'postgres';
  create(): Promise<Backend>;
}

/** SQLite; with `writerThread`, event batches are committed on the writer thread (writer-thread.ts), with `indexThread` indexed on the index thread. */
function sqliteFactory(name: 'sqlite' | 'sqlite-threads', options: SqliteStorageOptions): BackendFactory {
  return {
    name,
    create: () => createSqlite(options),
  };
}

async function createSqlite(options: SqliteStorageOptions): Promise<Backend> {
  {
    const dir = tempDir('herald-storage-');
    const file = join(dir.path, 'herald.db');
    const handles: SqliteStorage[] = [];
    const open = () => {
      const s = new SqliteStorage(file, options);
      handles.push(s);
      return s;
    };
    const storage = open();
    await storage.migrate();
    const count = async (sql: string) => {
      const probe = new SqliteStorage(file);
      try {
        return Number((probe.database.prepare(sql).get() as { n: number }).n);
      } finally {
        await probe.close();
      }
    };
    return {
      storage,
      open,
      async countRows(table) {
        return count(`SELECT count(*) AS n FROM ${table}`);
      },
      async countTextEntries() {
        // The text index is built behind the write (deferred-indexes.ts): finish it, then count.
        await storage.catchUpIndexes();
        return count('SELECT count(*) AS n FROM idx.events_fts');
      },
      async cleanup() {
        for (const h of handles) await h.close();
        dir.remove();
      },
    };
  }
}

export const sqliteBackend = sqliteFactory('sqlite', {});
/**
 * The event store with writes on the writer thread and the indexes built on the index thread (the
 * server's threads): the event conformance suite runs on it too.
 */
export const sqliteThreadsBackend = sqliteFactory('sqlite-threads', { writerThread: true, indexThread: true });

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
    const count = async (sql: string) => {
      const probe = new PostgresStorage({ connectionString: db.url, poolSize: 1 });
      try {
        return Number((await probe.pool.query(sql)).rows[0].n);
      } finally {
        await probe.close();
      }
    };
    return {
      storage,
      open,
      async countRows(table) {
        return count(`SELECT count(*) AS n FROM ${table}`);
      },
      async countTextEntries() {
        return count(`SELECT count(*) AS n FROM events WHERE search_text <> ''`);
      },
      async cleanup() {
        for (const h of handles) await h.close().catch(() => undefined);
        await db.drop();
      },
    };
  },
};

export const backends: BackendFactory[] = [sqliteBackend, postgresBackend];
