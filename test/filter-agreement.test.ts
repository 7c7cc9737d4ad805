// [arch I6]: one filter language, two targets. For random events (small alphabets,
// so filters hit) and random EventFilters, the ids returned by SQL — on SQLite AND PostgreSQL —
// are exactly those for which src/events' in-memory `eventMatchesFilter` is true.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventMatchesFilter } from '../src/events/index.js';
import type { EventFilter, ReceivedEvent, ResourceSpecification } from '../src/events/types.js';
import { backends, type Backend } from './storage/backends.js';
import { workspace } from './storage/fixtures.js';
import { propertyRuns } from './helpers/property.js';

const TIMES = ['2026-08-21T10:00:00.000000Z', '2026-08-21T10:00:00.000001Z', '2026-08-21T10:00:01.000000Z', '2026-08-21T11:00:00.000000Z'];
const NAMES = ['a', 'a.b', 'a.c', 'ab', 'a_b', 'a%b', 'A.b', 'b', 'b.a*', 'é.ü'];
const RIDS = ['r.1', 'r.2', 'r_1', 'R.1', 'x%1', 's.[1]'];
const ROLES = ['flow', 'tag', 'Flow', 'x'];
const VALUES = ['prod', 'Prod', 'dev', 'a*b', 'a?b', 'ab', '[x]', '', 'ünï'];
const WORDS = ['disk', 'DISK', 'full', 'ok', 'db', 'x', 'a%', '_', '*', 'ünï', 'a b', '"q"', 'prod'];
const PATTERNS = [
  'prod',
  'Prod',
  '*rod',
  'p*',
  '?rod',
  '[pP]rod',
  '[!p]*',
  '!prod',
  '!*',
  '*',
  '',
  'a[*]b',
  'a?b',
  '[x]',
  '[[]x]',
  'd[a-f]v',
  'r.?',
  'r[._]1',
  '*.1',
  's.[[]1]',
  'ü*',
  '[!]',
];
const LABEL_KEYS = ['env', 'name', 'prefect.resource.id', 'prefect.resource.role'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const subList = <T>(xs: readonly T[], max = 3) => fc.array(pick(xs), { maxLength: max });

/** A record with at most `max` of the given keys (so that AND-ed criteria still let events through). */
function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(
  arbs: T,
  max: number,
): fc.Arbitrary<Partial<{ [K in keyof T]: T[K] extends fc.Arbitrary<infer V> ? V : never }>> {
  return fc.subarray(Object.keys(arbs), { maxLength: max }).chain((keys) => {
    const chosen: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of keys) chosen[k] = arbs[k];
    return fc.record(chosen) as fc.Arbitrary<never>;
  });
}

const labelsArb = fc.record({ env: pick(VALUES), name: pick(VALUES) }, { requiredKeys: [] });

const eventArb = fc.record({
  occurred: pick(TIMES),
  event: pick(NAMES),
  rid: pick(RIDS),
  labels: labelsArb,
  related: fc.array(fc.record({ id: pick(RIDS), role: pick(ROLES), labels: labelsArb }), { maxLength: 3 }),
  msg: pick(WORDS),
});

type RawEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toEvents(raw: RawEvent[]): ReceivedEvent[] {
  return raw.map((r, i) => ({
    occurred: r.occurred,
    event: r.event,
    resource: { 'prefect.resource.id': r.rid, ...r.labels },
    related: r.related.map((x) => ({ 'prefect.resource.id': x.id, 'prefect.resource.role': x.role, ...x.labels })),
    payload: { msg: r.msg },
    id: `0198c4b2-0000-7000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
    follows: null,
    received: '2026-08-21T12:00:00.000000Z',
  }));
}

const specArb: fc.Arbitrary<ResourceSpecification> = fc.dictionary(
  pick(LABEL_KEYS),
  fc.oneof(pick([...PATTERNS, ...ROLES]), fc.array(pick([...PATTERNS, ...ROLES]), { maxLength: 3 })),
  { maxKeys: 1 },
);

const relatedArb = someOf(
  {
    id: subList(RIDS),
    role: subList([...ROLES, '']),
    resources_in_roles: fc.array(fc.tuple(pick(RIDS), pick(ROLES)), { maxLength: 2 }),
    labels: specArb,
  },
  2,
);

const anyResourceArb = someOf({ id: subList(RIDS), id_prefix: subList(['r.', 'r', 'x%', 'R', 's.[', 'r_']), labels: specArb }, 2);

const textArb = fc
  .array(fc.tuple(pick(['', '', '-', '+', '!']), pick(WORDS), fc.boolean()), { minLength: 1, maxLength: 3 })
  .map((terms) => terms.map(([prefix, w, quote]) => prefix + (quote || w.includes(' ') ? `"${w.replace(/"/g, '\\"')}"` : w)).join(' '));

const WIDE = { since: TIMES[0], until: TIMES[TIMES.length - 1] };

const filterArb = (ids: string[]): fc.Arbitrary<EventFilter> =>
  fc
    .tuple(
      fc.record({
        occurred: fc.oneof(
          fc.constant(WIDE),
          fc.tuple(pick(TIMES), pick(TIMES)).map(([a, b]) => ({ since: a < b ? a : b, until: a < b ? b : a })),
        ),
        order: pick(['ASC', 'DESC'] as const),
      }),
      someOf(
        {
          event: someOf(
            {
              prefix: subList(['a', 'a.', 'a_', 'a%', 'b.a*', 'A', 'é']),
              exclude_prefix: subList(['a.', 'b', 'a%']),
              name: subList(NAMES),
              exclude_name: subList(NAMES),
            },
            2,
          ),
          resource: someOf({ id: subList(RIDS), id_prefix: subList(['r.', 'r', 'x%', 'R', 's.[', 'r_']), labels: specArb }, 2),
          related: fc.oneof(relatedArb, fc.array(relatedArb, { maxLength: 2 })),
          any_resource: fc.oneof(anyResourceArb, fc.array(anyResourceArb, { maxLength: 2 })),
          id: fc.record({
            id: fc.array(
              fc.oneof(
                pick(ids.length ? ids : ['x']),
                pick(ids.length ? ids : ['x']).map((s) => s.toUpperCase()),
              ),
              { maxLength: 3 },
            ),
          }),
          text: textArb.map((query) => ({ query })),
        },
        2,
      ),
    )
    .map(([base, rest]) => ({ ...base, ...rest }) as EventFilter);

/** Events in the filter's order: (occurred, id), both ascending or both descending. */
function inOrder(events: ReceivedEvent[], order: 'ASC' | 'DESC'): ReceivedEvent[] {
  const sorted = [...events].sort((x, y) => (x.occurred === y.occurred ? (x.id < y.id ? -1 : 1) : x.occurred < y.occurred ? -1 : 1));
  return order === 'DESC' ? sorted.reverse() : sorted;
}

/** The expected distinct page: the first matching event per primary resource, in the filter's order. */
function expectDistinct(matching: ReceivedEvent[], order: 'ASC' | 'DESC'): string[] {
  const sorted = inOrder(matching, order);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of sorted) {
    if (seen.has(e.resource['prefect.resource.id'])) continue;
    seen.add(e.resource['prefect.resource.id']);
    out.push(e.id);
  }
  return out;
}

describe.each(backends)('filter agreement, SQL vs eventMatchesFilter: $name', (factory) => {
  let b: Backend;
  beforeAll(async () => {
    b = await factory.create();
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  it('returns exactly the events the in-memory predicate accepts', async () => {
    const hits: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 14 }).chain((raw) => {
          const events = toEvents(raw);
          return fc.tuple(fc.constant(events), fc.array(filterArb(events.map((e) => e.id)), { minLength: 1, maxLength: 8 }));
        }),
        async ([events, filters]) => {
          const ws = workspace();
          await b.storage.events.insertEvents(ws, events);
          for (const f of filters) {
            const matching = events.filter((e) => eventMatchesFilter(f, e));
            hits.push(matching.length);
            const got = await b.storage.events.queryEvents(ws, { filter: f, limit: 1000 });
            expect({ filter: f, ids: got.map((e) => e.id).sort() }).toEqual({ filter: f, ids: matching.map((e) => e.id).sort() });
            expect(got.map((e) => e.id)).toEqual(inOrder(matching, f.order).map((e) => e.id)); // (occurred, id) order
            expect(await b.storage.events.countEvents(ws, f)).toBe(matching.length);
            const distinct = { ...f, resource: { ...(f.resource ?? {}), distinct: true } };
            const gotDistinct = await b.storage.events.queryEvents(ws, { filter: distinct, limit: 1000 });
            expect(gotDistinct.map((e) => e.id)).toEqual(expectDistinct(matching, f.order));
          }
        },
      ),
      propertyRuns(150),
    );
    // The generators must make filters hit: a suite where every filter matches nothing proves little.
    expect(hits.filter((n) => n > 0).length).toBeGreaterThan(hits.length / 5);
  });
});
