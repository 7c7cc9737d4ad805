// WebSocket ingest benchmark (npx tsx bench/ws-ingest.bench.ts [--backend sqlite|postgres] [--seconds 20] [--max-queue 10000]).
//
//   (c) one SDK EventsWorker sending over `WS /api/events/in?acks=1`: events per second acknowledged
//       as durably stored, ~600 B events (UUIDv7 id, 3 resource labels, 2 related, small payload).
//       The clock starts at the first send and stops when flush() resolves, so every counted event
//       was committed; ack latency is send() → ack.
//
// The server runs in this process (createServer), so worker and server share one event loop — the
// figure is conservative. PostgreSQL: HERALD_BENCH_PG_URL, else a throw-away server from
// scripts/pg-temp.sh. Figures are printed and appended to bench/RESULTS.md.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildEvent, EventsWorker, type EventInput } from '../sdk/index.js';
import { loadSettings, type Settings } from '../src/config.js';
import { createServer } from '../src/server.js';
import { header, percentile } from './lib/machine.js';

type Backend = 'sqlite' | 'postgres';

const root = join(import.meta.dirname, '..');
const WARM_UP_EVENTS = 5_000;

let seq = 0;
function benchInput(): EventInput {
  const n = seq++;
  const run = (n % 5000).toString(16).padStart(8, '0');
  return {
    event: 'prefect.flow-run.Completed',
    resource: {
      'prefect.resource.id': `prefect.flow-run.0198c4b2-${run}-7000-8000-00000000${run.slice(0, 4)}`,
      'prefect.resource.name': `crimson-otter-${n % 997}`,
      'prefect.state-type': 'COMPLETED',
    },
    related: [
      { 'prefect.resource.id': `prefect.flow.9c1a${run}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
      { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
    ],
    payload: { intended: { from: 'RUNNING', to: 'COMPLETED' }, attempt: n % 3, worker: 'bench' },
  };
}

interface Target {
  settings: Partial<Settings>;
  drop(): Promise<void>;
}

async function target(backend: Backend, cleanups: (() => void)[]): Promise<Target> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-ws-'));
    return { settings: { dataDir: dir, databaseUrl: '' }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  let adminUrl = process.env.HERALD_BENCH_PG_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-pg-'));
    const script = join(root, 'scripts', 'pg-temp.sh');
    adminUrl = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    cleanups.push(() => {
      execFileSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      rmSync(dir, { recursive: true, force: true });
    });
  }
  const name = 'herald_bench_ws_' + randomBytes(5).toString('hex');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return {
    settings: { databaseUrl: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface Measurement {
  eventsPerSecond: number;
  events: number;
  seconds: number;
  p50: number;
  p99: number;
  rejected: number;
}

async function measure(url: string, seconds: number, maxQueue: number): Promise<Measurement> {
  let rejected = 0;
  const worker = new EventsWorker({ url, maxQueue, onError: () => rejected++ });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  worker.on('ack', ({ id }) => {
    const t0 = sentAt.get(id);
    if (t0 === undefined) return;
    sentAt.delete(id);
    latencies.push(performance.now() - t0);
  });
  try {
    for (let i = 0; i < WARM_UP_EVENTS; i++) await worker.sendWithBackpressure(benchInput());
    await worker.flush();
    latencies.length = 0;

    let events = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    while (performance.now() < until) {
      // Send in slices so the time check stays cheap; back-pressure keeps the queue at maxQueue.
      for (let i = 0; i < 100; i++) {
        const event = await worker.sendWithBackpressure(benchInput());
        sentAt.set(event.id, performance.now());
        events++;
      }
    }
    await worker.flush();
    const elapsed = (performance.now() - started) / 1000;
    return { eventsPerSecond: events / elapsed, events, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rejected };
  } finally {
    await worker.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const backend = (arg('--backend') ?? 'sqlite') as Backend;
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error('--backend must be sqlite or postgres');
  const seconds = Number(arg('--seconds') ?? 20);
  const maxQueue = Number(arg('--max-queue') ?? 10_000);

  const cleanups: (() => void)[] = [];
  try {
    // The machine may be shared: record how busy it was, so figures from different runs compare.
    const loadAtStart = loadavg()[0];
    const t = await target(backend, cleanups);
    const server = await createServer(loadSettings({ host: '127.0.0.1', port: 0, logLevel: 'warn', ...t.settings }, {}));
    let m: Measurement;
    try {
      const url = await server.listen();
      process.stderr.write(`… (c) one EventsWorker over WS /api/events/in?acks=1 for ${seconds} s (${backend})\n`);
      m = await measure(url, seconds, maxQueue);
    } finally {
      await server.close();
      await t.drop();
    }
    const size = Buffer.byteLength(JSON.stringify({ ...buildEvent(benchInput()), received: '2026-01-01T00:00:00.000000Z' }));
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const text = [
      header(`WebSocket ingest — ${backend}`),
      `- event: ~${size} B as stored (UUIDv7 id, 3 resource labels, 2 related, small payload)`,
      `- command: \`npx tsx bench/ws-ingest.bench.ts --backend ${backend} --seconds ${seconds} --max-queue ${maxQueue}\``,
      `- server in the same process as the worker (shared event loop); worker maxQueue ${fmt(maxQueue)}, default batchMax`,
      `- machine load average (1 min) at start: ${loadAtStart.toFixed(1)}`,
      '',
      '| measurement | result |',
      '|---|---|',
      `| (c) one SDK EventsWorker, \`WS /api/events/in?acks=1\`, acknowledged durable | **${fmt(m.eventsPerSecond)} events/s** (${fmt(m.events)} events in ${m.seconds.toFixed(1)} s, ${m.rejected} rejected) |`,
      `| ack latency (send → durable ack), under full queue | p50 ${m.p50.toFixed(0)} ms, p99 ${m.p99.toFixed(0)} ms |`,
      '',
    ].join('\n');
    process.stdout.write(text + '\n');
    const results = join(root, 'bench', 'RESULTS.md');
    if (!existsSync(results)) writeFileSync(results, '# Benchmark results\n\n');
    appendFileSync(results, text + '\n');
  } finally {
    for (const c of cleanups.reverse()) c();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
