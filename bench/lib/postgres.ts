// PostgreSQL for the benchmarks: the server (HERALD_BENCH_PG_URL, else a throw-away one from
// scripts/pg-temp.sh) and a fresh, empty database on it per measurement.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PG_TEMP = join(import.meta.dirname, '..', '..', 'scripts', 'pg-temp.sh');

export interface PostgresServer {
  /** Admin connection URL (database `postgres` on a throw-away server). */
  url: string;
  /** Stops and removes a throw-away server; does nothing for HERALD_BENCH_PG_URL. */
  stop(): void;
}

/** HERALD_BENCH_PG_URL if set, else starts a throw-away server with scripts/pg-temp.sh. */
export function postgresServer(): PostgresServer {
  const given = process.env.HERALD_BENCH_PG_URL;
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-pg-'));
  const url = execFileSync('bash', [PG_TEMP, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return {
    url,
    stop() {
      execFileSync('bash', [PG_TEMP, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface FreshDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Drops it (WITH (FORCE): open connections are closed). */
  drop(): Promise<void>;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named `<prefix><random hex>` on the server at `adminUrl`. */
export async function freshDatabase(adminUrl: string, prefix = 'herald_bench_'): Promise<FreshDatabase> {
  const name = prefix + randomBytes(5).toString('hex');
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return { url: url.toString(), drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
