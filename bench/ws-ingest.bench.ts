// WebSocket ingest benchmark (npx tsx bench/ws-ingest.bench.ts [--backend sqlite|postgres] [--seconds 20] [--max-queue 10000]
//                            [--no-record]).
//
//   (c) one SDK EventsWorker sending over `WS /api/events/in?acks=1`: events per second acknowledged
//       as durably stored, ~600 B events (UUIDv7 id, 3 resource labels, 2 related, small payload).
//       The clock starts at the first send and stops when flush() resolves, so every counted event
//       was committed; ack latency is send() → ack.
//
//   (h) in the same run, durable HTTP ingest as bench/ingest.bench.ts (b) measures it: 32 clients ×
//       100 events per POST — issue #11's target is (c) ≥ 0.8 × (h).
//
// Both servers run in a child process (bench/lib/server-process.ts), on a fresh database each. PostgreSQL: HERALD_BENCH_PG_URL, else a throw-away server from
// scripts/pg-temp.sh. Figures are printed and appended to bench/RESULTS.md (not with --no-record).

import { loadavg } from 'node:os';
import { buildEvent, EventsWorker, type EventInput } from '../sdk/index.js';
import { argValue, backendArg } from './lib/args.js';
import { realisticInput } from './lib/events.js';
import { header, percentile } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { publishResult } from './lib/results.js';
import { freshTarget } from './lib/target.js';
import { forkServerProcess } from './lib/server-process.js';
import { httpIngest, serveIngestChild } from './lib/http-ingest.js';
import { realisticEvent } from './lib/events.js';

const WARM_UP_EVENTS = 5_000;

let seq = 0;
const benchInput = (): EventInput => realisticInput(seq++);

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
    return {
      eventsPerSecond: events / elapsed,
      events,
      seconds: elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rejected,
    };
  } finally {
    await worker.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serveIngestChild(args[1]);
  const arg = (name: string) => argValue(name, args);
  const backend = backendArg(args);
  const seconds = Number(arg('--seconds') ?? 20);
  const maxQueue = Number(arg('--max-queue') ?? 10_000);

  // The machine may be shared: record how busy it was, so figures from different runs compare.
  const loadAtStart = loadavg()[0];
  const pgServer = backend === 'postgres' ? postgresServer() : undefined;
  try {
    const t = await freshTarget(backend, pgServer?.url ?? '', 'ws');
    let m: Measurement;
    try {
      const server = await forkServerProcess<{ accepted: number }>(t.settings);
      try {
        process.stderr.write(`… (c) one EventsWorker over WS /api/events/in?acks=1 for ${seconds} s (${backend})\n`);
        m = await measure(server.url, seconds, maxQueue);
      } finally {
        await server.stop();
      }
    } finally {
      await t.drop();
    }
    const th = await freshTarget(backend, pgServer?.url ?? '', 'ws-http');
    let h: Awaited<ReturnType<typeof httpIngest>>;
    try {
      process.stderr.write(`… (h) HTTP, 32 clients × 100 events per POST for ${seconds} s (${backend})\n`);
      let n = 0;
      h = await httpIngest(th.settings, { seconds, clients: 32, eventsPerRequest: 100, next: () => realisticEvent(n++) });
    } finally {
      await th.drop();
    }
    const size = Buffer.byteLength(JSON.stringify({ ...buildEvent(benchInput()), received: '2026-01-01T00:00:00.000000Z' }));
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const text = [
      header(`WebSocket ingest — ${backend}`),
      `- event: ~${size} B as stored (UUIDv7 id, 3 resource labels, 2 related, small payload)`,
      `- command: \`npx tsx bench/ws-ingest.bench.ts --backend ${backend} --seconds ${seconds} --max-queue ${maxQueue}\``,
      `- servers in a child process, a fresh database each; worker maxQueue ${fmt(maxQueue)}, default batchMax`,
      `- machine load average (1 min) at start: ${loadAtStart.toFixed(1)}`,
      '',
      '| measurement | result |',
      '|---|---|',
      `| (c) one SDK EventsWorker, \`WS /api/events/in?acks=1\`, acknowledged durable | **${fmt(m.eventsPerSecond)} events/s** (${fmt(m.events)} events in ${m.seconds.toFixed(1)} s, ${m.rejected} rejected) |`,
      `| ack latency (send → durable ack), under full queue | p50 ${m.p50.toFixed(0)} ms, p99 ${m.p99.toFixed(0)} ms |`,
      `| (h) HTTP, 32 clients × 100 events per POST, same run | ${fmt(h.eventsPerSecond)} events/s (p99 ${h.p99.toFixed(0)} ms${h.errors > 0 ? `; ${h.errorStatuses}` : ''}) |`,
      `| (c)/(h) | **${(m.eventsPerSecond / h.eventsPerSecond).toFixed(2)}** (issue #11 target ≥ 0.8) |`,
      '',
    ].join('\n');
    publishResult(text);
  } finally {
    pgServer?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
