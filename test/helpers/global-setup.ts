// Starts one throw-away PostgreSQL server for the whole test run (unless HERALD_TEST_PG_URL points
// at one already) and hands its URL to the tests through vitest's provide/inject.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

const script = join(import.meta.dirname, '..', '..', 'scripts', 'pg-temp.sh');

export default function setup(project: TestProject) {
  const given = process.env.HERALD_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'herald-test-pg-'));
  const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  project.provide('pgUrl', url);
  return () => {
    execFileSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(dir, { recursive: true, force: true });
  };
}
