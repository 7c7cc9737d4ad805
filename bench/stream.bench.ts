// Live-stream benchmark (npx tsx bench/stream.bench.ts [--source bus|http] [--rate 5000] [--subscribers 50]
//                        [--seconds 20] [--backend sqlite|postgres] [--no-record]).
//
// Separate processes, so the subscribers do not share the server's event loop:
//   server      the real Herald server (createServer) on a fresh SQLite file (or HERALD_BENCH_PG_URL)
//   subscribers N WebSocket clients on /api/events/out (prefect handshake, filter on the event prefix,
//               no `until` — Herald's [compat D10.2] fix keeps them live), each receiving every event
//   this one    drives the load, 50 events per batch at --rate events/s:
//               --source bus  (default) the server publishes batches on its own bus, exactly as the
//                             group-commit writer does after a commit → measures live delivery:
//                             bus → distributor → subscription → socket → subscriber
//               --source http POST /api/events from this process → end to end, including HTTP ingest
//                             and the durable group commit (bench/ingest.bench.ts measures those alone)
// Latency = subscriber receive time − wall-clock stamp put in the event just before publish/POST.
// Reported: p50/p99/max over every delivered event after a 3 s warm-up, events delivered vs expected
// (and any `dropped` notices), and the server's peak RSS.
// Targets: live p99 ≤ 100 ms, server RSS ≤ 400 MB. Figures are appended to bench/RESULTS.md (not
// with --no-record).

import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { loadSettings } from '../src/config.js';
import type { ReceivedEvent } from '../src/events/types.js';
import { createServer } from '../src/server.js';
import { DEFAULT_WORKSPACE_ID } from '../src/storage/storage.js';
import { timestamp } from './lib/events.js';
import { header } from './lib/machine.js';
import { publishResult } from './lib/results.js';

const { values: args } = parseArgs({
  options: {
    role: { type: 'string', default: 'main' },
    url: { type: 'string', default: '' },
    rate: { type: 'string', default: '5000' },
    subscribers: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    backend: { type: 'string', default: 'sqlite' },
    source: { type: 'string', default: 'bus' },
    'no-record': { type: 'boolean', default: false },
  },
});
const root = join(import.meta.dirname, '..');
const PREFIX = 'bench.stream.';
const PER_REQUEST = 50;
const WARMUP_MS = 3000;
const STAMP = Buffer.from('"t":');

type Msg = { type: string; [k: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Child processes

function child(role: 'server' | 'subscribers', extra: string[]): ChildProcess {
  const execArgv = [...process.execArgv];
  // HERALD_BENCH_CPU_PROF=1 writes a V8 CPU profile of each child into ./.tmp/.
  if (process.env.HERALD_BENCH_CPU_PROF) execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(root, '.tmp', `stream-${role}`)}`);
  return fork(process.argv[1], ['--role', role, ...extra], { execArgv, stdio: 'inherit' });
}

function nextMessage<T>(proc: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
    proc.once('exit', onExit);
    proc.once('message', (m) => {
      proc.off('exit', onExit);
      resolve(m as T);
    });
  });
}

async function serverRole(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-stream-'));
  const databaseUrl = args.backend === 'postgres' ? (process.env.HERALD_BENCH_PG_URL ?? '') : '';
  const settings = loadSettings({ dataDir: dir, databaseUrl, host: '127.0.0.1', port: 0, logLevel: 'warn' }, {});
  const server = await createServer(settings);
  const url = await server.listen();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  process.send!({ url: url + settings.apiBasePath });
  let producing: Promise<unknown> | null = null;
  let stopProducing = () => {};
  process.on('message', async (m) => {
    if (typeof m === 'object' && m !== null && 'produce' in m) {
      // --source bus: publish committed-looking batches on the server's own bus, as the group-commit
      // writer does after a commit, stamping each event just before publishing.
      const { rate, ms } = (m as { produce: { rate: number; ms: number } }).produce;
      let stopped = false;
      stopProducing = () => (stopped = true);
      producing = paced(
        rate,
        ms,
        () => stopped,
        async () => {
          const now = Date.now();
          server.deps.bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events: receivedBatch(now) });
          return true;
        },
      );
      const result = await producing;
      process.send!({ produced: result });
      return;
    }
    if (m !== 'stop') return;
    stopProducing();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    process.send!({ peakRssMb: peakRss / 2 ** 20 }, () => process.exit(0));
  });
}

async function subscribersRole(): Promise<void> {
  const n = Number(args.subscribers);
  let latencies: number[] = [];
  let delivered = 0;
  let dropped = 0;
  let notices = 0;
  const sockets: WebSocket[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      // The subscribers' own cost inflates the latency they measure, so keep it minimal: no UTF-8
      // validation, and the stamp is read straight from the bytes.
      const ws = new WebSocket(`${args.url.replace(/^http/, 'ws')}/events/out`, ['prefect'], { skipUTF8Validation: true });
      sockets.push(ws);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'auth', token: null }));
      await new Promise((resolve) => ws.once('message', resolve));
      ws.send(JSON.stringify({ type: 'filter', filter: { event: { prefix: [PREFIX] } } }));
      ws.on('message', (data: Buffer) => {
        const now = Date.now();
        const at = data.indexOf(STAMP);
        if (at >= 0) {
          let stamp = 0;
          for (let i = at + STAMP.length; i < data.length; i++) {
            const digit = data[i] - 48;
            if (digit < 0 || digit > 9) break;
            stamp = stamp * 10 + digit;
          }
          delivered++;
          latencies.push(now - stamp);
        } else {
          const m = JSON.parse(data.toString()) as Msg;
          if (m.type === 'dropped') {
            notices++;
            dropped += Number(m.count);
          }
        }
      });
    }),
  );
  process.send!('ready');
  process.on('message', (m) => {
    if (m === 'reset') {
      latencies = [];
      delivered = 0;
      dropped = 0;
      notices = 0;
      process.send!('reset');
    } else if (m === 'stop') {
      const sorted = Float64Array.from(latencies).sort();
      const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
      for (const ws of sockets) ws.close();
      process.send!({ delivered, dropped, notices, p50: pick(50), p99: pick(99), max: sorted[sorted.length - 1] }, () => process.exit(0));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Producers

function clientBatch(stampMs: number): Record<string, unknown>[] {
  const occurred = timestamp(stampMs);
  return Array.from({ length: PER_REQUEST }, (_, i) => ({
    id: randomUUID(),
    occurred,
    event: `${PREFIX}tick`,
    resource: { 'prefect.resource.id': `bench.resource.${i}` },
    related: [],
    payload: { t: stampMs },
    follows: null,
  }));
}

function receivedBatch(stampMs: number): ReceivedEvent[] {
  return clientBatch(stampMs).map((e) => ({ ...e, received: e.occurred }) as unknown as ReceivedEvent);
}

/**
 * Calls `send` (one batch of PER_REQUEST events) on a schedule that holds `rate` events/s on average:
 * ticks every ~2 ms and catches up on any lateness. Resolves with counts once `ms` have passed and
 * every send has settled.
 */
async function paced(
  rate: number,
  ms: number,
  stopped: () => boolean,
  send: () => Promise<boolean>,
): Promise<{ sent: number; failed: number }> {
  const started = Date.now();
  let sent = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  while (Date.now() - started < ms && !stopped()) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent + PER_REQUEST <= due) {
      sent += PER_REQUEST;
      const p = send()
        .then((ok) => {
          if (!ok) failed += PER_REQUEST;
        })
        .catch(() => {
          failed += PER_REQUEST;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(inFlight);
  return { sent, failed };
}

/** --source http: POST /events from this process (ingest, group commit, bus, fan-out, socket). */
function produceOverHttp(url: string, rate: number, ms: number) {
  return paced(
    rate,
    ms,
    () => false,
    async () => {
      const res = await fetch(`${url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(clientBatch(Date.now())),
      });
      await res.arrayBuffer();
      return res.status === 204;
    },
  );
}

/** --source bus: the server process publishes on its own bus (bus, fan-out, socket). */
async function produceOnBus(server: ChildProcess, rate: number, ms: number) {
  server.send({ produce: { rate, ms } });
  return (await nextMessage<{ produced: { sent: number; failed: number } }>(server)).produced;
}

async function main(): Promise<void> {
  const rate = Number(args.rate);
  const seconds = Number(args.seconds);
  const subscribers = Number(args.subscribers);
  const server = child('server', ['--backend', args.backend!]);
  const { url } = await nextMessage<{ url: string }>(server);
  const clients = child('subscribers', ['--url', url, '--subscribers', String(subscribers)]);
  await nextMessage(clients); // ready
  const produce = (ms: number) => (args.source === 'http' ? produceOverHttp(url, rate, ms) : produceOnBus(server, rate, ms));
  await produce(WARMUP_MS);
  clients.send('reset');
  await nextMessage(clients);
  const { sent, failed } = await produce(seconds * 1000);
  // Let the last deliveries arrive: a short quiet period measured on the producer's clock.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  clients.send('stop');
  const r = await nextMessage<{ delivered: number; dropped: number; notices: number; p50: number; p99: number; max: number }>(clients);
  server.send('stop');
  const { peakRssMb } = await nextMessage<{ peakRssMb: number }>(server);

  const expected = (sent - failed) * subscribers;
  const text = [
    header(
      `Live stream (${args.backend}, source ${args.source}, ${rate.toLocaleString('en')} events/s, ${subscribers} subscribers, ${seconds} s)`,
    ),
    `- command: \`npx tsx bench/stream.bench.ts --source ${args.source} --rate ${rate} --subscribers ${subscribers} --seconds ${seconds} --backend ${args.backend}\``,
    `- source: ${args.source === 'http' ? 'POST /events (latency includes HTTP ingest and the durable group commit)' : 'published on the server bus as after a commit (latency = bus → fan-out → socket → subscriber)'}`,
    `- ${sent.toLocaleString('en')} events in batches of ${PER_REQUEST} (${failed} failed); producer, subscribers and server in separate processes on the same machine`,
    `- delivered: ${r.delivered.toLocaleString('en')} of ${expected.toLocaleString('en')} expected; dropped notices: ${r.notices} (${r.dropped} events)`,
    '',
    '| metric | value | target |',
    '|---|---:|---:|',
    `| live latency p50 | ${r.p50} ms | |`,
    `| live latency p99 | ${r.p99} ms | ≤ 100 ms |`,
    `| live latency max | ${r.max} ms | |`,
    `| server peak RSS | ${peakRssMb.toFixed(0)} MB | ≤ 400 MB |`,
    '',
  ].join('\n');
  publishResult(text);
}

if (args.role === 'server') await serverRole();
else if (args.role === 'subscribers') await subscribersRole();
else await main();
