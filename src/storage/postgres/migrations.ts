// PostgreSQL schema as ordered migrations, recorded in `herald_migrations` and applied under an
// advisory lock so several processes can start at once. Never edit a published migration.

import type pg from 'pg';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
  /**
   * When it fails (e.g. the pg_trgm extension is not installed or not allowed), log, skip, and
   * retry at the next start instead of refusing to start: the feature degrades, nothing breaks.
   */
  optional?: string;
}

export const postgresMigrations: PostgresMigration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE workspaces (
        key integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE
      );
      CREATE TABLE events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ws integer NOT NULL,
        id uuid NOT NULL,
        occurred timestamptz NOT NULL,
        event text COLLATE "C" NOT NULL,
        resource_id text COLLATE "C" NOT NULL,
        resource json NOT NULL,
        related json NOT NULL,
        payload json NOT NULL,
        received timestamptz NOT NULL,
        follows uuid,
        search_text text COLLATE "C" NOT NULL
      );
      CREATE UNIQUE INDEX events_ws_id ON events (ws, id);
      CREATE INDEX events_ws_occurred ON events (ws, occurred, id);
      CREATE INDEX events_ws_event ON events (ws, event, occurred);
      CREATE TABLE event_resources (
        event_seq bigint NOT NULL,
        pos smallint NOT NULL,
        ws integer NOT NULL,
        resource_id text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL,
        occurred timestamptz NOT NULL,
        PRIMARY KEY (event_seq, pos)
      );
      CREATE INDEX event_resources_ws_resource ON event_resources (ws, resource_id, occurred);
    `,
  },
  {
    version: 2,
    name: 'events_text_search',
    optional:
      'text search will scan events instead of using a trigram index (install postgresql-contrib and allow CREATE EXTENSION pg_trgm)',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX events_search_trgm ON events USING gin (search_text gin_trgm_ops);
    `,
  },
  {
    version: 3,
    name: 'automations',
    sql: `
      -- Ids other than workspaces are text COLLATE "C" (not uuid): the same equality and order as
      -- SQLite's text, so both backends agree on every id the engine or a client may pass.
      -- Timestamps are timestamptz, read back through to_char (microseconds survive). JSON columns
      -- are json, not jsonb: the stored text (key order included) comes back as written.
      CREATE TABLE automations (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        enabled boolean NOT NULL,
        created timestamptz NOT NULL,
        updated timestamptz NOT NULL,
        automation json NOT NULL
      );
      CREATE INDEX automations_ws_created ON automations (workspace_id, created, id);
      CREATE TABLE automation_relations (
        automation_id text COLLATE "C" NOT NULL REFERENCES automations (id) ON DELETE CASCADE,
        resource_id text COLLATE "C" NOT NULL,
        owned boolean NOT NULL,
        PRIMARY KEY (automation_id, resource_id)
      );
      CREATE INDEX automation_relations_resource ON automation_relations (resource_id);
      CREATE TABLE destinations (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        config json NOT NULL,
        secrets json NOT NULL,
        disabled boolean NOT NULL,
        disabled_reason text,
        created timestamptz NOT NULL,
        updated timestamptz NOT NULL
      );
      CREATE INDEX destinations_ws_created ON destinations (workspace_id, created, id);
      -- No reference to automations on purpose: the engine clears its state itself
      -- (EngineCommit.clearAutomations), and a commit racing a delete must not fail.
      CREATE TABLE automation_state (
        automation_id text COLLATE "C" NOT NULL,
        trigger_id text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        value json NOT NULL,
        PRIMARY KEY (automation_id, trigger_id, key)
      );
      CREATE TABLE engine_cursor (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL
      );
      CREATE TABLE engine_followers (
        workspace_id uuid NOT NULL,
        follower_id text COLLATE "C" NOT NULL,
        leader_id text COLLATE "C" NOT NULL,
        received timestamptz NOT NULL,
        event json NOT NULL,
        PRIMARY KEY (workspace_id, follower_id)
      );
      CREATE INDEX engine_followers_leader ON engine_followers (workspace_id, leader_id);
      CREATE TABLE automation_firings (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id uuid NOT NULL,
        automation_id text COLLATE "C" NOT NULL,
        recorded timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('acted', 'loop-stopped')),
        firing json NOT NULL
      );
      CREATE INDEX automation_firings_automation ON automation_firings (automation_id, recorded, id);
      CREATE INDEX automation_firings_recorded ON automation_firings (recorded);
      CREATE TABLE action_outbox (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id uuid NOT NULL,
        automation_id text COLLATE "C" NOT NULL,
        firing_id text COLLATE "C" NOT NULL,
        kind text NOT NULL CHECK (kind IN ('event', 'action')),
        action_index integer,
        body json NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts integer NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        result json NOT NULL,
        created timestamptz NOT NULL,
        updated timestamptz NOT NULL
      );
      -- Partial indexes: queries spell the same literal condition so the planner can use them.
      CREATE INDEX action_outbox_due ON action_outbox (next_attempt_at, created, id) WHERE status = 'pending';
      CREATE INDEX action_outbox_finished ON action_outbox (updated) WHERE status <> 'pending';
      CREATE INDEX action_outbox_firing ON action_outbox (firing_id);
    `,
  },
  {
    version: 4,
    name: 'engine_clock',
    // The events clock beside the cursor, written in the same row by every engine commit, so any
    // process can show an automation's state from storage ([arch I8]). NULL until the engine's
    // first commit after this migration.
    sql: `
      ALTER TABLE engine_cursor ADD COLUMN events_clock timestamptz, ADD COLUMN lag_us bigint;
    `,
  },
  {
    version: 5,
    name: 'engine_state_fillfactor',
    // Every engine commit rewrites the value of tens of thousands of buckets. With free room on the
    // page, PostgreSQL updates a row in place of its page (a HOT update: no new primary-key entry,
    // no index bloat). Measured on 50,000 upserts into 100,000 buckets: 100 % HOT instead of 0.1 %,
    // 1.8× faster, the table 74 MB instead of 278 MB after 16 commits. Pages already full take
    // effect as vacuum frees them.
    sql: `
      ALTER TABLE automation_state SET (fillfactor = 50);
    `,
  },
  {
    version: 6,
    name: 'label_index',
    // The primary resource's name, one row per event, so a selective name filter reads its
    // matches from an index instead of every event's JSON in the window (sql/labels.ts; which
    // labels and why: rows.ts INDEXED_LABELS). Keyed by event like event_resources: retention
    // deletes by seq. Existing events are indexed here, once.
    sql: `
      CREATE TABLE event_labels (
        event_seq bigint NOT NULL,
        label text COLLATE "C" NOT NULL,
        ws integer NOT NULL,
        value text COLLATE "C" NOT NULL,
        occurred timestamptz NOT NULL,
        PRIMARY KEY (event_seq, label)
      );
      INSERT INTO event_labels (event_seq, label, ws, value, occurred)
        SELECT seq, 'prefect.resource.name', ws, resource ->> 'prefect.resource.name', occurred FROM events
        WHERE json_typeof(resource -> 'prefect.resource.name') = 'string';
      CREATE INDEX event_labels_lookup ON event_labels (ws, label, value, occurred) INCLUDE (event_seq);
    `,
  },
  {
    version: 7,
    name: 'event_counts',
    // Events per minute and name, built behind the write from a cursor (event-counts.ts), so a
    // histogram over days reads one row per minute and name instead of every event. Minutes are
    // date_bin'ed from a fixed UTC origin: independent of the session's time zone. Existing events
    // are counted here, once; the cursor starts past them.
    sql: `
      CREATE TABLE event_counts (
        ws integer NOT NULL,
        minute timestamptz NOT NULL,
        event text COLLATE "C" NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (ws, minute, event)
      );
      CREATE TABLE event_counts_cursor (one boolean PRIMARY KEY DEFAULT true CHECK (one), seq bigint NOT NULL);
      INSERT INTO event_counts_cursor (seq) SELECT coalesce(max(seq), 0) FROM events;
      INSERT INTO event_counts (ws, minute, event, n)
        SELECT ws, date_bin('1 minute', occurred, '2001-01-01T00:00:00Z'), event, count(*) FROM events GROUP BY 1, 2, 3;
    `,
  },
  {
    version: 8,
    name: 'webhooks',
    // Inbound webhooks (storage/webhook-store.ts): the slug is unique across workspaces, because
    // /hooks/{slug} is how a request finds its webhook.
    sql: `
      CREATE TABLE webhooks (
        id text COLLATE "C" PRIMARY KEY,
        workspace_id uuid NOT NULL,
        slug text COLLATE "C" NOT NULL UNIQUE,
        settings json NOT NULL,
        secrets json NOT NULL,
        created timestamptz NOT NULL,
        updated timestamptz NOT NULL
      );
      CREATE INDEX webhooks_ws_created ON webhooks (workspace_id, created, id);
    `,
  },
  {
    version: 9,
    name: 'firings_expanded_behind',
    // The engine commits a firing alone; the action worker writes its outbox rows afterwards
    // (docs/storage.md "What a firing costs to commit"). Firings stored so far have their rows.
    sql: `
      ALTER TABLE automation_firings ADD COLUMN expanded boolean NOT NULL DEFAULT true,
                                     ADD COLUMN automation_updated timestamptz;
      CREATE INDEX automation_firings_unexpanded ON automation_firings (recorded, id) WHERE expanded = false;
      CREATE TABLE automation_versions (
        automation_id text COLLATE "C" NOT NULL,
        updated timestamptz NOT NULL,
        automation json NOT NULL,
        PRIMARY KEY (automation_id, updated)
      );
    `,
  },
];

// Arbitrary constant shared by every Herald process: "the migration lock".
const MIGRATION_LOCK = 0x4845_5241_4c44n; // 'HERALD'

export interface MigrationOutcome {
  applied: number[];
  skipped: { version: number; reason: string; error: string }[];
}

export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[] = postgresMigrations,
  onApply: (m: PostgresMigration) => void = () => {},
): Promise<MigrationOutcome> {
  const client = await pool.connect();
  const outcome: MigrationOutcome = { applied: [], skipped: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS herald_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM herald_migrations');
      const done = new Set(rows.map((r) => r.version));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        onApply(m);
        try {
          await client.query('BEGIN');
          await client.query(m.sql);
          await client.query('INSERT INTO herald_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
          outcome.applied.push(m.version);
        } catch (err) {
          await client.query('ROLLBACK');
          if (!m.optional) throw err;
          outcome.skipped.push({ version: m.version, reason: m.optional, error: (err as Error).message });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
  return outcome;
}
