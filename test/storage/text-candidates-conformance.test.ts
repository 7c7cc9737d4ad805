// Text search takes its candidates from the trigram index and tests them exactly ([compat D10.27],
// docs/storage.md "Text search"): events holding every trigram of a term but not the term itself
// must not match, and terms with quotes or GLOB characters are looked up literally — on both
// backends ([arch I9]), for pages and counts alike.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTextQuery, searchableText, textMatches } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import type { EventStorageBackend, EventStore } from '../../src/storage/storage.js';
import { eventBackends, type HalfBackend } from './halves.js';
import { filter, makeEvent, workspace } from './fixtures.js';

const NOTES = [
  'abcd zbcdy', // every trigram of "abcdy" (abc, bcd, cdy), never the term
  'xx abcdy xx', // the term
  'say "hi" there', // a term with quotes
  'a*b?[c] literal', // GLOB characters are literal
];

describe.each(eventBackends)('Text candidates conformance: $name', (factory) => {
  let b: HalfBackend<EventStorageBackend>;
  let store: EventStore;
  let ws: string;
  const ids: string[] = [];
  let events: ReceivedEvent[] = [];
  beforeAll(async () => {
    b = await factory.create();
    store = b.storage.events;
    ws = workspace();
    // In a label, not the payload: the payload is searched as JSON text, where `"` reads `\"`.
    events = NOTES.map((note) => makeEvent({ resource: { 'prefect.resource.id': 'r.1', note } }));
    ids.push(...events.map((e) => e.id));
    await store.insertEvents(ws, events);
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  async function matches(query: string): Promise<number[]> {
    const found = await store.queryEvents(ws, { filter: filter({ text: { query } }), limit: 50 });
    const count = await store.countEventsUpTo(ws, filter({ text: { query } }), 100);
    expect(count).toEqual({ count: found.length, exact: true });
    const got = found.map((e) => ids.indexOf(e.id)).sort();
    // The one meaning of a text query ([arch I6]): what the in-memory predicate accepts.
    const q = parseTextQuery(query);
    expect(got).toEqual(events.flatMap((e, i) => (textMatches(q, searchableText(e)) ? [i] : [])));
    return got;
  }

  it('all trigrams present is not enough: the term itself must be', async () => {
    expect(await matches('abcdy')).toEqual([1]);
    expect(await matches('+abcdy')).toEqual([1]);
    expect(await matches('bcd -abcdy')).toEqual([0]);
  });

  it('a count driven from the candidates still tests each of them exactly', async () => {
    // A window far larger than the term's candidates makes SQLite count from the candidates
    // (sql/plan.ts TEXT_DRIVE_RATIO); its false positive (every trigram, not the term) must not count.
    const busy = workspace();
    const fillers = Array.from({ length: 200 }, (_, i) => makeEvent({ resource: { 'prefect.resource.id': `r.${i}`, note: 'quiet' } }));
    await store.insertEvents(busy, [
      ...fillers,
      ...NOTES.slice(0, 2).map((note) => makeEvent({ resource: { 'prefect.resource.id': 'r.x', note } })),
    ]);
    // SQLite: index them now, as the indexer behind the write would a moment later (unindexed events are all candidates).
    (b.storage as { deferredIndexes?: { catchUp(): number } }).deferredIndexes?.catchUp();
    for (const query of ['abcdy', '+abcdy'])
      expect(await store.countEventsUpTo(busy, filter({ text: { query } }), 100)).toEqual({ count: 1, exact: true });
    expect(await store.countEvents(busy, filter({ text: { query: 'abcdy' } }))).toBe(1);
  });

  it('quotes and GLOB characters inside a term are literal', async () => {
    expect(await matches('say"hi"')).toEqual([2]);
    expect(await matches('"say \\"hi\\""')).toEqual([2]);
    expect(await matches('"y \\"h"')).toEqual([2]);
    expect(await matches('"hi" there')).toEqual([2]);
    expect(await matches('b?[c]')).toEqual([3]);
    expect(await matches('a*b')).toEqual([3]);
  });
});
