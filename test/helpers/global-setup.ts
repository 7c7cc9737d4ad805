// The throw-away PostgreSQL server of a test run, started only when a test needs it: this setup
// provides a directory, and the first createTestDatabase() (test/helpers/pg.ts) in any worker starts
// the server there through `scripts/pg-temp.sh ensure` (a file lock makes concurrent fork workers
// share one server). Teardown stops it if it was started, so a run that selects no PostgreSQL test
// (e.g. `npx vitest run test/templates`) never starts one. HERALD_TEST_PG_URL points at an existing
// server instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildUiIfStale } from './ui-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A running server's admin URL (HERALD_TEST_PG_URL), or '' to start one in `pgDir`. */
    pgUrl: string;
    /** Where test/helpers/pg.ts starts the shared server on first need ('' when `pgUrl` is set). */
    pgDir: string;
    /** Why the browser tests' UI bundle could not be built ('' = it is up to date). */
    uiBuildError: string;
  }
}

const PG_TEMP_SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'pg-temp.sh');

export default function setup(project: TestProject) {
  project.provide('uiBuildError', buildUiIfStale());
  const given = process.env.HERALD_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgDir', '');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-pg-'));
  project.provide('pgUrl', '');
  project.provide('pgDir', dir);
  return () => {
    try {
      if (existsSync(join(dir, 'data'))) execFileSync('bash', [PG_TEMP_SCRIPT, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
