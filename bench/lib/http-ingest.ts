// Durable HTTP ingest against a Herald server in a child process: `clients` concurrent clients each
// POST `eventsPerRequest` events per request to /api/events, back to back, for `seconds` after a
// 2 s warm-up. Used by the ingest benchmark (its (b)) and by the WebSocket benchmark, which compares
// one SDK worker with it in the same run. The bench script must call `serveIngestChild` when started
// with `--serve` (bench/lib/server-process.ts).

import type { Settings } from '../../src/config.js';
import { loadSettings } from '../../src/config.js';
import type { Event } from '../../src/events/types.js';
import { createServer } from '../../src/server.js';
import { percentile } from './machine.js';
import { forkServerProcess } from './server-process.js';

export interface HttpIngest {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** e.g. `12 × 429`. */
  errorStatuses: string;
  /** Events the server counted as stored (its own metric). */
  stored: number;
  /** Mean events per group commit, and mean ms per commit, over the whole run (warm-up included). */
  meanBatch: number;
  meanWriteMs: number;
}

/** What the server child reports when stopped (its own metrics). */
interface ChildFigures {
  accepted: number;
  batches: number;
  batchEvents: number;
  writeSeconds: number;
}

/** The child's side: starts the server, answers `{url}`, and on 'stop' `{accepted}` before exiting. */
export async function serveIngestChild(settingsJson: string): Promise<void> {
  const settings = loadSettings({ host: '127.0.0.1', port: 0, logLevel: 'warn', ...JSON.parse(settingsJson) }, {});
  const server = await createServer(settings);
  const url = await server.listen();
  process.send!({ url });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    const text = await server.deps.metrics.metrics();
    const metric = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
    const accepted = metric(/^herald_ingest_events_total\{outcome="accepted"\} (\d+)/m);
    const batches = metric(/^herald_writer_batch_size_count (\d+)/m);
    const batchEvents = metric(/^herald_writer_batch_size_sum (\d+)/m);
    const writeSeconds = metric(/^herald_writer_write_seconds_sum ([\d.e+-]+)/m);
    await server.close();
    process.send!({ accepted, batches, batchEvents, writeSeconds } satisfies ChildFigures, () => process.exit(0));
  });
}

/** What `clients` concurrent senders achieved in `seconds` after a 2 s warm-up (not counted). */
export interface LoadResult {
  /** Requests answered with the expected status. */
  ok: number;
  errors: number;
  errorStatuses: string;
  p50: number;
  p99: number;
  elapsed: number;
}

/** Runs `send` back to back from `clients` concurrent loops; `send` resolves to the status it got. */
export async function closedLoopLoad(clients: number, seconds: number, expected: number, send: () => Promise<number>): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorStatuses = new Map<number, number>();
  let ok = 0;
  let errors = 0;
  const once = async (record: boolean) => {
    const t0 = performance.now();
    const status = await send();
    if (!record) return;
    latencies.push(performance.now() - t0);
    if (status === expected) ok++;
    else {
      errors++;
      errorStatuses.set(status, (errorStatuses.get(status) ?? 0) + 1);
    }
  };
  const run = async (until: number, record: boolean) =>
    Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) await once(record);
      }),
    );
  // Warm-up: JIT, connection pool, prepared statements.
  await run(performance.now() + 2000, false);
  const started = performance.now();
  await run(started + seconds * 1000, true);
  return {
    ok,
    errors,
    errorStatuses: [...errorStatuses].map(([status, n]) => `${n} × ${status}`).join(', '),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    elapsed: (performance.now() - started) / 1000,
  };
}

/** Enough bodies for the warm-up and the run at 30,000 events/s, the most this machine has reached. */
function preparedBodies(load: { seconds: number; eventsPerRequest: number }): number {
  return Math.ceil(((load.seconds + 2) * 30_000) / load.eventsPerRequest);
}

export async function httpIngest(
  settings: Partial<Settings>,
  load: { seconds: number; clients: number; eventsPerRequest: number; next: () => Event },
): Promise<HttpIngest> {
  const server = await forkServerProcess<ChildFigures>(settings);
  const endpoint = `${server.url}/api/events`;
  const serialize = () => {
    const parts = new Array<string>(load.eventsPerRequest);
    for (let i = 0; i < load.eventsPerRequest; i++) parts[i] = JSON.stringify(load.next());
    return Buffer.from(`[${parts.join(',')}]`);
  };
  // Bodies are serialized before the clock runs, like the raw baseline's rows: the load generator
  // shares the machine's cores with the server, and building ~20,000 events/s would take much of one.
  const prepared = Array.from({ length: preparedBodies(load) }, serialize);
  const body = () => prepared.pop() ?? serialize();
  try {
    const result = await closedLoopLoad(load.clients, load.seconds, 204, async () => {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
      await res.arrayBuffer();
      return res.status;
    });
    const { accepted, batches, batchEvents, writeSeconds } = await server.stop();
    return {
      eventsPerSecond: (result.ok * load.eventsPerRequest) / result.elapsed,
      p50: result.p50,
      p99: result.p99,
      requests: result.ok,
      errors: result.errors,
      errorStatuses: result.errorStatuses,
      stored: accepted,
      meanBatch: batches > 0 ? batchEvents / batches : 0,
      meanWriteMs: batches > 0 ? (writeSeconds * 1000) / batches : 0,
    };
  } catch (err) {
    server.child.kill();
    throw err;
  }
}
