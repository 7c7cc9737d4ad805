// One bus subscription per process, routed by workspace and filter ([compat S2.7] "distributor").
import { describe, expect, it } from 'vitest';
import type { BatchHandler, Bus } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { Distributor } from '../../src/stream/distributor.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { makeEvent } from './harness.js';

/** A MemoryBus that counts its live subscriptions. */
function countingBus(): { bus: Bus & MemoryBus; active: () => number } {
  const bus = new MemoryBus();
  let active = 0;
  const subscribe = bus.subscribe.bind(bus);
  bus.subscribe = (handler: BatchHandler) => {
    active++;
    const off = subscribe(handler);
    return () => {
      active--;
      off();
    };
  };
  return { bus, active: () => active };
}

const at = '2026-08-21T12:00:00.000000Z';

describe('Distributor', () => {
  it('takes one bus subscription for many subscribers and releases it with the last', () => {
    const { bus, active } = countingBus();
    const d = new Distributor(bus);
    const offs = [1, 2, 3].map(() => d.add({ workspaceId: 'w', matches: () => true, deliver: () => {} }));
    expect(active()).toBe(1);
    expect(d.size).toBe(3);
    offs[0]();
    offs[0](); // removing twice is harmless
    offs[1]();
    expect(active()).toBe(1);
    offs[2]();
    expect(active()).toBe(0);
    d.add({ workspaceId: 'w', matches: () => true, deliver: () => {} });
    expect(active()).toBe(1);
  });

  it('routes each batch to the subscribers of its workspace whose filter matches, in order', async () => {
    const { bus } = countingBus();
    const d = new Distributor(bus);
    const got: Record<string, string[]> = { a: [], b: [], other: [] };
    const record = (key: string) => (events: ReceivedEvent[]) => got[key].push(...events.map((e) => e.event));
    d.add({ workspaceId: 'w', matches: (e) => e.event.startsWith('a.'), deliver: record('a') });
    d.add({ workspaceId: 'w', matches: (e) => e.event.startsWith('b.'), deliver: record('b') });
    d.add({ workspaceId: 'x', matches: () => true, deliver: record('other') });
    const events = ['a.1', 'b.1', 'a.2', 'c.1'].map((event) => makeEvent({ occurred: at, event }));
    bus.publish({ workspaceId: 'w', events });
    await bus.flushed();
    expect(got).toEqual({ a: ['a.1', 'a.2'], b: ['b.1'], other: [] });
  });

  it('a throwing subscriber does not starve the others', async () => {
    const { bus } = countingBus();
    const d = new Distributor(bus);
    const got: string[] = [];
    d.add({
      workspaceId: 'w',
      matches: () => {
        throw new Error('boom');
      },
      deliver: () => {},
    });
    d.add({ workspaceId: 'w', matches: () => true, deliver: (events) => got.push(...events.map((e) => e.id)) });
    const e = makeEvent({ occurred: at });
    bus.publish({ workspaceId: 'w', events: [e] });
    await bus.flushed();
    expect(got).toEqual([e.id]);
  });
});
