// Web UI benchmark (npx tsx bench/ui-feed.bench.ts --data-dir DIR [--runs 10] [--no-record]).
//
// What a person waits for: the event feed's time to first rows on a store of 2,000,000 events, and
// the size of the code the browser downloads before it can show anything.
//   • Store: the SQLite store that `bench/query.bench.ts --data-dir DIR` loaded (2 M events over the
//     7 days before it was loaded); load it first with that command.
//   • Each run opens a new browser context (empty cache, as a first visit) in Debian's Chromium and
//     navigates to the feed; "first rows" = the first event row is in the DOM, "count" = the match
//     count is shown, both read inside the page from its navigation start (performance.now), so the
//     bundle's download, parse and the API calls are all in it.
//   • Bundle: the JS and CSS that ui/dist/index.html loads, gzipped (level 9) and raw.
// Budgets (issue #12): first rows ≤ 1 s at 2 M events; initial JS+CSS ≤ 300 kB gzipped.

import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadSettings } from '../src/config.js';
import { createServer } from '../src/server.js';
import { header, percentile } from './lib/machine.js';
import { publishResult } from './lib/results.js';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '10' },
    'no-record': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const DAY_MS = 86_400_000;
const UI_DIR = join(import.meta.dirname, '..', 'ui', 'dist');

/** Runs in the page before its scripts: notes when the first row, then the count, enter the DOM. */
const MARK_FIRST_ROWS = `
  window.__heraldBench = {};
  new MutationObserver(() => {
    const m = window.__heraldBench;
    if (m.rows === undefined && document.querySelector('ol.events > li')) m.rows = performance.now();
    const count = document.querySelector('[data-testid="count"]');
    if (m.count === undefined && count && /event/.test(count.textContent || '')) m.count = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

/** The initial JS and CSS of the built UI: what index.html references, raw and gzipped bytes. */
function bundleSize(): { raw: number; gzip: number; files: string[] } {
  const html = readFileSync(join(UI_DIR, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(UI_DIR, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files };
}

async function main() {
  const dir = args['data-dir'];
  const marker = dir ? join(dir, 'bench-query.json') : '';
  if (!dir || !existsSync(marker))
    throw new Error('--data-dir must name a store loaded by: npx tsx bench/query.bench.ts --events 2000000 --data-dir DIR');
  if (!existsSync(join(UI_DIR, 'index.html'))) throw new Error('ui/dist is not built: npm run build -w ui');
  const loaded = JSON.parse(readFileSync(marker, 'utf8')) as { events: number; now: number };

  const settings = loadSettings({ dataDir: dir, databaseUrl: '', host: '127.0.0.1', port: 0, logLevel: 'warn' }, {});
  const server = await createServer(settings);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const base = await server.listen();
    // Absolute ranges ending when the store was loaded: its events lie in the 7 days before.
    const range = (ms: number) => `since=${new Date(loaded.now - ms).toISOString()}&until=${new Date(loaded.now).toISOString()}`;
    const views = [
      { label: 'feed, last 24 h, no filter', path: `/events?${range(DAY_MS)}` },
      { label: 'feed, 7 d, text "error"', path: `/events?${range(7 * DAY_MS)}&q=error` },
      {
        label: 'feed, 24 h, event prefix + resource id prefix',
        path: `/events?${range(DAY_MS)}&event=prefect.flow-run.*&resource=prefect.flow-run.0000a*`,
      },
    ];
    const rows: { label: string; first: number[]; count: number[] }[] = [];
    for (const view of views) {
      const first: number[] = [];
      const count: number[] = [];
      for (let r = -1; r < RUNS; r++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
        const page = await context.newPage();
        // Times taken inside the page, from its navigation start, the moment the DOM has them:
        // Playwright's own waiting polls, and was seen to add up to 400 ms while the page drew.
        await page.addInitScript(MARK_FIRST_ROWS);
        await page.goto(base + view.path, { waitUntil: 'commit' });
        await page.locator('ol.events > li').first().waitFor({ state: 'visible', timeout: 60_000 });
        await page.getByTestId('count').filter({ hasText: /event/ }).waitFor({ timeout: 60_000 });
        const marks = (await page.evaluate('window.__heraldBench')) as { rows: number; count: number };
        const tFirst = marks.rows;
        const tCount = marks.count;
        await context.close();
        if (r < 0) continue; // the first visit warms the server's page cache, not the browser's
        first.push(tFirst);
        count.push(tCount);
      }
      rows.push({ label: view.label, first, count });
      process.stderr.write(`${view.label}: first rows p50 ${percentile(first, 50).toFixed(0)} ms\n`);
    }
    const bundle = bundleSize();
    const lines = [
      header(`Web UI: feed time to first rows (sqlite, ${loaded.events.toLocaleString('en')} events)`),
      `- command: \`npx tsx bench/ui-feed.bench.ts --data-dir DIR --runs ${RUNS}\` (DIR loaded by \`bench/query.bench.ts --events ${loaded.events} --data-dir DIR\`)`,
      `- Debian Chromium headless, a new context (empty cache) per run, ${RUNS} runs after one warm-up visit; timed in the page from its navigation start to the DOM holding the first row / the count`,
      `- initial JS+CSS (${bundle.files.join(', ')}): **${(bundle.gzip / 1024).toFixed(1)} kB gzipped** (${(bundle.raw / 1024).toFixed(0)} kB raw); budget 300 kB`,
      `- load average at the end (1/5/15 min): ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
      '',
      '| view | first rows p50 ms | p95 ms | count shown p50 ms | p95 ms | budget (first rows) |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.label} | ${percentile(r.first, 50).toFixed(0)} | ${percentile(r.first, 95).toFixed(0)} | ${percentile(r.count, 50).toFixed(0)} | ${percentile(r.count, 95).toFixed(0)} | ≤ 1,000 |`,
      ),
    ];
    publishResult(lines.join('\n'));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
