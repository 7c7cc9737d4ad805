// Where an absence firing's time goes when it is committed (issue #11 target 5: ≥ 30,000 firings/s
// when 100,000 deadlines expire together), on SQLite, in pieces of 2,000 as the engine commits them.
// Variants, alternated in one run:
//   in one commit  the design before: act() builds the firing record, the automation.triggered row
//                  and one action row (automation and event copied in), committed together
//   firing alone   what the engine commits now: the firing record, naming the automation version
//   expansion      what the action worker does afterwards per firing: read the unexpanded firings
//                  with their version, act(), write the rows and mark the firings
//   npx tsx bench/engine-commit.bench.ts [--firings 20000] [--no-record]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, firingDepth } from '../src/automations/engine/acting.js';
import type { Firing } from '../src/model/automation.js';
import type { FiringRecord, OutboxInsert } from '../src/storage/automation-store.js';
import { DEFAULT_WORKSPACE_ID } from '../src/storage/index.js';
import { SqliteStorage } from '../src/storage/sqlite/storage.js';
import { absenceAutomation } from './lib/automations.js';
import { argValue } from './lib/args.js';
import { header } from './lib/machine.js';
import { publishResult } from './lib/results.js';

const FIRINGS = Number(argValue('--firings') ?? 20_000);
const PIECE = 2000;
const NOW = '2026-12-07T12:00:00.000000Z';
type Variant = 'in one commit' | 'firing alone' | 'expansion';
const VARIANTS: Variant[] = ['in one commit', 'firing alone', 'expansion'];

const automation = absenceAutomation(NOW, 30);

function firing(n: number): Firing {
  const job = `job.${n}`;
  return {
    id: randomUUID(),
    trigger: automation.trigger,
    trigger_states: ['Triggered'],
    triggered: NOW,
    triggering_labels: { 'prefect.resource.id': job },
    triggering_firings: [],
    triggering_event: {
      id: randomUUID(),
      occurred: NOW,
      received: NOW,
      event: 'job.started',
      resource: { 'prefect.resource.id': job },
      related: [],
      payload: {},
      follows: null,
    },
    triggering_value: null,
  };
}

/** A firing as the engine commits it now (engine.ts #act): the record alone, naming the automation version. */
function engineRecord(f: Firing): FiringRecord {
  const { stopped } = firingDepth(f, 10);
  return {
    id: f.id,
    workspaceId: DEFAULT_WORKSPACE_ID,
    automationId: automation.id,
    firing: f,
    outcome: stopped ? 'loop-stopped' : 'acted',
    recorded: NOW,
    expanded: false,
    automationUpdated: automation.updated,
  };
}

const version = [{ workspaceId: DEFAULT_WORKSPACE_ID, automation }];

/** µs per firing spent building what is written and writing it, for one variant on a fresh database. */
async function measure(variant: Variant): Promise<{ build: number; write: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-commit-'));
  const storage = new SqliteStorage(join(dir, 'herald.db'));
  await storage.migrate();
  const { engine, outbox } = storage.automation;
  let buildMs = 0;
  let writeMs = 0;
  try {
    for (let start = 0; start < FIRINGS; start += PIECE) {
      const firings = Array.from({ length: PIECE }, (_, k) => firing(start + k));
      if (variant === 'expansion') {
        // Committed by the engine first (not timed), then expanded as the action worker does.
        await engine.commit({ cursor: start, versions: version, firings: firings.map(engineRecord) });
        const t0 = performance.now();
        const pending = await outbox.unexpanded(PIECE);
        const rows: OutboxInsert[] = [];
        for (const p of pending)
          rows.push(
            ...act({ workspaceId: p.record.workspaceId, automation: p.automation!, firing: p.record.firing, maxDepth: 10, now: NOW })
              .outbox,
          );
        const t1 = performance.now();
        await outbox.expand(
          pending.map((p) => p.record.id),
          rows,
        );
        buildMs += t1 - t0;
        writeMs += performance.now() - t1;
        continue;
      }
      const t0 = performance.now();
      const records: FiringRecord[] = [];
      const rows: OutboxInsert[] = [];
      for (const f of firings) {
        if (variant === 'firing alone') {
          records.push(engineRecord(f));
          continue;
        }
        const r = act({ workspaceId: DEFAULT_WORKSPACE_ID, automation, firing: f, maxDepth: 10, now: NOW });
        records.push(r.record);
        rows.push(...r.outbox);
      }
      const t1 = performance.now();
      await engine.commit({ cursor: start, versions: variant === 'firing alone' ? version : undefined, firings: records, outbox: rows });
      buildMs += t1 - t0;
      writeMs += performance.now() - t1;
    }
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { build: (buildMs * 1000) / FIRINGS, write: (writeMs * 1000) / FIRINGS };
}

const results = new Map<Variant, { build: number; write: number }[]>();
for (let round = 0; round < 3; round++) {
  for (const variant of VARIANTS) {
    const r = await measure(variant);
    results.set(variant, [...(results.get(variant) ?? []), r]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = VARIANTS.map((v) => {
  const rs = results.get(v)!;
  const a = median(rs.map((r) => r.build));
  const c = median(rs.map((r) => r.write));
  return `| ${v} | ${a.toFixed(1)} | ${c.toFixed(1)} | ${Math.round(1e6 / (a + c)).toLocaleString('en-US')} |`;
});
publishResult(
  [
    header('Engine commit of absence firings — sqlite (bench/engine-commit.bench.ts)'),
    `- ${FIRINGS.toLocaleString('en-US')} firings of one Proactive automation with one action, in pieces of ${PIECE}; median of 3 rounds, variants alternated`,
    '',
    '| variant | build µs/firing | write µs/firing | firings/s (build + write) |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
