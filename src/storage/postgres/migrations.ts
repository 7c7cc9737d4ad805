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
    optional: 'text search will scan events instead of using a trigram index (install postgresql-contrib and allow CREATE EXTENSION pg_trgm)',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX events_search_trgm ON events USING gin (search_text gin_trgm_ops);
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
