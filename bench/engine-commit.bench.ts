// Where an absence firing's time goes when it is committed (issue #11 target 5: ≥ 30,000 firings/s
// when 100,000 deadlines expire together). `act()` builds a firing's record and outbox rows exactly
// as the engine does; then the engine-state store commits them in pieces of 2,000, as the engine
// does, on SQLite. Variants, alternated in one run, split the commit's cost:
//   today          the firing record + the automation.triggered row + one action row (full bodies)
//   ref bodies     the same rows with bodies cut to a reference (what an outbox that points at the
//                  firing record and an automation snapshot would write)
//   firings only   the firing records alone (no outbox rows)
//   outbox only    the outbox rows alone (full bodies)
//   npx tsx bench/engine-commit.bench.ts [--firings 20000] [--no-record]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act } from '../src/automations/engine/acting.js';
import type { Automation, Firing } from '../src/model/automation.js';
import type { FiringRecord, OutboxInsert } from '../src/storage/automation-store.js';
import { DEFAULT_WORKSPACE_ID } from '../src/storage/index.js';
import { SqliteStorage } from '../src/storage/sqlite/storage.js';
import { argValue } from './lib/args.js';
import { header } from './lib/machine.js';
import { publishResult } from './lib/results.js';

const FIRINGS = Number(argValue('--firings') ?? 20_000);
const PIECE = 2000;
const NOW = '2026-12-07T12:00:00.000000Z';
type Variant = 'today' | 'ref bodies' | 'firings only' | 'outbox only';
const VARIANTS: Variant[] = ['today', 'ref bodies', 'firings only', 'outbox only'];

const automation: Automation = {
  id: randomUUID(),
  created: NOW,
  updated: NOW,
  name: 'jobs that never finish',
  description: '',
  enabled: true,
  tags: [],
  trigger: {
    type: 'event',
    id: randomUUID(),
    match: {},
    match_related: {},
    after: ['job.started'],
    expect: ['job.done'],
    for_each: ['prefect.resource.id'],
    posture: 'Proactive',
    threshold: 1,
    within: 30,
  },
  actions: [{ type: 'do-nothing' }],
  actions_on_trigger: [],
  actions_on_resolve: [],
};

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

/** µs per firing spent in act() and in the commit, for one variant on a fresh database. */
async function measure(variant: Variant): Promise<{ act: number; commit: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-commit-'));
  const storage = new SqliteStorage(join(dir, 'herald.db'));
  await storage.migrate();
  let actMs = 0;
  let commitMs = 0;
  try {
    for (let start = 0; start < FIRINGS; start += PIECE) {
      const t0 = performance.now();
      const firings: FiringRecord[] = [];
      const outbox: OutboxInsert[] = [];
      for (let n = start; n < start + PIECE; n++) {
        const r = act({ workspaceId: DEFAULT_WORKSPACE_ID, automation, firing: firing(n), maxDepth: 10, now: NOW });
        if (variant !== 'outbox only') firings.push(r.record);
        if (variant === 'firings only') continue;
        for (const row of r.outbox)
          outbox.push(variant === 'ref bodies' ? { ...row, body: { firing: row.firingId, action: row.actionIndex } } : row);
      }
      const t1 = performance.now();
      await storage.automation.engine.commit({ cursor: start, firings, outbox });
      actMs += t1 - t0;
      commitMs += performance.now() - t1;
    }
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { act: (actMs * 1000) / FIRINGS, commit: (commitMs * 1000) / FIRINGS };
}

const results = new Map<Variant, { act: number; commit: number }[]>();
for (let round = 0; round < 3; round++) {
  for (const variant of VARIANTS) {
    const r = await measure(variant);
    results.set(variant, [...(results.get(variant) ?? []), r]);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = VARIANTS.map((v) => {
  const rs = results.get(v)!;
  const a = median(rs.map((r) => r.act));
  const c = median(rs.map((r) => r.commit));
  return `| ${v} | ${a.toFixed(1)} | ${c.toFixed(1)} | ${Math.round(1e6 / (a + c)).toLocaleString('en-US')} |`;
});
publishResult(
  [
    header('Engine commit of absence firings — sqlite (bench/engine-commit.bench.ts)'),
    `- ${FIRINGS.toLocaleString('en-US')} firings of one Proactive automation with one action, committed in pieces of ${PIECE}; median of 3 rounds, variants alternated`,
    '',
    '| variant | act() µs/firing | commit µs/firing | firings/s (act + commit) |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
