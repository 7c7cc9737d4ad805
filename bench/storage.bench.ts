// Storage write-path benchmark (npx tsx bench/storage.bench.ts [--backend sqlite|postgres]).
//
//   (a) raw `insertEvents` throughput, batches of 500 and 2,000 (SQLite: synchronous FULL — the
//       default — and NORMAL; PostgreSQL: the unnest statement we ship, the same without the
//       pg_trgm index, and COPY into a staging table as the alternative we measured against)
//   (d) one transaction per event — Prefect's persistence pattern — as the baseline
//
// Events are realistic (~600 B as JSON): UUIDv7 id, 3 resource labels, 2 related resources, small
// payload. PostgreSQL: HERALD_BENCH_PG_URL, else a throw-away server from scripts/pg-temp.sh.
// Figures are printed and appended to bench/RESULTS.md. A run takes about 1–2 minutes.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { searchableText } from '../src/events/index.js';
import type { ReceivedEvent } from '../src/events/types.js';
import { PostgresStorage } from '../src/storage/postgres/storage.js';
import { resourceRows } from '../src/storage/rows.js';
import { SqliteStorage } from '../src/storage/sqlite/storage.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../src/storage/storage.js';
import { header } from './lib/machine.js';

const root = join(import.meta.dirname, '..');
const backendArg = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : 'all';

// ---------------------------------------------------------------------------------------------
// Events

let lastMs = 0;
let seq = 0;
function uuidv7(ms: number): string {
  if (ms === lastMs) seq++;
  else {
    lastMs = ms;
    seq = 0;
  }
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const STATES = ['COMPLETED', 'FAILED', 'RUNNING', 'PENDING', 'CANCELLED'];
let clockMs = Date.UTC(2026, 7, 21, 10, 0, 0);

function makeEvents(n: number): ReceivedEvent[] {
  const out: ReceivedEvent[] = [];
  for (let i = 0; i < n; i++) {
    clockMs += 1;
    const ms = clockMs;
    const ts = new Date(ms).toISOString().replace('Z', '000Z');
    const run = randomBytes(16).toString('hex');
    const state = STATES[i % STATES.length];
    const flow = i % 50;
    out.push({
      occurred: ts,
      event: `prefect.flow-run.${state[0]}${state.slice(1).toLowerCase()}`,
      resource: { 'prefect.resource.id': `prefect.flow-run.${run}`, 'prefect.resource.name': `crimson-otter-${i % 997}`, 'prefect.state-type': state },
      related: [
        { 'prefect.resource.id': `prefect.flow.${flow.toString().padStart(8, '0')}-0000-4000-8000-000000000000`, 'prefect.resource.role': 'flow', 'prefect.resource.name': `etl-${flow}` },
        { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
      ],
      payload: { intended: { from: 'RUNNING', to: state }, initial_state: { type: 'RUNNING', name: 'Running' }, validated_state: { type: state } },
      id: uuidv7(ms),
      follows: null,
      received: ts,
    });
  }
  return out;
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

async function measure(backend: string, variant: string, batch: number, total: number, write: (events: ReceivedEvent[]) => Promise<unknown>, concurrency = 1) {
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
    `${backend.padEnd(9)} ${variant.padEnd(48)} batch ${String(batch).padStart(5)}: ${Math.round(total / seconds).toLocaleString('en-US').padStart(8)} events/s` +
      `  ${cpuMicros.toFixed(1).padStart(6)} µs CPU/event  (${total} in ${seconds.toFixed(2)} s)`,
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
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS staging_r (event_id uuid, pos smallint, resource_id text, role text) ON COMMIT DELETE ROWS`);
    const esc = (s: string) => s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
    const lines: string[] = [];
    const rlines: string[] = [];
    events.forEach((e, i) => {
      lines.push([e.id, e.occurred, e.event, e.resource['prefect.resource.id'], JSON.stringify(e.resource), JSON.stringify(e.related), JSON.stringify(e.payload), e.received, e.follows ?? '\\N', searchableText(e), String(i)].map((v) => (v === '\\N' ? v : esc(v))).join('\t'));
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
  let url = process.env.HERALD_BENCH_PG_URL;
  let dir: string | undefined;
  if (!url) {
    dir = mkdtempSync(join(tmpdir(), 'herald-bench-pg-'));
    url = execFileSync('bash', [join(root, 'scripts', 'pg-temp.sh'), 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fresh = async (): Promise<{ storage: PostgresStorage; drop(): Promise<void> }> => {
    const name = 'herald_bench_' + randomBytes(4).toString('hex');
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url!);
    u.pathname = '/' + name;
    const storage = new PostgresStorage({ connectionString: u.toString(), poolSize: 8 });
    await storage.migrate();
    return {
      storage,
      async drop() {
        await storage.close();
        await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
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
    await admin.end();
    if (dir) {
      execFileSync('bash', [join(root, 'scripts', 'pg-temp.sh'), 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      rmSync(dir, { recursive: true, force: true });
    }
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
  ...rows.map((r) => `| ${r.backend} | ${r.variant} | ${r.batch} | ${Math.round(r.events / r.seconds).toLocaleString('en-US')} | ${r.cpuMicros.toFixed(1)} |`),
].join('\n');
const load = loadavg()[0].toFixed(1);
const section =
  `\n${header(`Storage write path (bench/storage.bench.ts --backend ${backendArg})`)}- event size: ${Buffer.byteLength(sample)} B as JSON\n` +
  `- load average at the end: ${load} (other processes share the cores: compare rows as ratios)\n\n${table}\n`;
const results = join(root, 'bench', 'RESULTS.md');
if (!existsSync(results)) writeFileSync(results, '# Benchmark results\n');
appendFileSync(results, section);
console.log(section);
