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
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
