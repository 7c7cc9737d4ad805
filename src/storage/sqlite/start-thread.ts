// Starts one of the SQLite threads (read-worker, writer-worker, index-worker). Built, the entry is a .js file next
// to this one; from source (tests, `npm run dev`) it is TypeScript, so the thread first installs
// tsx's loader — a Worker does not inherit the parent's.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export function startSqliteThread(name: 'read-worker' | 'writer-worker' | 'index-worker', workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const entry = JSON.stringify(new URL(`./${name}.ts`, import.meta.url).href);
  // tsx's ESM API (its CommonJS twin cannot register the ESM loader), located through its package.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const loader = JSON.stringify(pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href);
  return new Worker(`import(${loader}).then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData });
}
