// The SDK is its own package (@herald/sdk, sdk/package.json). Every sdk/ file imports only its own
// files, `node:*` built-ins and `ws` — nothing from the server, not even types. The browser entry
// (sdk/browser.ts) and everything it reaches load no `node:*` and no `ws`, and type-check without
// Node's type definitions (sdk/tsconfig.browser.json), so no `process`, `Buffer` or `setImmediate`.
// .dependency-cruiser.cjs enforces the same boundary on every `npm run depcheck`.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const sdkDir = join(import.meta.dirname, '..', '..', 'sdk');
const IMPORT = /^(?:import|export)\s+(type\s+)?(?:[^;]*?from\s+)?'([^']+)'/gms;

/** The import targets of one sdk/ file (type-only ones included, flagged). */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const source = readFileSync(join(sdkDir, file), 'utf8');
  return [...source.matchAll(IMPORT)].map((m) => ({ target: m[2], typeOnly: Boolean(m[1]) }));
}

/** sdk/ files reachable from `entry` through imports of its own files, the entry included. */
function reachableFrom(entry: string): string[] {
  const seen = new Set<string>([entry]);
  for (const file of seen) {
    for (const { target } of importsOf(file)) if (target.startsWith('./')) seen.add(target.slice(2).replace(/\.js$/, '.ts'));
  }
  return [...seen];
}

describe('SDK import boundary', () => {
  it('imports nothing but node:*, ws and sdk/ itself — no server code, not even types', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(sdkDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const { target } of importsOf(file)) {
        const ok = target.startsWith('node:') || target === 'ws' || (target.startsWith('./') && !target.includes('..'));
        if (!ok) offenders.push(`${file}: ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the browser entry reaches no node:* built-in, no ws and no Node-only module', () => {
    const files = reachableFrom('browser.ts');
    // Sanity: the walk followed the graph (the shared core is there, the Node-only parts are not).
    expect(files).toEqual(expect.arrayContaining(['common.ts', 'subscribe.ts', 'http-client.ts', 'browser-transport.ts']));
    expect(files.filter((f) => ['index.ts', 'events-worker.ts', 'exit-flush.ts', 'ws-transport.ts'].includes(f))).toEqual([]);
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter(({ target }) => !target.startsWith('./'))
        .map(({ target }) => `${file}: ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the browser entry type-checks with the DOM library and without Node types', async () => {
    const tsc = join(sdkDir, '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const run = promisify(execFile)(process.execPath, [tsc, '-p', join(sdkDir, 'tsconfig.browser.json')]);
    await expect(run).resolves.toMatchObject({ stdout: '' });
  });
});
