// Each test file gets its own fresh PostgreSQL database on the shared test server, which the first
// caller in the run starts (see test/helpers/global-setup.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const PG_TEMP_SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'pg-temp.sh');

let serverUrl: Promise<string> | undefined;

/** The shared server's admin URL; starts the server if no worker has yet (`pg-temp.sh ensure`). */
function sharedServerUrl(): Promise<string> {
  const given = inject('pgUrl');
  if (given) return Promise.resolve(given);
  serverUrl ??= new Promise<string>((resolve, reject) => {
    // stderr inherited: pg_ctl's "server started" and any install or start error show in the run.
    const child = spawn('bash', [PG_TEMP_SCRIPT, 'ensure', inject('pgDir')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const url = out.trim();
      if (code === 0 && url) resolve(url);
      else reject(new Error(`scripts/pg-temp.sh ensure failed (exit ${code}); see its output above`));
    });
  });
  return serverUrl;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = await sharedServerUrl();
  const name = 'herald_t_' + randomBytes(6).toString('hex');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await waitForDisconnects(c, name);
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Waits (up to 5 s) until no session is connected to `name`. A pool's end() resolves once its
 * clients are told to close, not once the server has seen them go; FORCE would then terminate such
 * a session, and the admin-shutdown error it sends reaches a client nobody listens to any more —
 * an uncaught 'error' event in whichever test file dropped the database.
 */
async function waitForDisconnects(admin: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
