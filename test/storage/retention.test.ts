// RetentionJob against both real backends, driven by a FakeClock (no sleeps).

import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { timestampFromMillis } from '../../src/events/index.js';
import { RetentionJob, type RetentionSettings } from '../../src/storage/retention.js';
import { backends, type Backend } from './backends.js';
import { filter, makeEvent, workspace } from './fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 7, 21, 12, 0, 0);
const silent = { info: () => undefined, error: () => undefined };

function settings(over: Partial<RetentionSettings> = {}): RetentionSettings {
  return {
    retentionPeriod: 7 * DAY,
    retentionOverrides: { heartbeat: 1 * 86_400, slow: 30 * 86_400 },
    retentionInterval: 3_600_000,
    retentionBatchSize: 3,
    ...over,
  };
}

describe.each(backends)('RetentionJob: $name', (factory) => {
  let b: Backend | undefined;
  afterEach(async () => {
    await b?.cleanup();
    b = undefined;
  });

  async function seed() {
    b = await factory.create();
    const ws = workspace();
    const ago = (days: number) => timestampFromMillis(NOW - days * DAY - 1);
    const events = [
      ...Array.from({ length: 4 }, () => makeEvent({ event: 'heartbeat', occurred: ago(2) })), // override 1 d → gone
      makeEvent({ event: 'heartbeat', occurred: ago(0) }), // young → kept
      ...Array.from({ length: 5 }, () => makeEvent({ event: 'other', occurred: ago(8) })), // global 7 d → gone
      makeEvent({ event: 'other', occurred: ago(5) }), // kept
      makeEvent({ event: 'slow', occurred: ago(8) }), // override 30 d capped by 7 d → gone
      makeEvent({ event: 'slow', occurred: ago(5) }), // kept
    ];
    await b.storage.events.insertEvents(ws, events);
    return { ws, storage: b.storage };
  }

  it('runOnce applies overrides (capped by the global period), then the global rule, in batches', async () => {
    const { ws, storage } = await seed();
    const calls: number[] = [];
    const counting = {
      events: new Proxy(storage.events, {
        get(target, prop, receiver) {
          if (prop === 'deleteEvents') {
            return async (...args: Parameters<typeof target.deleteEvents>) => {
              const n = await target.deleteEvents(...args);
              calls.push(n);
              return n;
            };
          }
          return Reflect.get(target, prop, receiver);
        },
      }),
      automation: storage.automation,
    };
    const job = new RetentionJob({ storage: counting, clock: new FakeClock(NOW), settings: settings(), logger: silent });
    expect(await job.runOnce()).toEqual({ deleted: 10 });
    expect(Math.max(...calls)).toBeLessThanOrEqual(3); // never more than a batch per transaction
    const left = await storage.events.queryEvents(ws, {
      filter: filter({ occurred: { since: '2026-01-01T00:00:00.000000Z', until: '2027-01-01T00:00:00.000000Z' } }),
      limit: 50,
    });
    expect(left.map((e) => e.event).sort()).toEqual(['heartbeat', 'other', 'slow']);
    expect(await job.runOnce()).toEqual({ deleted: 0 });
  });

  it('start() runs on the injected clock and repeats every interval; stop() cancels', async () => {
    const { ws, storage } = await seed();
    const all = filter({ occurred: { since: '2026-01-01T00:00:00.000000Z', until: '2027-01-01T00:00:00.000000Z' } });
    const clock = new FakeClock(NOW);
    const job = new RetentionJob({ storage, clock, settings: settings(), logger: silent });
    job.start();
    expect(clock.pendingTimers).toBe(1);
    expect(await storage.events.countEvents(ws, all)).toBe(13); // nothing runs until the clock turns
    clock.advance(0);
    await job.idle();
    expect(await storage.events.countEvents(ws, all)).toBe(3);
    expect(clock.pendingTimers).toBe(1); // next pass scheduled an interval later
    // the pass an hour later still keeps the young heartbeat (1-day override) …
    clock.advance(3_600_000);
    await job.idle();
    expect(await storage.events.countEvents(ws, all)).toBe(3);
    // … a pass more than a day later deletes it (passes are async, so the clock is advanced per pass)
    clock.set(NOW + DAY);
    await job.idle();
    clock.advance(3_600_000);
    await job.idle();
    expect(await storage.events.countEvents(ws, all)).toBe(2);
    await job.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
