// Storage write-path benchmark (npx tsx bench/storage.bench.ts [--backend sqlite|postgres] [--no-record]).
//
//   (a) raw `insertEvents` throughput, batches of 500 and 2,000 (SQLite: synchronous FULL — the
//       default — and NORMAL; PostgreSQL: the unnest statement we ship, the same without the
//       pg_trgm index, and COPY into a staging table as the alternative we measured against)
//   (d) one transaction per event — Prefect's persistence pattern — as the baseline
//
// Events are realistic (~600 B as JSON): UUIDv7 id, 3 resource labels, 2 related resources, small
// payload. PostgreSQL: HERALD_BENCH_PG_URL, else a throw-away server from scripts/pg-temp.sh.
// Figures are printed and appended to bench/RESULTS.md (not with --no-record, for trial runs). A run
// takes about 1–2 minutes.

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { searchableText } from '../src/events/index.js';
import type { ReceivedEvent } from '../src/events/types.js';
import { PostgresStorage } from '../src/storage/postgres/storage.js';
import { resourceRows } from '../src/storage/rows.js';
import { SqliteStorage } from '../src/storage/sqlite/storage.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../src/storage/storage.js';
import { receivedEvent } from './lib/events.js';
import { header } from './lib/machine.js';
import { freshDatabase, postgresServer } from './lib/postgres.js';
import { recordResult } from './lib/results.js';

const backendArg = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : 'all';

// ---------------------------------------------------------------------------------------------
// Events: a synthetic clock 1 ms apart; five flow-run states, with state detail in the payload.

let clockMs = Date.UTC(2026, 7, 21, 10, 0, 0);
let seq = 0;

function makeEvents(n: number): ReceivedEvent[] {
  return Array.from({ length: n }, () => receivedEvent(seq++, { occurredMs: ++clockMs, names: 'states', stateDetail: true }));
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Row {
  backend: string;
  variant: string;
  batch: number;
  events: number;
  seconds: number;
  /** CPU time of THIS process per event (SQLite: the whole write cost; PostgreSQL: client side only). */
  cpuMicros: number;
}
const rows: Row[] = [];

async function measure(
  backend: string,
  variant: string,
  batch: number,
  total: number,
  write: (events: ReceivedEvent[]) => Promise<unknown>,
  concurrency = 1,
) {
  const batches: ReceivedEvent[][] = [];
  for (let n = 0; n < total; n += batch) batches.push(makeEvents(Math.min(batch, total - n)));
  // warm-up batch, not measured
  await write(makeEvents(Math.min(batch, 200)));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) await write(batches[next++]);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuMicros = (cpu.user + cpu.system) / total;
  rows.push({ backend, variant, batch, events: total, seconds, cpuMicros });
  console.log(
    `${backend.padEnd(9)} ${variant.padEnd(48)} batch ${String(batch).padStart(5)}: ${Math.round(total / seconds)
      .toLocaleString('en-US')
      .padStart(8)} events/s` + `  ${cpuMicros.toFixed(1).padStart(6)} µs CPU/event  (${total} in ${seconds.toFixed(2)} s)`,
  );
}

async function benchSqlite() {
  for (const sync of ['FULL', 'NORMAL'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-bench-sqlite-'));
    const storage = new SqliteStorage(join(dir, 'herald.db'), { synchronous: sync });
    await storage.migrate();
    const insert = (events: ReceivedEvent[]) => storage.events.insertEvents(DEFAULT_WORKSPACE_ID, events);
    await measure('sqlite', `insertEvents, synchronous=${sync}`, 500, 20_000, insert);
    await measure('sqlite', `insertEvents, synchronous=${sync}`, 2000, 20_000, insert);
    await measure('sqlite', `(d) 1 transaction per event, synchronous=${sync}`, 1, 3000, insert);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The alternative write path: COPY into a temp staging table, then the same de-dup insert. */
async function copyInsert(pool: pg.Pool, ws: number, events: ReceivedEvent[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS staging (id uuid, occurred timestamptz, event text, resource_id text, resource json,
      related json, payload json, received timestamptz, follows uuid, search_text text, n int) ON COMMIT DELETE ROWS`);
    await client.query(
      `CREATE TEMP TABLE IF NOT EXISTS staging_r (event_id uuid, pos smallint, resource_id text, role text) ON COMMIT DELETE ROWS`,
    );
    const esc = (s: string) => s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
    const lines: string[] = [];
    const rlines: string[] = [];
    events.forEach((e, i) => {
      lines.push(
        [
          e.id,
          e.occurred,
          e.event,
          e.resource['prefect.resource.id'],
          JSON.stringify(e.resource),
          JSON.stringify(e.related),
          JSON.stringify(e.payload),
          e.received,
          e.follows ?? '\\N',
          searchableText(e),
          String(i),
        ]
          .map((v) => (v === '\\N' ? v : esc(v)))
          .join('\t'),
      );
      for (const r of resourceRows(e)) rlines.push([e.id, String(r.pos), esc(r.resourceId), esc(r.role)].join('\t'));
    });
    await pipeline(Readable.from([lines.join('\n') + '\n']), client.query(copyFrom('COPY staging FROM STDIN')));
    await pipeline(Readable.from([rlines.join('\n') + '\n']), client.query(copyFrom('COPY staging_r FROM STDIN')));
    const { rowCount } = await client.query(
      `WITH ins AS (
         INSERT INTO events (ws, id, occurred, event, resource_id, resource, related, payload, received, follows, search_text)
         SELECT $1, id, occurred, event, resource_id, resource, related, payload, received, follows, search_text FROM staging ORDER BY n
         ON CONFLICT (ws, id) DO NOTHING RETURNING seq, id, occurred
       ), res AS (
         INSERT INTO event_resources (event_seq, pos, ws, resource_id, role, occurred)
         SELECT ins.seq, r.pos, $1, r.resource_id, r.role, ins.occurred FROM staging_r r JOIN ins ON ins.id = r.event_id
       ) SELECT id FROM ins`,
      [ws],
    );
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

async function benchPostgres() {
  const server = postgresServer();
  const fresh = async (): Promise<{ storage: PostgresStorage; drop(): Promise<void> }> => {
    const db = await freshDatabase(server.url);
    const storage = new PostgresStorage({ connectionString: db.url, poolSize: 8 });
    await storage.migrate();
    return {
      storage,
      async drop() {
        await storage.close();
        await db.drop();
      },
    };
  };
  try {
    const insertOf = (s: Storage) => (events: ReceivedEvent[]) => s.events.insertEvents(DEFAULT_WORKSPACE_ID, events);
    {
      const db = await fresh();
      await measure('postgres', 'insertEvents (unnest), with pg_trgm index', 500, 20_000, insertOf(db.storage));
      await measure('postgres', 'insertEvents (unnest), with pg_trgm index', 2000, 20_000, insertOf(db.storage));
      await measure('postgres', 'insertEvents (unnest), 4 concurrent writers', 500, 20_000, insertOf(db.storage), 4);
      await measure('postgres', '(d) 1 transaction per event, 8 writers', 1, 4000, insertOf(db.storage), 8);
      await db.drop();
    }
    {
      const db = await fresh();
      await db.storage.pool.query('DROP INDEX events_search_trgm');
      await measure('postgres', 'insertEvents (unnest), without pg_trgm index', 500, 20_000, insertOf(db.storage));
      await measure('postgres', 'insertEvents (unnest), without pg_trgm index', 2000, 20_000, insertOf(db.storage));
      await db.drop();
    }
    {
      const db = await fresh();
      await db.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, makeEvents(1)); // creates workspace key 1
      await measure('postgres', 'COPY → staging → INSERT (alternative)', 500, 20_000, (ev) => copyInsert(db.storage.pool, 1, ev));
      await measure('postgres', 'COPY → staging → INSERT (alternative)', 2000, 20_000, (ev) => copyInsert(db.storage.pool, 1, ev));
      await db.drop();
    }
  } finally {
    server.stop();
  }
}

// ---------------------------------------------------------------------------------------------

const sample = JSON.stringify(makeEvents(1)[0]);
console.log(`event size ≈ ${Buffer.byteLength(sample)} B as JSON`);
if (backendArg === 'all' || backendArg === 'sqlite') await benchSqlite();
if (backendArg === 'all' || backendArg === 'postgres') await benchPostgres();

const table = [
  '| backend | variant | batch | events/s | µs CPU/event (this process) |',
  '|---|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.backend} | ${r.variant} | ${r.batch} | ${Math.round(r.events / r.seconds).toLocaleString('en-US')} | ${r.cpuMicros.toFixed(1)} |`,
  ),
].join('\n');
const load = loadavg()[0].toFixed(1);
const section =
  `\n${header(`Storage write path (bench/storage.bench.ts --backend ${backendArg})`)}- event size: ${Buffer.byteLength(sample)} B as JSON\n` +
  `- load average at the end: ${load} (other processes share the cores: compare rows as ratios)\n\n${table}\n`;
recordResult(section);
console.log(section);
