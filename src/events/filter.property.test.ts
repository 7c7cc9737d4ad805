// Property: the filter predicate's label-spec handling agrees with a brute-force oracle written
// straight from [compat S1.4] / [compat S2.5], using regular expressions built from the generator's own tokens
// (independent of parseGlob).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceSpecMatches } from './labels.js';
import { eventMatchesFilter } from './filter.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from './time.js';
import type { Event, EventFilter, Resource } from './types.js';
import { propertyRuns } from '../../test/helpers/property.js';

const ID = 'prefect.resource.id';
const ROLE = 'prefect.resource.role';

/** Glob tokens and their regex meaning. */
const TOKENS: [string, string][] = [
  ['a', 'a'],
  ['b', 'b'],
  ['.', '\\.'],
  ['*', '[\\s\\S]*'],
  ['?', '[\\s\\S]'],
  ['[ab]', '[ab]'],
  ['[!a]', '[^a]'],
  ['[a-b]', '[a-b]'],
];

interface Pattern {
  text: string;
  regex: RegExp;
  negated: boolean;
}

const patternArb: fc.Arbitrary<Pattern> = fc
  .record({ negated: fc.boolean(), tokens: fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }) })
  .map(({ negated, tokens }) => ({
    negated,
    text: (negated ? '!' : '') + tokens.map((t) => t[0]).join(''),
    regex: new RegExp('^' + tokens.map((t) => t[1]).join('') + '$', 'u'),
  }));

const valueArb = fc.string({ unit: fc.constantFrom('a', 'b', '.', 'x'), maxLength: 4 });
const labelNameArb = fc.constantFrom('a', 'b', 'c', ID);

const specArb = fc.dictionary(
  labelNameArb,
  fc.oneof(
    patternArb.map((p) => [p]),
    fc.array(patternArb, { maxLength: 3 }),
  ),
  {
    maxKeys: 3,
  },
);

const resourceArb = (role: boolean): fc.Arbitrary<Resource> =>
  fc
    .record({
      id: valueArb.filter((v) => v !== ''),
      role: fc.constantFrom('x', 'y'),
      labels: fc.dictionary(fc.constantFrom('a', 'b', 'c'), valueArb, { maxKeys: 3 }),
    })
    .map(({ id, role: r, labels }) => ({ ...labels, [ID]: id, ...(role ? { [ROLE]: r } : {}) }));

const eventArb: fc.Arbitrary<Event> = fc
  .record({ resource: resourceArb(false), related: fc.array(resourceArb(true), { maxLength: 3 }) })
  .map(({ resource, related }) => ({
    occurred: '2026-01-01T00:00:00.000000Z',
    event: 'e',
    resource,
    related,
    payload: {},
    id: '00000000-0000-0000-0000-000000000000',
    follows: null,
  }));

type Spec = Record<string, Pattern[]>;

function oraclePattern(p: Pattern, value: string | undefined): boolean {
  if (value === undefined) return false;
  return p.negated ? !p.regex.test(value) : p.regex.test(value);
}

/** [compat S1.4] literally: every label, any pattern; missing label never matches. */
function oracleSpec(spec: Spec, labels: Resource, overrides: { role?: string | null } = {}): boolean {
  return Object.entries(spec).every(([label, patterns]) => {
    if (label === ROLE && overrides.role !== undefined) {
      // filters compare the role exactly against the pattern texts
      return overrides.role !== null && patterns.some((p) => p.text === overrides.role);
    }
    const value = Object.hasOwn(labels, label) ? labels[label] : undefined;
    return patterns.some((p) => oraclePattern(p, value));
  });
}

const toWire = (spec: Spec): Record<string, string[]> =>
  Object.fromEntries(Object.entries(spec).map(([k, ps]) => [k, ps.map((p) => p.text)]));

const base: Pick<EventFilter, 'occurred' | 'order'> = { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, order: 'DESC' };

describe('label specs agree with a brute-force oracle', () => {
  it('resourceSpecMatches', () => {
    fc.assert(
      fc.property(specArb, resourceArb(true), (spec, resource) => {
        expect(resourceSpecMatches(toWire(spec), resource)).toBe(oracleSpec(spec, resource));
      }),
      propertyRuns(2000),
    );
  });

  it('resource.labels (primary only)', () => {
    fc.assert(
      fc.property(specArb, eventArb, (spec, event) => {
        const wire = toWire(spec);
        const filter: EventFilter = { ...base, resource: { labels: wire } };
        const expected = Object.keys(spec).length === 0 || oracleSpec(spec, event.resource);
        expect(eventMatchesFilter(filter, event)).toBe(expected);
      }),
      propertyRuns(1000),
    );
  });

  it('related.labels (one related resource satisfies the whole spec; role exact)', () => {
    const relSpecArb = fc.tuple(specArb, fc.option(fc.constantFrom('x', 'y', 'x*'), { nil: undefined }));
    fc.assert(
      fc.property(relSpecArb, eventArb, ([spec, role], event) => {
        const full: Spec = role === undefined ? spec : { ...spec, [ROLE]: [{ text: role, regex: /$^/, negated: false }] };
        const wire = toWire(full);
        const filter: EventFilter = { ...base, related: [{ labels: wire }] };
        const expected = Object.keys(full).length === 0 || event.related.some((r) => oracleSpec(full, r, { role: r[ROLE] }));
        expect(eventMatchesFilter(filter, event)).toBe(expected);
      }),
      propertyRuns(1000),
    );
  });

  it('any_resource.labels (primary or any related)', () => {
    fc.assert(
      fc.property(specArb, eventArb, (spec, event) => {
        const filter: EventFilter = { ...base, any_resource: [{ labels: toWire(spec) }] };
        const expected =
          Object.keys(spec).length === 0 ||
          oracleSpec(spec, event.resource, { role: '' }) ||
          event.related.some((r) => oracleSpec(spec, r, { role: r[ROLE] }));
        expect(eventMatchesFilter(filter, event)).toBe(expected);
      }),
      propertyRuns(1000),
    );
  });
});
