// countEventsUpTo, the first page's bounded `total` ([compat D10.34]): exact up to the bound, a flagged
// lower bound above it — on both backends ([arch I9]), for plain, distinct, label and text filters.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.js';
import type { EventStorageBackend, EventStore } from '../../src/storage/storage.js';
import { eventBackends, type HalfBackend } from './halves.js';
import { filter, makeEvent, workspace } from './fixtures.js';

/** `n` events over `resources` primary resources, one second apart; every third mentions "boom". */
function events(n: number, resources = n): ReceivedEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      occurred: new Date(Date.UTC(2026, 7, 21, 10, 0, i)).toISOString().replace('Z', '000Z'),
      resource: { 'prefect.resource.id': `res.${i % resources}`, 'prefect.resource.name': i % 2 === 0 ? 'even' : 'odd' },
      payload: { note: i % 3 === 0 ? 'boom' : 'calm' },
    }),
  );
}

describe.each(eventBackends)('Bounded count conformance: $name', (factory) => {
  let b: HalfBackend<EventStorageBackend>;
  let store: EventStore;
  let ws: string;
  beforeAll(async () => {
    b = await factory.create();
    store = b.storage.events;
    ws = workspace();
    await store.insertEvents(ws, events(30, 10));
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  it('is exact below and at the bound', async () => {
    expect(await store.countEventsUpTo(ws, filter(), 31)).toEqual({ count: 30, exact: true });
    expect(await store.countEventsUpTo(ws, filter(), 30)).toEqual({ count: 30, exact: true });
  });

  it('stops one past the bound and flags the count as a lower bound', async () => {
    expect(await store.countEventsUpTo(ws, filter(), 29)).toEqual({ count: 29, exact: false });
    expect(await store.countEventsUpTo(ws, filter(), 1)).toEqual({ count: 1, exact: false });
  });

  it('bounds label and text filters the same way', async () => {
    const even = filter({ resource: { labels: { 'prefect.resource.name': 'ev*' } } } as never);
    expect(await store.countEventsUpTo(ws, even, 15)).toEqual({ count: 15, exact: true });
    expect(await store.countEventsUpTo(ws, even, 14)).toEqual({ count: 14, exact: false });
    const boom = filter({ text: { query: 'boom' } });
    expect(await store.countEventsUpTo(ws, boom, 10)).toEqual({ count: 10, exact: true });
    expect(await store.countEventsUpTo(ws, boom, 9)).toEqual({ count: 9, exact: false });
  });

  it('counts distinct primary resources with `distinct`, bounded', async () => {
    const distinct = filter({ resource: { distinct: true } } as never);
    expect(await store.countEventsUpTo(ws, distinct, 10)).toEqual({ count: 10, exact: true });
    expect(await store.countEventsUpTo(ws, distinct, 9)).toEqual({ count: 9, exact: false });
  });

  it('agrees with countEvents whenever it is exact', async () => {
    for (const f of [filter(), filter({ text: { query: 'calm' } }), filter({ event: { prefix: ['nope.'] } } as never)]) {
      const exact = await store.countEvents(ws, f);
      expect(await store.countEventsUpTo(ws, f, 1000)).toEqual({ count: exact, exact: true });
    }
  });

  it('an unknown workspace counts zero, exactly', async () => {
    expect(await store.countEventsUpTo(workspace(), filter(), 5)).toEqual({ count: 0, exact: true });
  });
});
