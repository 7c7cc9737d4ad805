// Query benchmark (npx tsx bench/query.bench.ts [--events 2000000] [--backend sqlite|postgres] [--runs 40] [--no-record]
//                  [--data-dir DIR]).
//
// Loads N events spread evenly over the last 7 days straight through `storage.events.insertEvents`
// (big batches, progress on stderr), starts the real server and measures, over real HTTP:
//   (a) POST /events/filter first page: last 24 h + event prefix + resource label glob
//   (b) POST /events/filter first page: last 24 h + text search
//   (c) POST /events/count-by/time over 7 days (hourly buckets, 168)
// Each query: a few warm-up calls, then --runs timed calls with varying windows; p50/p95 in ms.
// The page includes `total`: exact up to `queryExactTotalLimit` (default 10,000), beyond it a
// flagged lower bound ([compat D10.34]); the storage rows below time the page, the full COUNT and
// the bounded count separately.
// Targets: first-page p95 ≤ 50 ms, count-by p95 ≤ 300 ms.
// PostgreSQL: HERALD_BENCH_PG_URL (an empty database). Figures are appended to bench/RESULTS.md
// (not with --no-record). --data-dir keeps the SQLite store (and, for PostgreSQL, reuses the same
// database) between runs: a store loaded once is reused, with the time it was loaded at, so a query
// change can be measured again in seconds instead of minutes.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../src/config.js';
import { parseEventFilter } from '../src/events/index.js';
import type { EventFilter, ReceivedEvent } from '../src/events/types.js';
import { createServer } from '../src/server.js';
import { SqliteStorage } from '../src/storage/sqlite/storage.js';
import { DEFAULT_WORKSPACE_ID } from '../src/storage/storage.js';
import { timestamp, uuidv7 } from './lib/events.js';
import { header, percentile, residentMemory } from './lib/machine.js';
import { publishResult } from './lib/results.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '2000000' },
    backend: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '40' },
    'no-record': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});
const N = Number(args.events);
const RUNS = Number(args.runs);
const backend = args.backend as 'sqlite' | 'postgres';
const BATCH = 5000;
const DAY_MS = 86_400_000;

const NAMES = [
  'prefect.flow-run.Scheduled',
  'prefect.flow-run.Pending',
  'prefect.flow-run.Running',
  'prefect.flow-run.Completed',
  'prefect.flow-run.Failed',
  'prefect.task-run.Running',
  'prefect.task-run.Completed',
  'prefect.task-run.Failed',
  'prefect.deployment.ready',
  'prefect.work-queue.ready',
  'app.order.created',
  'app.order.shipped',
];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

// Not lib/events.ts's realistic event: the queries below select on this data set's own labels and
// text (12 event names, `etl-*` / `report-*` resource names, 1 % "error" payloads, deployments).
function benchEvent(i: number, occurredMs: number): ReceivedEvent {
  const name = NAMES[i % NAMES.length];
  const run = i % 50_000;
  const kind = name.startsWith('prefect.task-run') ? 'task-run' : name.startsWith('app.') ? 'order' : 'flow-run';
  return {
    id: uuidv7(occurredMs),
    occurred: timestamp(occurredMs),
    received: timestamp(occurredMs + 5),
    event: name,
    resource: {
      'prefect.resource.id': `prefect.${kind}.${hex(run, 8)}`,
      'prefect.resource.name': `${run % 3 === 0 ? 'etl' : 'report'}-${run % 1000}`,
    },
    related: [
      {
        'prefect.resource.id': `prefect.flow.${hex(run % 200, 4)}`,
        'prefect.resource.role': 'flow',
        'prefect.resource.name': `flow-${run % 200}`,
      },
      { 'prefect.resource.id': `prefect.deployment.${hex(run % 50, 4)}`, 'prefect.resource.role': 'deployment' },
    ],
    // 1 event in 100 mentions an error: what a text search looks for.
    payload: { message: `${WORDS[i % 8]} ${WORDS[(i >> 3) % 8]} ${i % 100 === 0 ? 'error timeout' : 'ok'}`, attempt: i % 4 },
    follows: null,
  };
}

async function main() {
  const kept = args['data-dir'];
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'herald-bench-query-'));
  if (kept) mkdirSync(kept, { recursive: true });
  const marker = join(dir, 'bench-query.json');
  const loaded: { events: number; now: number } | null = kept && existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : null;
  if (loaded && loaded.events !== N) throw new Error(`${dir} holds ${loaded.events} events, not --events ${N}`);
  const databaseUrl = backend === 'postgres' ? (process.env.HERALD_BENCH_PG_URL ?? '') : '';
  if (backend === 'postgres' && !databaseUrl) throw new Error('set HERALD_BENCH_PG_URL to an empty PostgreSQL database');
  const settings = loadSettings({ dataDir: dir, databaseUrl, host: '127.0.0.1', port: 0, logLevel: 'warn' }, {});
  const server = await createServer(settings);
  try {
    const now = loaded?.now ?? Date.now();
    const start = now - 7 * DAY_MS;
    const step = (7 * DAY_MS) / N;
    const loadStarted = performance.now();
    for (let at = loaded ? N : 0; at < N; at += BATCH) {
      const batch: ReceivedEvent[] = [];
      for (let i = at; i < Math.min(N, at + BATCH); i++) batch.push(benchEvent(i, start + i * step));
      await server.deps.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, batch);
      if ((at / BATCH) % 20 === 0 || at + BATCH >= N) {
        const done = Math.min(N, at + BATCH);
        const rate = done / ((performance.now() - loadStarted) / 1000);
        process.stderr.write(
          `\rloaded ${done.toLocaleString('en')} / ${N.toLocaleString('en')} events (${Math.round(rate).toLocaleString('en')}/s)   `,
        );
      }
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    process.stderr.write('\n');
    if (kept && !loaded) writeFileSync(marker, JSON.stringify({ events: N, now }));
    // SQLite builds its label and text indexes behind the write (a fresh load, or a store whose
    // index file was rebuilt): measure once they are complete, as on a server that has caught up.
    if (server.deps.storage instanceof SqliteStorage) {
      process.stderr.write('building the label and text indexes … ');
      const t0 = performance.now();
      const indexed = await server.deps.storage.catchUpIndexes();
      process.stderr.write(`${indexed.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }

    const base = (await server.listen()) + settings.apiBasePath;
    const post = async (path: string, body: unknown): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      return performance.now() - t0;
    };
    // Vary the window a little per run so every call is a real query, not a repeated plan + cache hit.
    const window = (run: number, ms: number) => ({ since: timestamp(now - ms - run * 60_000), until: timestamp(now - run * 60_000) });
    const measure = async (label: string, path: string, body: (run: number) => unknown) => {
      for (let w = 0; w < 3; w++) await post(path, body(RUNS + w));
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) times.push(await post(path, body(r)));
      return { label, p50: percentile(times, 50), p95: percentile(times, 95) };
    };

    const rows = [
      await measure('filter: 24 h + event prefix + resource label', '/events/filter', (r) => ({
        filter: {
          occurred: window(r, DAY_MS),
          event: { prefix: ['prefect.flow-run.'] },
          resource: { labels: { 'prefect.resource.name': 'etl-1*' } },
        },
        limit: 50,
      })),
      await measure('filter: 24 h + text search "error"', '/events/filter', (r) => ({
        filter: { occurred: window(r, DAY_MS), text: { query: 'error' } },
        limit: 50,
      })),
      await measure('filter: 7 d + text search "error"', '/events/filter', (r) => ({
        filter: { occurred: window(r, 7 * DAY_MS), text: { query: 'error' } },
        limit: 50,
      })),
      await measure('count-by/time: 7 d, hourly', '/events/count-by/time', (r) => ({
        filter: { occurred: window(r, 7 * DAY_MS) },
        time_unit: 'hour',
        time_interval: 1,
      })),
    ];

    // Where the first-page time goes: the storage calls behind it, timed directly (no HTTP).
    const storageRows: { label: string; p50: number; p95: number }[] = [];
    const events = server.deps.storage.events;
    const direct = async (label: string, filterJson: (run: number) => unknown, call: (f: EventFilter) => Promise<unknown>) => {
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const parsed = parseEventFilter(filterJson(r), timestamp(Date.now()));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        const t0 = performance.now();
        await call(parsed.filter);
        times.push(performance.now() - t0);
      }
      storageRows.push({ label, p50: percentile(times, 50), p95: percentile(times, 95) });
    };
    const labelFilter = (r: number) => ({
      occurred: window(r, DAY_MS),
      event: { prefix: ['prefect.flow-run.'] },
      resource: { labels: { 'prefect.resource.name': 'etl-1*' } },
    });
    const textFilter = (r: number) => ({ occurred: window(r, DAY_MS), text: { query: 'error' } });
    const bound = settings.queryExactTotalLimit;
    const upTo = (f: EventFilter) => events.countEventsUpTo(DEFAULT_WORKSPACE_ID, f, bound);
    const text7d = (r: number) => ({ occurred: window(r, 7 * DAY_MS), text: { query: 'error' } });
    await direct('storage countEvents: 24 h + prefix + label', labelFilter, (f) => events.countEvents(DEFAULT_WORKSPACE_ID, f));
    await direct(`storage countEventsUpTo(${bound}): 24 h + prefix + label`, labelFilter, upTo);
    await direct('storage queryEvents(50): 24 h + prefix + label', labelFilter, (f) =>
      events.queryEvents(DEFAULT_WORKSPACE_ID, { filter: f, limit: 50 }),
    );
    await direct('storage countEvents: 24 h + text', textFilter, (f) => events.countEvents(DEFAULT_WORKSPACE_ID, f));
    await direct(`storage countEventsUpTo(${bound}): 24 h + text`, textFilter, upTo);
    await direct('storage queryEvents(50): 24 h + text', textFilter, (f) =>
      events.queryEvents(DEFAULT_WORKSPACE_ID, { filter: f, limit: 50 }),
    );
    await direct('storage countEvents: 7 d + text', text7d, (f) => events.countEvents(DEFAULT_WORKSPACE_ID, f));
    await direct(`storage countEventsUpTo(${bound}): 7 d + text`, text7d, upTo);
    await direct('storage queryEvents(50): 7 d + text', text7d, (f) => events.queryEvents(DEFAULT_WORKSPACE_ID, { filter: f, limit: 50 }));
    await direct(
      'storage countByTime: 7 d hourly',
      (r) => ({ occurred: window(r, 7 * DAY_MS) }),
      (f) => events.countByTime(DEFAULT_WORKSPACE_ID, f, 3_600_000_000, '2024-04-01T00:00:00.000000Z'),
    );

    const lines = [
      header(`Query (${backend}, ${N.toLocaleString('en')} events over 7 days)`),
      loaded
        ? `- store reused from ${dir} (loaded earlier; no load figure)`
        : `- load: ${loadSeconds.toFixed(1)} s via insertEvents in batches of ${BATCH} (${Math.round(N / loadSeconds).toLocaleString('en')} events/s)`,
      `- ${RUNS} timed runs per query over real HTTP (keep-alive), after 3 warm-ups; process RSS after: ${residentMemory()}`,
      `- command: \`npx tsx bench/query.bench.ts --events ${N} --backend ${backend} --runs ${RUNS}\``,
      // Other processes may share the cores: the load average says how far to trust absolute figures.
      `- load average at the end (1/5/15 min): ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}; \`total\` exact up to ${settings.queryExactTotalLimit.toLocaleString('en')} (queryExactTotalLimit)`,
      '',
      '| query | p50 ms | p95 ms | target p95 |',
      '|---|---:|---:|---:|',
      ...rows.map(
        (r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.label.startsWith('count-by') ? '≤ 300' : '≤ 50'} |`,
      ),
      ...storageRows.map((r) => `| ↳ ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | |`),
      '',
    ];
    const text = lines.join('\n');
    publishResult(text);
  } finally {
    await server.close();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
