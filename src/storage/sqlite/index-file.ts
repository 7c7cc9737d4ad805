// The label and text indexes live in a file of their own, `<name>-index.db` beside the events
// file, attached to every connection as the schema `idx` (docs/storage.md "The index file").
//
// Why a second file: SQLite has one write lock per file. In the events file, building the indexes
// behind the write took the writer's turns — a third of the writer thread's time at full ingest —
// however many threads there were. In its own file the index is built by a thread of its own
// (index-worker.ts) while the writer commits events, and each file gets its own memory map.
//
// What is in it is derived from the events: `index_cursors` says through which seq each index is
// built, queries read every event above it from the events file, so a missing or stale index file
// costs time, never results. It is rebuilt from the first event when it is missing, of another
// format (INDEX_FORMAT), or ahead of the events it claims to cover (an events file restored from a
// backup, or a tail lost to an OS crash with synchronous=NORMAL).

import type Database from 'better-sqlite3';

/** Bump when the index file's tables change: existing files are rebuilt. */
const INDEX_FORMAT = 1;

export const INDEX_SCHEMA = 'idx';

/** The index file beside `file` (an in-memory database gets an in-memory index). */
export function indexFileOf(file: string): string {
  return file === ':memory:' ? ':memory:' : `${file.replace(/\.db$/, '')}-index.db`;
}

/**
 * Attaches the index file as `idx`. Its commits need no fsync of their own (synchronous=NORMAL
 * unless `durable`): a commit lost to an OS crash takes its cursor with it, so those events are
 * indexed again. Retention's purge of index rows is `durable` (sqlite/delete.ts).
 */
export function attachIndexFile(db: Database.Database, file: string, options: { durable?: boolean; mmapBytes?: number } = {}): void {
  db.prepare(`ATTACH DATABASE ? AS ${INDEX_SCHEMA}`).run(indexFileOf(file));
  db.pragma(`${INDEX_SCHEMA}.journal_mode = WAL`);
  db.pragma(`${INDEX_SCHEMA}.synchronous = ${options.durable ? 'FULL' : 'NORMAL'}`);
  db.pragma(`${INDEX_SCHEMA}.journal_size_limit = 67108864`);
  db.pragma(`${INDEX_SCHEMA}.cache_size = -32768`);
  if (options.mmapBytes) db.pragma(`${INDEX_SCHEMA}.mmap_size = ${Math.floor(options.mmapBytes)}`);
}

const TABLES = `
  -- The primary resource's name, one row per event (sql/labels.ts; which labels and why:
  -- rows.ts INDEXED_LABELS), keyed by event like event_resources.
  CREATE TABLE idx.event_labels (
    event_seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    ws INTEGER NOT NULL,
    value TEXT NOT NULL,
    occurred TEXT NOT NULL,
    PRIMARY KEY (event_seq, label)
  ) WITHOUT ROWID;
  CREATE INDEX idx.event_labels_lookup ON event_labels (ws, label, value, occurred);
  -- searchableText(event), keyed by events.seq. Trigram = substring search; the text is
  -- lower-cased in JS so the index can be case-sensitive (exact agreement with the in-memory
  -- predicate); detail=none keeps it ~2× cheaper to write, GLOB queries still use it.
  CREATE VIRTUAL TABLE idx.events_fts USING fts5(search, tokenize = 'trigram case_sensitive 1', detail = none);
  -- How far each index has got (sqlite/deferred-indexes.ts).
  CREATE TABLE idx.index_cursors (name TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO idx.index_cursors (name, seq) VALUES ('event_labels', 0), ('events_fts', 0);
`;

/**
 * FTS5 merges its segments on write once `automerge` of them share a level (default 4). Built on
 * its own thread, the index's write cost competes with ingest for the machine's cores, its read
 * cost with nothing: at 16, ingest with the writer thread went from 16,530–16,583 to 18,208–18,442
 * events/s (alternated runs of `bench/ingest.bench.ts --writer-thread --seconds 12`, 2026-12-07),
 * and the 7 d text page at 2 M events from 36.8 to 41.1 ms p95 (target 50). Set on every start,
 * so an existing index file takes it without a rebuild.
 */
const MERGE_POLICY = `INSERT INTO ${INDEX_SCHEMA}.events_fts (events_fts, rank) VALUES ('automerge', 16)`;

/**
 * Makes the attached index file usable for the migrated events file: creates it, or rebuilds it
 * (empty, cursors at 0) when it cannot be trusted. Returns why it was (re)built, or null.
 */
export function prepareIndexFile(db: Database.Database): 'missing' | 'format' | 'ahead' | null {
  const reason = db
    .transaction(() => {
      const format = Number(db.pragma(`${INDEX_SCHEMA}.user_version`, { simple: true }));
      const hasCursors = db.prepare(`SELECT 1 FROM ${INDEX_SCHEMA}.sqlite_schema WHERE name = 'index_cursors'`).get() !== undefined;
      let why: 'missing' | 'format' | 'ahead' | null = null;
      if (!hasCursors) why = 'missing';
      else if (format !== INDEX_FORMAT) why = 'format';
      else {
        // The highest seq the events file ever handed out (AUTOINCREMENT: never reused).
        const issued = Number(db.prepare("SELECT coalesce(max(seq), 0) FROM main.sqlite_sequence WHERE name = 'events'").pluck().get());
        const indexed = Number(db.prepare(`SELECT coalesce(max(seq), 0) FROM ${INDEX_SCHEMA}.index_cursors`).pluck().get());
        if (indexed > issued) why = 'ahead';
      }
      if (why === null) {
        db.exec(MERGE_POLICY);
        return null;
      }
      const existing = db
        .prepare(
          `SELECT type, name FROM ${INDEX_SCHEMA}.sqlite_schema WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts_%'`,
        )
        .all() as { name: string }[];
      for (const { name } of existing) db.exec(`DROP TABLE ${INDEX_SCHEMA}."${name.replaceAll('"', '""')}"`);
      db.exec(TABLES);
      db.exec(MERGE_POLICY);
      db.pragma(`${INDEX_SCHEMA}.user_version = ${INDEX_FORMAT}`);
      return why;
    })
    .immediate();
  return reason;
}
