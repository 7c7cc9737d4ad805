// A fresh, empty database for one measurement of a bench that starts Herald's server: a temporary
// SQLite data directory, or a new database on a PostgreSQL server (see ./postgres.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../src/config.js';
import { freshDatabase } from './postgres.js';

export type Backend = 'sqlite' | 'postgres';

export interface Target {
  /** Settings that point the server (or openStorage) at the new database. */
  settings: Partial<Settings>;
  drop(): Promise<void>;
}

/**
 * A new database: `herald-bench-<tag>…` directory (SQLite) or `herald_bench_<tag>…` database on
 * `adminUrl` (PostgreSQL); `tag` (e.g. `ws`) tells the benches' leftovers apart.
 */
export async function freshTarget(backend: Backend, adminUrl: string, tag = ''): Promise<Target> {
  const prefix = tag ? `${tag}-` : '';
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `herald-bench-${prefix}`));
    return { settings: { dataDir: dir, databaseUrl: '' }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = await freshDatabase(adminUrl, `herald_bench_${prefix.replace(/-/g, '_')}`);
  return { settings: { databaseUrl: db.url }, drop: db.drop };
}
