// Ingest benchmark (npx tsx bench/ingest.bench.ts [--backend sqlite|postgres] [--seconds 15]).
//
//   (a) storage alone: `insertEvents` in batches of 1,000, sequentially — the ceiling of the write path
//   (b) end to end: durable POST /api/events, 100 events (~600 B each) per request, 32 concurrent
//       clients, through HTTP, validation, the group-commit writer and storage (server in a child
//       process; the load generator shares the same cores, so figures are conservative)
//   (d) one transaction per event (Prefect's persister pattern): `insertEvents` with one event per call
//       (PostgreSQL: as many concurrent callers as pool connections)
//   (r) the raw engine, rows serialized before the clock runs — SQLite: plain better-sqlite3 inserts
//       of the same rows into the same tables, 500 per transaction, synchronous=FULL, no text index
//       (bench/lib/raw-sqlite.ts); PostgreSQL: COPY of the same rows into the same tables, 1,000 per
//       transaction (bench/lib/raw-postgres.ts)
//
// --writer-thread: SQLite commits on a writer thread (HERALD_SQLITE_WRITER_THREAD=true), for comparison.
//
// Targets: (b) ≥ 15,000 events/s SQLite, ≥ 20,000 PostgreSQL; (b)/(a) ≥ 0.7; (b) ≥ 5 × (d);
// issue #11: (b)/(r) ≥ 0.85 and request p99 ≤ 300 ms at 32 clients × 100 events.
// PostgreSQL: HERALD_BENCH_PG_URL, else a throw-away server from scripts/pg-temp.sh.
// HERALD_BENCH_CPU_PROF=1 writes a V8 CPU profile of the server process into ./.tmp/.
// Figures are printed and appended to bench/RESULTS.md (not with --no-record, for trial runs).

import { loadavg } from 'node:os';
import { loadSettings, type Settings } from '../src/config.js';
import type { Event, ReceivedEvent } from '../src/events/types.js';
import { openStorage } from '../src/storage/index.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../src/storage/storage.js';
import { argValue, backendArg } from './lib/args.js';
import { realisticEvent, timestamp } from './lib/events.js';
import { header } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { rawPostgresRate } from './lib/raw-postgres.js';
import { rawSqliteRate } from './lib/raw-sqlite.js';
import { publishResult } from './lib/results.js';
import { type HttpIngest, httpIngest, serveIngestChild } from './lib/http-ingest.js';
import { freshTarget, type Target } from './lib/target.js';

const EVENTS_PER_REQUEST = 100;
const CLIENTS = 32;
const STORAGE_BATCH = 1000;
/** Server settings under test (--writer-max-batch N, --writer-max-delay MS); defaults otherwise. */
const serverSettings: Partial<Settings> = {};

// ---------------------------------------------------------------------------------------------
// Event generation: UUIDv7 ids, 3 resource labels, 2 related resources, small payload (~600 B).

let seq = 0;
const benchEvent = (): Event => realisticEvent(seq++);

// ---------------------------------------------------------------------------------------------
// Databases

function benchSettings(target: Target): Settings {
  return loadSettings({ host: '127.0.0.1', port: 0, logLevel: 'warn', ...target.settings }, {});
}

// ---------------------------------------------------------------------------------------------
// (a) and (d): the storage layer alone

function stamped(n: number): ReceivedEvent[] {
  const received = timestamp(Date.now());
  return Array.from({ length: n }, () => ({ ...benchEvent(), received }));
}

/** Opens and migrates the target's storage, runs `work` until `seconds` have passed: events/s. */
async function storageRate(target: Target, seconds: number, work: (storage: Storage, until: number) => Promise<number>): Promise<number> {
  const storage = await openStorage(benchSettings(target));
  await storage.migrate();
  try {
    const started = performance.now();
    const events = await work(storage, started + seconds * 1000);
    return events / ((performance.now() - started) / 1000);
  } finally {
    await storage.close();
  }
}

function storageBatched(target: Target, seconds: number): Promise<number> {
  return storageRate(target, seconds, async (storage, until) => {
    let events = 0;
    while (performance.now() < until) {
      const batch = stamped(STORAGE_BATCH);
      await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, batch);
      events += batch.length;
    }
    return events;
  });
}

function storagePerEvent(target: Target, seconds: number, concurrency: number): Promise<number> {
  return storageRate(target, seconds, async (storage, until) => {
    let events = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, stamped(1));
          events++;
        }
      }),
    );
    return events;
  });
}

/** (r): the raw engine on a fresh, migrated database (bench/lib/raw-*.ts). */
async function rawRate(backend: 'sqlite' | 'postgres', target: Target, seconds: number): Promise<number> {
  if (backend === 'sqlite') return rawSqliteRate(target.settings.dataDir!, seconds, () => stamped(1)[0]);
  const storage = await openStorage(benchSettings(target));
  await storage.migrate();
  await storage.close();
  return rawPostgresRate(target.settings.databaseUrl!, seconds, () => stamped(1)[0]);
}

// ---------------------------------------------------------------------------------------------
// (b): end to end, server in a child process (bench/lib/http-ingest.ts)

function endToEnd(target: Target, seconds: number): Promise<HttpIngest> {
  return httpIngest(
    { ...target.settings, ...serverSettings },
    { seconds, clients: CLIENTS, eventsPerRequest: EVENTS_PER_REQUEST, next: benchEvent },
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serveIngestChild(args[1]);
  const arg = (name: string) => argValue(name, args);
  const backend = backendArg(args);
  const seconds = Number(arg('--seconds') ?? 15);
  if (arg('--writer-max-batch')) serverSettings.writerMaxBatch = Number(arg('--writer-max-batch'));
  if (arg('--writer-max-delay')) serverSettings.writerMaxDelay = Number(arg('--writer-max-delay'));
  if (args.includes('--writer-thread')) serverSettings.sqliteWriterThread = true;

  const pgServer = backend === 'postgres' ? postgresServer() : undefined;
  try {
    const adminUrl = pgServer?.url ?? '';
    const sizeSample = JSON.stringify({ ...benchEvent(), received: '2026-01-01T00:00:00.000000Z' }).length;
    const poolSize = loadSettings({}, {}).databasePoolSize;

    const run = async <T>(label: string, fn: (t: Target) => Promise<T>): Promise<T> => {
      const target = await freshTarget(backend, adminUrl);
      try {
        process.stderr.write(`… ${label}\n`);
        return await fn(target);
      } finally {
        await target.drop();
      }
    };
    const a = await run('(a) storage insertEvents, batches of 1,000', (t) => storageBatched(t, Math.min(10, seconds)));
    const dConcurrency = backend === 'postgres' ? poolSize : 1;
    const d = await run('(d) one transaction per event', (t) => storagePerEvent(t, Math.min(8, seconds), dConcurrency));
    const b = await run('(b) end-to-end POST /api/events', (t) => endToEnd(t, seconds));
    const r = await run('(r) raw engine: the same rows into the same tables', (t) => rawRate(backend, t, Math.min(10, seconds)));

    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
    const lines = [
      header(`Ingest — ${backend}`),
      `- event: ~${sizeSample} B as stored (UUIDv7 id, 3 resource labels, 2 related, small payload); ${backend === 'sqlite' ? 'SQLite synchronous=FULL (default)' : 'PostgreSQL fsync on, synchronous_commit on'}`,
      `- command: \`npx tsx bench/ingest.bench.ts ${args.filter((a) => a !== '--no-record').join(' ')}\``,
      `- server: writerMaxBatch ${serverSettings.writerMaxBatch ?? loadSettings({}, {}).writerMaxBatch}, writerMaxDelay ${serverSettings.writerMaxDelay ?? loadSettings({}, {}).writerMaxDelay} ms${backend === 'sqlite' ? `, sqliteWriterThread ${serverSettings.sqliteWriterThread ?? false}` : ''}`,
      `- load average at the end (1/5/15 min): ${load} — the machine is shared, figures are conservative`,
      '',
      '| measurement | result |',
      '|---|---|',
      `| (a) storage \`insertEvents\`, ${STORAGE_BATCH} events/call, sequential | **${fmt(a)} events/s** |`,
      `| (b) end-to-end durable \`POST /api/events\`, ${EVENTS_PER_REQUEST} events/request, ${CLIENTS} clients, ${seconds} s | **${fmt(b.eventsPerSecond)} events/s**; request latency p50 ${b.p50.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms; ${fmt(b.requests)} requests, ${b.errors} errors${b.errors > 0 ? ` (${b.errorStatuses})` : ''}; server counted ${fmt(b.stored)} stored; group commits of ${fmt(b.meanBatch)} events on average, ${b.meanWriteMs.toFixed(1)} ms each |`,
      `| (d) one transaction per event (${dConcurrency} concurrent) | ${fmt(d)} events/s |`,
      `| (b)/(a) | ${(b.eventsPerSecond / a).toFixed(2)} (target ≥ 0.7) |`,
      `| (b)/(d) | ${(b.eventsPerSecond / d).toFixed(1)}× (target ≥ 5×) |`,
      `| (r) raw engine, same rows and tables: ${backend === 'sqlite' ? 'better-sqlite3 INSERTs, 500/transaction, synchronous=FULL, no text index' : 'COPY, 1,000/transaction'} | ${fmt(r)} events/s |`,
      `| (b)/(r) | **${(b.eventsPerSecond / r).toFixed(2)}** (issue #11 target ≥ 0.85; request p99 ${b.p99.toFixed(0)} ms, target ≤ 300) |`,
      `| target (b) | ${backend === 'sqlite' ? '≥ 15,000' : '≥ 20,000'} events/s: ${b.eventsPerSecond >= (backend === 'sqlite' ? 15000 : 20000) ? 'met' : 'missed'} |`,
      '',
    ];
    const text = lines.join('\n');
    publishResult(text);
  } finally {
    pgServer?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
