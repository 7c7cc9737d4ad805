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
  {
    version: 2,
    name: 'automations',
    sql: `
      -- events.seq becomes AUTOINCREMENT: without it SQLite hands out max(rowid) + 1, so once
      -- retention deletes the newest events (an idle week empties the table) new events would reuse
      -- seqs at or below the trigger engine's committed cursor and never be seen (readAfter).
      -- A one-time copy; seq values (and so events_fts rowids, event_resources.event_seq) are kept.
      CREATE TABLE events_v2 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
      INSERT INTO events_v2 (seq, ws, id, occurred, event, resource_id, resource, related, payload, received, follows)
        SELECT seq, ws, id, occurred, event, resource_id, resource, related, payload, received, follows FROM events ORDER BY seq;
      DROP TABLE events;
      ALTER TABLE events_v2 RENAME TO events;
      CREATE UNIQUE INDEX events_ws_id ON events (ws, id);
      CREATE INDEX events_ws_occurred ON events (ws, occurred, id);
      CREATE INDEX events_ws_event ON events (ws, event, occurred);

      -- Automation ids are globally unique (server-made UUIDs); every read also checks the workspace.
      -- The columns beside the JSON exist for ordering and operators; the JSON is the truth.
      CREATE TABLE automations (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        automation TEXT NOT NULL
      );
      CREATE INDEX automations_ws_created ON automations (workspace_id, created, id);
      -- No foreign keys (the connection does not enable them): AutomationStore.delete removes
      -- relations explicitly, in the same transaction.
      CREATE TABLE automation_relations (
        automation_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        owned INTEGER NOT NULL,
        PRIMARY KEY (automation_id, resource_id)
      ) WITHOUT ROWID;
      CREATE INDEX automation_relations_resource ON automation_relations (resource_id);
      CREATE TABLE destinations (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        config TEXT NOT NULL,
        secrets TEXT NOT NULL,
        disabled INTEGER NOT NULL,
        disabled_reason TEXT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
      );
      CREATE INDEX destinations_ws_created ON destinations (workspace_id, created, id);
      -- Engine state has no reference to automations on purpose: the engine clears it itself
      -- (EngineCommit.clearAutomations), and a commit racing a delete must not fail.
      CREATE TABLE automation_state (
        automation_id TEXT NOT NULL,
        trigger_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (automation_id, trigger_id, key)
      ) WITHOUT ROWID;
      CREATE TABLE engine_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL
      );
      CREATE TABLE engine_followers (
        workspace_id TEXT NOT NULL,
        follower_id TEXT NOT NULL,
        leader_id TEXT NOT NULL,
        received TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (workspace_id, follower_id)
      );
      CREATE INDEX engine_followers_leader ON engine_followers (workspace_id, leader_id);
      CREATE TABLE automation_firings (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        automation_id TEXT NOT NULL,
        recorded TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('acted', 'loop-stopped')),
        firing TEXT NOT NULL
      );
      CREATE INDEX automation_firings_automation ON automation_firings (automation_id, recorded, id);
      CREATE INDEX automation_firings_recorded ON automation_firings (recorded);
      CREATE TABLE action_outbox (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        automation_id TEXT NOT NULL,
        firing_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'action')),
        action_index INTEGER,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        result TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
      );
      -- Partial indexes: queries must spell the same literal condition for the planner to use them.
      CREATE INDEX action_outbox_due ON action_outbox (next_attempt_at, created, id) WHERE status = 'pending';
      CREATE INDEX action_outbox_finished ON action_outbox (updated) WHERE status <> 'pending';
      CREATE INDEX action_outbox_firing ON action_outbox (firing_id);
    `,
  },
  {
    version: 3,
    name: 'engine_clock',
    // The events clock beside the cursor, written in the same row by every engine commit, so any
    // process can show an automation's state from storage ([arch I8]). NULL until the engine's
    // first commit after this migration.
    sql: `
      ALTER TABLE engine_cursor ADD COLUMN events_clock TEXT;
      ALTER TABLE engine_cursor ADD COLUMN lag_us INTEGER;
    `,
  },
  {
    version: 4,
    name: 'label_index',
    // The primary resource's name, one row per event, so a selective name filter reads its
    // matches from an index instead of every event's JSON in the window (sql/labels.ts; which
    // labels and why: rows.ts INDEXED_LABELS). Keyed by event like event_resources (retention
    // deletes by seq), and built behind the write from a cursor (sqlite/deferred-indexes.ts). Existing
    // events are indexed here, once (seconds per million).
    sql: `
      CREATE TABLE event_labels (
        event_seq INTEGER NOT NULL,
        label TEXT NOT NULL,
        ws INTEGER NOT NULL,
        value TEXT NOT NULL,
        occurred TEXT NOT NULL,
        PRIMARY KEY (event_seq, label)
      ) WITHOUT ROWID;
      INSERT INTO event_labels (event_seq, label, ws, value, occurred)
        SELECT seq, 'prefect.resource.name', ws, resource ->> '$."prefect.resource.name"', occurred FROM events
        WHERE json_type(resource, '$."prefect.resource.name"') = 'text';
      CREATE INDEX event_labels_lookup ON event_labels (ws, label, value, occurred);
      -- How far each index built behind the write has got (sqlite/deferred-indexes.ts).
      CREATE TABLE index_cursors (name TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO index_cursors (name, seq) SELECT 'event_labels', coalesce(max(seq), 0) FROM events;
    `,
  },
  {
    version: 5,
    name: 'text_index_behind_write',
    // The text index (events_fts) is built behind the write from here on (sqlite/deferred-indexes.ts):
    // every event stored so far already has its entry.
    sql: `
      INSERT INTO index_cursors (name, seq) SELECT 'events_fts', coalesce(max(seq), 0) FROM events;
    `,
  },
  {
    version: 6,
    name: 'webhooks',
    // Inbound webhooks (storage/webhook-store.ts): the slug is unique across workspaces, because
    // /hooks/{slug} is how a request finds its webhook.
    sql: `
      CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        slug TEXT NOT NULL UNIQUE,
        settings TEXT NOT NULL,
        secrets TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
      );
      CREATE INDEX webhooks_ws_created ON webhooks (workspace_id, created, id);
    `,
  },
  {
    version: 7,
    name: 'firings_expanded_behind',
    // The engine commits a firing alone; the action worker writes its outbox rows afterwards
    // (docs/storage.md "What a firing costs to commit"). Firings stored so far have their rows.
    sql: `
      ALTER TABLE automation_firings ADD COLUMN expanded INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE automation_firings ADD COLUMN automation_updated TEXT;
      CREATE INDEX automation_firings_unexpanded ON automation_firings (recorded, id) WHERE expanded = 0;
      CREATE TABLE automation_versions (
        automation_id TEXT NOT NULL,
        updated TEXT NOT NULL,
        automation TEXT NOT NULL,
        PRIMARY KEY (automation_id, updated)
      );
    `,
  },
  {
    version: 8,
    name: 'indexes_in_their_own_file',
    // The label and text indexes move to the index file (sqlite/index-file.ts), built there by a
    // thread of their own from the first event (docs/storage.md "The index file"); until it has
    // caught up, queries read the events it has not covered yet. Retention queues the seqs it
    // deletes here, in the same transaction, and purges their index rows afterwards
    // (sqlite/delete.ts): a crash between the two files leaves the queue, not orphans.
    sql: `
      DROP TABLE main.events_fts;
      DROP TABLE main.event_labels;
      DROP TABLE main.index_cursors;
      CREATE TABLE main.index_purges (seq INTEGER PRIMARY KEY);
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
  const record = db.prepare(
    "INSERT INTO herald_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
  );
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
