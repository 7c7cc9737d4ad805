// Overload benchmark (issue #9 item 5): offered load far above capacity must be answered with
// 429 + Retry-After early, so accepted requests keep a bounded latency and memory stays bounded.
//
//   npx tsx bench/overload.bench.ts [--clients 64] [--seconds 20] [--batches 1000,5000] [--no-admission]
//
// A Herald server with default settings on a fresh SQLite database runs in a child process (which
// samples its own RSS every 50 ms). For each batch size, `clients` closed-loop clients POST batches
// of that many realistic events (~640 B each) for `seconds`: after a 2xx the next batch, after a
// 429 the *same* batch again (same ids, as a retrying client does) 100 ms later — ignoring
// Retry-After on purpose, so the offered load stays far above what the server can take. Every
// request gives up after 60 s (a client timeout, as in the measurement).
// `--no-admission` runs the same load with admission and HTTP timeouts off (the behaviour before).
// The load generator shares the 2 cores with the server: figures are conservative.
// Figures are printed and appended to bench/RESULTS.md (not with --no-record).

import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSettings, type Settings } from '../src/config.js';
import { createServer } from '../src/server.js';
import { argValue } from './lib/args.js';
import { realisticEvent } from './lib/events.js';
import { header, percentile } from './lib/machine.js';
import { publishResult } from './lib/results.js';
import { forkServerProcess, type ServerProcess } from './lib/server-process.js';
import { freshTarget } from './lib/target.js';

const CLIENT_TIMEOUT_MS = 60_000;
const RETRY_PAUSE_MS = 100;
/** Settings that turn admission and the HTTP timeouts off (`--no-admission`). */
const NO_ADMISSION: Partial<Settings> = {
  ingestMaxInflightBytes: Number.MAX_SAFE_INTEGER,
  ingestTargetLatency: 0,
  httpRequestTimeout: 0,
  httpConnectionTimeout: 0,
};

// ---------------------------------------------------------------------------------------------
// Server process

interface ServerStats {
  peakRss: number;
  accepted: number;
  overloaded: number;
  /** Time from the request's headers to its response, as the server sees it, per status class. */
  served: { ok: number[]; refused: number[] };
  /** Event-loop delay p99 and max (ms). */
  loopDelay: { p99: number; max: number };
}

function startServerProcess(settings: Partial<Settings>): Promise<ServerProcess<ServerStats>> {
  return forkServerProcess(settings);
}

async function serve(settingsJson: string): Promise<void> {
  const settings = loadSettings({ host: '127.0.0.1', port: 0, logLevel: 'warn', ...JSON.parse(settingsJson) }, {});
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const server = await createServer(settings);
  const served: ServerStats['served'] = { ok: [], refused: [] };
  // Node's 'request' event: the headers have been parsed (the app is ready; hooks are closed).
  server.app.server.on('request', (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/events') return;
    const t0 = performance.now();
    res.once('finish', () => (res.statusCode === 429 ? served.refused : served.ok).push(performance.now() - t0));
  });
  // HERALD_BENCH_VERBOSE=1: the admission's state every second, on stderr.
  if (process.env.HERALD_BENCH_VERBOSE) {
    const { admission } = server.deps;
    setInterval(() => {
      const mb = (n: number) => (n / 2 ** 20).toFixed(1);
      process.stderr.write(
        `  admission: in flight ${mb(admission.inflightBytes)} MiB, budget ${mb(admission.budgetBytes)} MiB, throughput ${mb(admission.throughput)} MiB/s\n`,
      );
    }, 1000).unref();
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const url = await server.listen();
  process.send!({ url });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    clearInterval(sampler);
    const text = await server.deps.metrics.metrics();
    const counter = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
    const stats: ServerStats = {
      peakRss,
      accepted: counter(/^herald_ingest_events_total\{outcome="accepted"\} (\d+)/m),
      overloaded: counter(/^herald_ingest_overloaded_total (\d+)/m),
      served,
      loopDelay: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    };
    await server.close();
    process.send!(stats, () => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Load

/** A batch body of `n` realistic events, made from a template with fresh ids (cheap per request). */
function batchMaker(n: number): () => string {
  const events = Array.from({ length: n }, (_, i) => realisticEvent(i));
  const parts = JSON.stringify(events).split(/"id":"[0-9a-f-]{36}"/);
  if (parts.length !== n + 1) throw new Error('unexpected event shape');
  return () => {
    let body = parts[0];
    for (let i = 1; i < parts.length; i++) body += `"id":"${randomUUID()}"` + parts[i];
    return body;
  };
}

interface RunResult {
  batch: number;
  bodyBytes: number;
  seconds: number;
  attempts: number;
  accepted: number;
  refused: number;
  timeouts: number;
  otherErrors: Map<string, number>;
  latencies: number[];
  retryAfter: number[];
  server: ServerStats;
}

async function overload(batch: number, clients: number, seconds: number, settings: Partial<Settings>): Promise<RunResult> {
  const target = await freshTarget('sqlite', '', 'overload');
  const server = await startServerProcess({ ...target.settings, ...settings });
  const endpoint = `${server.url}/api/events`;
  const nextBody = batchMaker(batch);
  const result: RunResult = {
    batch,
    bodyBytes: Buffer.byteLength(nextBody()),
    seconds,
    attempts: 0,
    accepted: 0,
    refused: 0,
    timeouts: 0,
    otherErrors: new Map(),
    latencies: [],
    retryAfter: [],
    server: { peakRss: 0, accepted: 0, overloaded: 0, served: { ok: [], refused: [] }, loopDelay: { p99: 0, max: 0 } },
  };
  const other = (what: string) => result.otherErrors.set(what, (result.otherErrors.get(what) ?? 0) + 1);
  try {
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        let body = nextBody();
        while (performance.now() < until) {
          result.attempts++;
          const t0 = performance.now();
          try {
            const res = await fetch(endpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
            });
            await res.arrayBuffer();
            if (res.ok) {
              result.accepted++;
              result.latencies.push(performance.now() - t0);
              body = nextBody();
            } else if (res.status === 429) {
              result.refused++;
              result.retryAfter.push(Number(res.headers.get('retry-after')));
              await sleep(RETRY_PAUSE_MS);
            } else other(`HTTP ${res.status}`);
          } catch (err) {
            if ((err as Error).name === 'TimeoutError') result.timeouts++;
            else other((err as Error).message);
          }
        }
      }),
    );
    result.seconds = (performance.now() - started) / 1000;
    result.server = await server.stop();
    return result;
  } catch (err) {
    server.child.kill();
    throw err;
  } finally {
    await target.drop();
  }
}

// ---------------------------------------------------------------------------------------------

function row(r: RunResult, clients: number): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (n: number) => (Number.isNaN(n) ? '–' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
  const offered = (r.attempts * r.batch) / r.seconds;
  const share = r.attempts ? (100 * r.refused) / r.attempts : 0;
  const errors = [...r.otherErrors].map(([k, v]) => `${v} × ${k}`).join(', ') || '0';
  const retry = r.retryAfter.length ? `${Math.min(...r.retryAfter)}–${Math.max(...r.retryAfter)} s` : '–';
  return (
    `| ${clients} × ${fmt(r.batch)} events (${(r.bodyBytes / 1e6).toFixed(1)} MB) | ${fmt(offered)} events/s (${fmt(r.attempts)} requests in ${r.seconds.toFixed(1)} s) ` +
    `| **${share.toFixed(1)} %** (${fmt(r.refused)}; Retry-After ${retry}) | ${fmt((r.accepted * r.batch) / r.seconds)} events/s (${fmt(r.accepted)} requests) ` +
    `| ${ms(percentile(r.latencies, 50))} / **${ms(percentile(r.latencies, 99))}** / ${ms(Math.max(...r.latencies))} ` +
    `| ${ms(percentile(r.server.served.ok, 50))} / ${ms(percentile(r.server.served.ok, 99))}; 429 p99 ${ms(percentile(r.server.served.refused, 99))} ` +
    `| ${r.timeouts} | ${errors} | **${Math.round(r.server.peakRss / 2 ** 20)} MiB** | ${ms(r.server.loopDelay.max)} |`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serve(args[1]);
  const clients = Number(argValue('--clients', args) ?? 64);
  const seconds = Number(argValue('--seconds', args) ?? 20);
  const batches = (argValue('--batches', args) ?? '1000,5000').split(',').map(Number);
  const admission = !args.includes('--no-admission');
  const settings = admission ? {} : NO_ADMISSION;

  const rows: string[] = [];
  for (const batch of batches) {
    process.stderr.write(`… ${clients} clients × ${batch} events, ${seconds} s\n`);
    const r = await overload(batch, clients, seconds, settings);
    rows.push(row(r, clients));
    process.stderr.write(rows.at(-1) + '\n');
    const { served, loopDelay } = r.server;
    process.stderr.write(
      `server side: 2xx p50 ${percentile(served.ok, 50).toFixed(0)} ms p99 ${percentile(served.ok, 99).toFixed(0)} ms (${served.ok.length}); ` +
        `429 p50 ${percentile(served.refused, 50).toFixed(0)} ms p99 ${percentile(served.refused, 99).toFixed(0)} ms (${served.refused.length}); ` +
        `event-loop delay p99 ${loopDelay.p99.toFixed(0)} ms max ${loopDelay.max.toFixed(0)} ms\n`,
    );
  }
  const defaults = loadSettings({}, {});
  const text = [
    header(`Overload — sqlite${admission ? '' : ', admission and HTTP timeouts off'}`),
    `- command: \`npx tsx bench/overload.bench.ts ${args.filter((a) => a !== '--no-record').join(' ')}\``,
    admission
      ? `- server: default settings (ingestMaxInflightBytes ${defaults.ingestMaxInflightBytes / 2 ** 20} MiB, ingestTargetLatency ${defaults.ingestTargetLatency} ms, httpRequestTimeout ${defaults.httpRequestTimeout / 1000} s), SQLite synchronous=FULL, in its own process`
      : '- server: default settings but ingestMaxInflightBytes unlimited, ingestTargetLatency 0, httpRequestTimeout 0, httpConnectionTimeout 0 (as before admission), in its own process',
    `- clients: closed loop; after a 429 the same batch again ${RETRY_PAUSE_MS} ms later (Retry-After ignored, so the load stays far above capacity); ${CLIENT_TIMEOUT_MS / 1000} s client timeout; load generator on the same 2 cores`,
    '- offered = every attempt (including refused ones) × batch ÷ duration; latency = of accepted (2xx) requests, from send to response',
    '',
    "- server side = from the request's headers parsed to its response sent; the difference to the client's figure is time before that (connection, headers, the previous body on the same connection being drained after a 429)",
    `- load average at the end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} — the machine is shared, figures are conservative`,
    '',
    '| load | offered | 429 share | accepted | accepted latency p50 / p99 / max (client) | server side 2xx p50 / p99 | client timeouts | other errors | server peak RSS | max event-loop delay |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  publishResult(text);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
