// Quick throughput check of the ingest validator (not a test; run by hand):
//   npx tsx bench/validate.bench.ts
// Validates batches of ~600-byte events (already JSON-parsed, as ingest has them) on one core and
// prints events/s for validation alone and for JSON.parse + validation.

import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { DEFAULT_EVENT_LIMITS, validateEventBatch } from '../src/events/validate.js';

function sampleEvent(i: number): Record<string, unknown> {
  return {
    // Half canonical (as Prefect's SDK sends), half millisecond ISO strings (as JavaScript sends).
    occurred: new Date(Date.UTC(2026, 7, 21, 10, 0, 0, i % 1000)).toISOString().replace('Z', i % 2 ? '123Z' : 'Z'),
    event: 'prefect.flow-run.Completed',
    resource: {
      'prefect.resource.id': `prefect.flow-run.${randomUUID()}`,
      'prefect.resource.name': 'crimson-otter',
      'prefect.state-type': 'COMPLETED',
    },
    related: [
      { 'prefect.resource.id': `prefect.flow.${randomUUID()}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
      { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
    ],
    payload: { intended: { from: 'RUNNING', to: 'COMPLETED' }, validated_state: { type: 'COMPLETED', name: 'Completed' } },
    id: randomUUID(),
    follows: randomUUID(),
  };
}

const BATCH = 1000;
const ROUNDS = 200;
const events = Array.from({ length: BATCH }, (_, i) => sampleEvent(i));
const text = JSON.stringify(events);
console.log(
  `event size ≈ ${Math.round(Buffer.byteLength(text) / BATCH)} bytes; ${cpus()[0]?.model ?? 'unknown cpu'}; node ${process.version}`,
);

// CPU time as well as wall time: on a shared machine the wall-clock figure mostly measures the
// neighbours, the CPU-time figure measures the code.
function run(label: string, fn: () => void): void {
  for (let i = 0; i < 20; i++) fn(); // warm-up
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) fn();
  const c = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = (c.user + c.system) / 1e6;
  const rate = (secs: number) => Math.round((ROUNDS * BATCH) / secs).toLocaleString('en-US');
  console.log(`${label}: ${rate(cpu)} events per CPU-second (${rate(wall)} events/s wall clock)`);
}

run('validateEventBatch', () => {
  const r = validateEventBatch(events, DEFAULT_EVENT_LIMITS);
  if (!r.ok) throw new Error('unexpected issues');
});
run('JSON.parse + validateEventBatch', () => {
  const r = validateEventBatch(JSON.parse(text), DEFAULT_EVENT_LIMITS);
  if (!r.ok) throw new Error('unexpected issues');
});
