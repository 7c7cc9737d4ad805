// The built web UI the browser tests serve (test/ui/). Built once per test run, by the global setup,
// when it is missing or older than its sources (ui/, the SDK it bundles) — never by the tests
// themselves, which run in parallel workers. HERALD_TEST_UI_DIR builds and serves it elsewhere, so
// two checkouts' test runs (or two people's) never overwrite each other's bundle.

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Where the tests' UI bundle lives. */
export function uiBundleDir(): string {
  return process.env.HERALD_TEST_UI_DIR || join(ROOT, 'ui/dist');
}

/**
 * Builds the bundle into uiBundleDir() unless it is newer than every source file it is made of.
 * Returns why the build failed ('' when the bundle is good): only the browser tests need it, so a
 * broken UI fails them (test/ui/browser.ts builtUi) and not the rest of the run.
 */
export function buildUiIfStale(): string {
  const dir = uiBundleDir();
  const built = mtime(join(dir, 'index.html'));
  const sources = [join(ROOT, 'ui/src'), join(ROOT, 'ui/index.html'), join(ROOT, 'ui/vite.config.ts'), join(ROOT, 'sdk')];
  if (built > 0 && sources.every((s) => newest(s) <= built)) return '';
  try {
    execFileSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: join(ROOT, 'ui'),
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    return '';
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
    return `building the UI into ${dir} failed:\n${stderr.slice(-4000)}`;
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of a file, or of the files under a directory (skipping build output). */
function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}
