// Absence detection at scale (issue #5): 100,000 pending per-key deadlines (a Proactive trigger,
// for_each resource id, "job.started not followed by job.done within 30 s") held in the engine's
// timer heap; most jobs finish in time, `--fire-percent` of them (default 1) never do. We measure
// how late each firing happens after its deadline (wall clock). Target: lateness p99 ≤ 1 s.
// `--fire-percent 100` makes every deadline fire: then firing throughput is what is measured;
// `--together` gives every job the same start time, so all deadlines expire at the same instant
// (issue #11 target: ≥ 30,000 absence firings/s when 100,000 expire together).
//   npx tsx bench/automations-absence.bench.ts [--backend sqlite|postgres] [--keys 100000] [--fire-percent 1] [--together] [--no-record]
import { loadavg } from 'node:os';
import pino from 'pino';
import { TriggerEngine } from '../src/automations/engine/engine.js';
import { systemClock } from '../src/clock.js';
import { loadSettings } from '../src/config.js';
import { timestampToMicros } from '../src/events/index.js';
import type { ReceivedEvent } from '../src/events/types.js';
import { DEFAULT_WORKSPACE_ID as WS, openStorage } from '../src/storage/index.js';
import { absenceAutomation } from './lib/automations.js';
import { argValue, backendArg } from './lib/args.js';
import { timestamp, uuidv7 } from './lib/events.js';
import { header, percentile } from './lib/machine.js';
import { postgresServer } from './lib/postgres.js';
import { publishResult } from './lib/results.js';
import { freshTarget } from './lib/target.js';

const backend = backendArg();
const keys = Number(argValue('--keys') ?? 100_000);
const WITHIN_S = 30;
const firePercent = Number(argValue('--fire-percent') ?? 1);
/** Job j never finishes when it falls in the first `firePercent` of every hundred. */
const neverFinishes = (j: number) => j % 100 < firePercent;
const together = process.argv.includes('--together');

const pgServer = backend === 'postgres' ? postgresServer() : undefined;
try {
  const target = await freshTarget(backend, pgServer?.url ?? '', 'absence');
  const settings = { ...loadSettings({}, {}), ...target.settings };
  const storage = await openStorage(settings);
  await storage.migrate();
  const now = timestamp(Date.now());
  const automation = absenceAutomation(now, WITHIN_S);
  await storage.automation.automations.create(WS, automation, { deploymentIds: [] });
  // Firings are counted as their commits return (wall clock), not by polling the firings table:
  // listing 100,000 firings every second loaded the database being measured.
  const store = storage.automation.engine;
  const commit = store.commit.bind(store);
  let fired = 0;
  let lastFiredMs = 0;
  store.commit = async (c) => {
    await commit(c);
    if (c.firings?.length) {
      fired += c.firings.length;
      lastFiredMs = Date.now();
    }
  };
  const engine = new TriggerEngine({ storage, clock: systemClock, logger: pino({ level: 'warn' }), settings });
  await engine.start();

  // 100,000 jobs start as fast as they can be stored (occurred = when sent, as a producer would),
  // so their deadlines are spread the same way, 30 s later.
  const t0 = Date.now();
  for (let i = 0; i < keys; i += 2000) {
    const batch: ReceivedEvent[] = [];
    for (let j = i; j < Math.min(keys, i + 2000); j++) {
      const at = timestamp(together ? t0 : Date.now());
      batch.push({
        id: uuidv7(),
        occurred: at,
        received: at,
        event: 'job.started',
        resource: { 'prefect.resource.id': `job.${j}` },
        related: [],
        payload: {},
        follows: null,
      });
    }
    await storage.events.insertEvents(WS, batch);
    await engine.settle();
  }
  const pending = engine.state(WS, automation.id)!.triggers[0].windows.length;
  // Most jobs finish a few seconds after they started (well before their deadline).
  for (let i = 0; i < keys; i += 2000) {
    const batch: ReceivedEvent[] = [];
    for (let j = i; j < Math.min(keys, i + 2000); j++) {
      if (neverFinishes(j)) continue;
      const at = timestamp(Date.now());
      batch.push({
        id: uuidv7(),
        occurred: at,
        received: at,
        event: 'job.done',
        resource: { 'prefect.resource.id': `job.${j}` },
        related: [],
        payload: {},
        follows: null,
      });
    }
    await storage.events.insertEvents(WS, batch);
    await engine.settle();
  }
  const loaded = (Date.now() - t0) / 1000;
  let expected = 0;
  for (let j = 0; j < keys; j++) if (neverFinishes(j)) expected++;
  const deadline = Date.now() + (WITHIN_S + 60) * 1000;
  while (fired < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await engine.stop();
  const records = await storage.automation.engine.listFirings(WS, automation.id, keys + 1);
  const lateness = records.map((r) => (timestampToMicros(r.recorded) - timestampToMicros(r.firing.triggered)) / 1000);
  // From the first firing's evaluation (`recorded`) to the commit of the last one: acting and
  // committing. The wait before it (the engine's processing lag, which delays Proactive deadlines
  // by design, [compat S4.6]) is in the lateness line below.
  const firstActedMs = Math.min(...records.map((r) => timestampToMicros(r.recorded) / 1000));
  const firingSeconds = (lastFiredMs - firstActedMs) / 1000;
  await storage.close();
  await target.drop();

  const ms = (n: number) => `${Math.round(n)} ms`;
  publishResult(`${header(`Absence deadlines (bench/automations-absence.bench.ts --backend ${backend})`)}
- ${keys.toLocaleString('en-US')} jobs started (stored as fast as possible, occurred = send time): ${pending.toLocaleString('en-US')} windows (deadlines) pending at once, deadline ${WITHIN_S} s after each start; ${firePercent}% never finish, the rest send job.done right after; all stored and evaluated in ${loaded.toFixed(1)} s
- firings: ${records.length.toLocaleString('en-US')} (expected ${expected.toLocaleString('en-US')})
- firing throughput: ${records.length.toLocaleString('en-US')} firings committed ${firingSeconds.toFixed(2)} s after the first was evaluated → **${Math.round(records.length / firingSeconds).toLocaleString('en-US')} firings/s**${together ? ' (all deadlines at the same instant, --together)' : ''}; uptime load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}
- lateness (firing evaluated − deadline): p50 ${ms(percentile(lateness, 50))}, **p99 ${ms(percentile(lateness, 99))}**, max ${ms(Math.max(...lateness))} (target p99 ≤ 1 s)
`);
} finally {
  pgServer?.stop();
}
