// Trigger engine throughput (issue #5): evaluations per second (event × candidate trigger) with
// 1,000 automations and 10,000 `for_each` keys, through the real engine — reading committed events
// back from storage, evaluating, committing state, firings and outbox rows — compared in the same
// run with Prefect's pattern, one transaction per (event × covering trigger) ([compat D10.24]).
// Targets: ≥ 200,000 evaluations/s; ≥ 10× the baseline.
//   npx tsx bench/automations-engine.bench.ts [--backend sqlite|postgres] [--events 100000]
//     [--batch N (triggerBatchSize, default the setting's)] [--baseline-events 1000] [--no-record]
import Database from 'better-sqlite3';
import pg from 'pg';
import { join } from 'node:path';
import pino from 'pino';
import { TriggerEngine } from '../src/automations/engine/engine.js';
import type { Automation } from '../src/model/automation.js';
import { systemClock } from '../src/clock.js';
import { loadSettings } from '../src/config.js';
import { compileResourceSpec, findResourceLabel, globMatch } from '../src/events/index.js';
import type { ReceivedEvent } from '../src/events/types.js';
import { DEFAULT_WORKSPACE_ID, openStorage, type Storage } from '../src/storage/index.js';
import { argValue, backendArg } from './lib/args.js';
import { benchAutomation } from './lib/automations.js';
import { timestamp, uuidv7 } from './lib/events.js';
import { header } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { publishResult } from './lib/results.js';
import { freshTarget } from './lib/target.js';

const AUTOMATIONS = 1000;
const SERVICES = 100; // resource patterns svc.<j>.*
const KINDS = 10; // event names bench.kind<k>
const KEYS_PER_SERVICE = 100; // 100 × 100 = 10,000 for_each keys
const backend = backendArg();
const eventCount = Number(argValue('--events') ?? 100_000);
const baselineEvents = Math.min(eventCount, Number(argValue('--baseline-events') ?? 1000));

/** Automation i watches service i mod 100 for event kind i mod 10, per resource (for_each). */
function automation(i: number): Automation {
  return benchAutomation(`bench ${i}`, timestamp(Date.now()), {
    match: { 'prefect.resource.id': `svc.${i % SERVICES}.*` },
    after: [],
    expect: [`bench.kind${i % KINDS}`],
    for_each: ['prefect.resource.id'],
    posture: 'Reactive',
    threshold: 50,
    within: 3600,
  });
}

/** Event n: service j, a kind that j's automations expect (so 10 of its 100 candidates cover it). */
function event(n: number, startMs: number): ReceivedEvent {
  const j = n % SERVICES;
  const key = Math.floor(n / SERVICES) % KEYS_PER_SERVICE;
  const at = timestamp(startMs + Math.floor(n / 10));
  return {
    id: uuidv7(),
    occurred: at,
    received: at,
    event: `bench.kind${j % KINDS}`,
    resource: { 'prefect.resource.id': `svc.${j}.${key}`, 'prefect.resource.name': `service ${j} instance ${key}` },
    related: [{ 'prefect.resource.id': 'prefect.tag.bench', 'prefect.resource.role': 'tag' }],
    payload: { n },
    follows: null,
  };
}

async function herald(storage: Storage, automations: Automation[], events: ReceivedEvent[]) {
  const batch = argValue('--batch');
  const settings = loadSettings(batch ? { triggerBatchSize: Number(batch) } : {}, {});
  const make = () => new TriggerEngine({ storage, clock: systemClock, logger: pino({ level: 'warn' }), settings });
  for (const a of automations) await storage.automation.automations.create(DEFAULT_WORKSPACE_ID, a, { deploymentIds: [] });
  const first = make();
  await first.start(); // commits cursor = 0 on the empty store
  await first.stop();
  for (let i = 0; i < events.length; i += 5000) await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, events.slice(i, i + 5000));
  const engine = make();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await engine.start();
  await engine.settle();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await engine.stop();
  const firings = (await storage.automation.engine.listFirings(DEFAULT_WORKSPACE_ID, automations[0].id, 100000)).length;
  return { seconds, evaluations: engine.evaluations, cpuSeconds: (cpu.user + cpu.system) / 1e6, firingsOfFirst: firings };
}

/**
 * Prefect's shape: candidates by name, then for each covering trigger one transaction that upserts
 * the bucket and reads it back. Same events, same triggers, same durability (SQLite FULL / PG).
 */
async function baseline(
  target: { settings: { dataDir?: string; databaseUrl?: string } },
  automations: Automation[],
  events: ReceivedEvent[],
) {
  const triggers = automations.map((a) => {
    const t = a.trigger as Extract<Automation['trigger'], { type: 'event' }>;
    return { id: t.id, expect: t.expect, match: compileResourceSpec(t.match), forEach: t.for_each };
  });
  let evaluations = 0;
  const sql = {
    create:
      'CREATE TABLE IF NOT EXISTS baseline_bucket (trigger_id text, key text, count integer, last_event text, PRIMARY KEY (trigger_id, key))',
    upsert:
      'INSERT INTO baseline_bucket VALUES ($1, $2, 1, $3) ON CONFLICT (trigger_id, key) DO UPDATE SET count = baseline_bucket.count + 1, last_event = excluded.last_event',
    read: 'SELECT count FROM baseline_bucket WHERE trigger_id = $1 AND key = $2',
  };
  let run: (fn: (q: (s: string, p: unknown[]) => Promise<unknown>) => Promise<void>) => Promise<void>;
  let close: () => Promise<void>;
  if (backend === 'sqlite') {
    const db = new Database(join(target.settings.dataDir!, 'baseline.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(sql.create);
    const stmts = new Map<string, Database.Statement>();
    const q = async (s: string, p: unknown[]) => {
      const text = s.replace(/\$\d/g, '?');
      let st = stmts.get(text);
      if (!st) stmts.set(text, (st = db.prepare(text)));
      return st.reader ? st.get(...p) : st.run(...p);
    };
    run = async (fn) => {
      db.exec('BEGIN IMMEDIATE');
      await fn(q);
      db.exec('COMMIT');
    };
    close = async () => {
      db.close();
    };
  } else {
    const pool = new pg.Pool({ connectionString: target.settings.databaseUrl, max: 1 });
    await pool.query(sql.create);
    const client = await pool.connect();
    run = async (fn) => {
      await client.query('BEGIN');
      await fn((s, p) => client.query(s, p));
      await client.query('COMMIT');
    };
    close = async () => {
      client.release();
      await pool.end();
    };
  }
  const t0 = performance.now();
  for (const e of events) {
    for (const t of triggers) {
      if (!t.expect.some((p) => globMatch(p, e.event))) continue;
      evaluations++;
      if (!t.match(e.resource)) continue;
      const key = JSON.stringify(t.forEach.map((l) => findResourceLabel(e, l) ?? ''));
      await run(async (q) => {
        await q(sql.upsert, [t.id, key, JSON.stringify(e)]);
        await q(sql.read, [t.id, key]);
      });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await close();
  return { seconds, evaluations };
}

const pgServer = backend === 'postgres' ? postgresServer() : undefined;
try {
  const startMs = Date.now() - 3_600_000;
  const automations = Array.from({ length: AUTOMATIONS }, (_, i) => automation(i));
  const events = Array.from({ length: eventCount }, (_, n) => event(n, startMs));

  const target = await freshTarget(backend, pgServer?.url ?? '', 'engine');
  const storage = await openStorage({ ...loadSettings({}, {}), ...target.settings });
  await storage.migrate();
  const h = await herald(storage, automations, events);
  await storage.close();
  const base = await baseline(target, automations, events.slice(0, baselineEvents));
  await target.drop();

  const heraldRate = h.evaluations / h.seconds;
  const baseRate = base.evaluations / base.seconds;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const batchNote = argValue('--batch') ? ` --batch ${argValue('--batch')}` : '';
  publishResult(`${header(`Trigger engine (bench/automations-engine.bench.ts --backend ${backend}${batchNote})`)}
- workload: ${AUTOMATIONS} automations (Reactive, threshold 50, within 1 h, for_each resource id), ${SERVICES * KEYS_PER_SERVICE} keys; each event is a candidate for ${AUTOMATIONS / KINDS} triggers (by name) and covered by ${AUTOMATIONS / SERVICES} of them
- Herald engine: ${fmt(eventCount)} events in ${h.seconds.toFixed(2)} s → **${fmt(heraldRate)} evaluations/s** (${fmt(eventCount / h.seconds)} events/s; ${h.cpuSeconds.toFixed(2)} CPU-s), reading events back from storage and committing state, firings and outbox per page
- baseline, one transaction per event × covering trigger (Prefect [compat D10.24]): ${fmt(baselineEvents)} events in ${base.seconds.toFixed(2)} s → ${fmt(baseRate)} evaluations/s
- ratio: **${(heraldRate / baseRate).toFixed(1)}×** (target ≥ 10×; engine target ≥ 200,000 evaluations/s)
`);
} finally {
  pgServer?.stop();
}
