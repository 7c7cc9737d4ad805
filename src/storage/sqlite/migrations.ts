// SQLite schema, as ordered migrations recorded in `herald_migrations`. Never edit a published
// migration: append a new one. See docs/storage.md for why the schema looks like this.

import type Database from 'better-sqlite3';

export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

export const sqliteMigrations: SqliteMigration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      -- Workspace ids (UUID text) map to small integers: every index on the hot tables starts with
      -- the workspace, and 1–2 bytes per entry beat 36.
      CREATE TABLE workspaces (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE
      );
      -- seq (the rowid) grows with insertion, which with UUIDv7 ids and near-real-time occurred
      -- keeps every B-tree append-mostly.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        ws INTEGER NOT NULL,
        id TEXT NOT NULL,
        occurred TEXT NOT NULL,
        event TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        resource TEXT NOT NULL,
        related TEXT NOT NULL,
        payload TEXT NOT NULL,
        received TEXT NOT NULL,
        follows TEXT
      );
      CREATE UNIQUE INDEX events_ws_id ON events (ws, id);
      CREATE INDEX events_ws_occurred ON events (ws, occurred, id);
      CREATE INDEX events_ws_event ON events (ws, event, occurred);
      -- One narrow row per involved resource; labels stay in the event's JSON (read by position).
      CREATE TABLE event_resources (
        event_seq INTEGER NOT NULL,
        pos INTEGER NOT NULL,
        ws INTEGER NOT NULL,
        resource_id TEXT NOT NULL,
        role TEXT NOT NULL,
        occurred TEXT NOT NULL,
        PRIMARY KEY (event_seq, pos)
      ) WITHOUT ROWID;
      CREATE INDEX event_resources_ws_resource ON event_resources (ws, resource_id, occurred);
      -- searchableText(event), keyed by events.seq. Trigram = substring search; the text is
      -- lower-cased in JS so the index can be case-sensitive (exact agreement with the in-memory
      -- predicate); detail=none keeps it ~2× cheaper to write, GLOB queries still use it.
      CREATE VIRTUAL TABLE events_fts USING fts5(search, tokenize = 'trigram case_sensitive 1', detail = none);
    `,
  },
];

/** Applies pending migrations, each in its own IMMEDIATE transaction (safe if two processes race). */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[] = sqliteMigrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS herald_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM herald_migrations WHERE version = ?');
  const record = db.prepare("INSERT INTO herald_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      if (isApplied.get(m.version)) return;
      db.exec(m.sql);
      record.run(m.version, m.name);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}
