// Opening the SQLite file: pragmas chosen for "a 2xx means durable" and for a single writer process.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { globMatch, searchableTextWith } from '../../events/index.js';
import { attachIndexFile } from './index-file.js';

/**
 * better-sqlite3 binds JS numbers as REAL; integers (seqs, limits, counters) are bound as BigInt so
 * they are stored and compared as INTEGER.
 */
export const int = (n: number): bigint => BigInt(Math.trunc(n));

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteOptions {
  /**
   * FULL (default): every commit fsyncs the WAL, so an acknowledged batch survives power loss.
   * NORMAL: fsync only at checkpoints — an OS crash may lose the last commits (never corrupts).
   */
  synchronous?: SqliteSynchronous;
  /**
   * Attach the index file (index-file.ts) as `idx` — only on a connection that builds or purges
   * the indexes, or reads them: an IMMEDIATE transaction locks every attached file, so the writer's
   * would wait for the index thread's. `durable`: its commits fsync too (retention's purge).
   */
  index?: 'attach' | 'durable';
}

/** WAL pages between automatic checkpoints (see openSqliteDatabase). */
export const WAL_CHECKPOINT_PAGES = 10_000;

export function openSqliteDatabase(file: string, options: SqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never block the writer and commits append to one file (fast group commit).
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  // Another process (a CLI, a second server by mistake) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB of page cache: the hot index pages stay in memory
  db.pragma('temp_store = MEMORY');
  // Checkpoint every 10,000 WAL pages (≈ 40 MiB), not SQLite's 1,000: a checkpoint copies pages
  // back into the database file and fsyncs it, on the thread that commits; less often, the pages
  // every batch rewrites (the indexes' newest leaves) are copied once for many commits. Durable
  // ingest +6 % (docs/storage.md "Checkpoints"). Durability is unchanged: each commit still fsyncs
  // the WAL.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  // After a checkpoint, truncate the WAL back to 64 MiB so a burst does not leave a huge file.
  db.pragma('journal_size_limit = 67108864');
  // Planner statistics: without them SQLite cannot tell a selective resource id from a wide time
  // range. 0x10002 = "analyze what needs it, quickly" — the open-time form SQLite recommends.
  db.pragma('optimize = 0x10002');
  if (options.index) attachIndexFile(db, file, { durable: options.index === 'durable' });
  registerFunctions(db, () => 1); // reads on this connection have no budget (see read-pool.ts)
  return db;
}

/**
 * A read-only connection for a reader thread (read-worker.ts). `live` backs `herald_live()`, which
 * filter SQL calls while it scans: it returns 1, or throws to abort the statement. `mmapBytes` of
 * the file are read through a memory map instead of a system call per page (docs/storage.md
 * "Readers map the file"); SQLite caps it at its build's limit (about 2 GiB).
 */
export function openSqliteReader(file: string, live: () => 1, mmapBytes = 0): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  // Each file has its own map (SQLite caps one at about 2 GiB): the index file's too.
  attachIndexFile(db, file, { mmapBytes });
  db.pragma('query_only = ON'); // a reader can never write, whatever SQL reaches it
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32768');
  db.pragma(`mmap_size = ${Math.max(0, Math.floor(mmapBytes))}`);
  db.pragma('temp_store = MEMORY');
  registerFunctions(db, live);
  return db;
}

function registerFunctions(db: Database.Database, live: () => 1): void {
  // The one glob definition (src/events) inside SQL: see sqlite/dialect.ts.
  db.function('herald_glob', { deterministic: true }, (pattern: unknown, value: unknown) =>
    typeof pattern === 'string' && typeof value === 'string' ? (globMatch(pattern, value) ? 1 : 0) : null,
  );
  // searchableText (src/events) of a stored event: the text index's entries are built from it behind
  // the write, and events not indexed yet are searched through it (deferred-indexes.ts).
  // The stored payload is `JSON.stringify(payload)` (rows.ts), exactly what searchableText writes
  // for it: used as it is, not parsed and serialized again.
  db.function('herald_search_text', { deterministic: true }, (event: unknown, resource: unknown, related: unknown, payload: unknown) =>
    searchableTextWith(
      { event: String(event), resource: JSON.parse(String(resource)), related: JSON.parse(String(related)) },
      String(payload),
    ),
  );
  // Not deterministic: SQLite must call it for every row it is written against, never fold it.
  db.function('herald_live', { deterministic: false }, live);
}
