import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch, globToLike, globToRegExpSource, parseGlob } from './glob.js';
import {
  compileResourceSpec,
  findResourceLabel,
  involvedResources,
  labelValueMatches,
  resourceInRole,
  resourcesInRole,
  parseResourceSpec,
  resourceSpecIncludes,
  resourceSpecMatches,
} from './labels.js';
import type { ValidationIssue } from './issues.js';
import type { Event, ResourceSpecification } from './types.js';
import { propertyRuns } from '../../test/helpers/property.js';

describe('globMatch (fnmatchcase)', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything.at.all', true],
    ['prefect.flow-run.*', 'prefect.flow-run.abc', true],
    ['prefect.flow-run.*', 'prefect.flow-run.', true],
    ['prefect.flow-run.*', 'prefect.flow.abc', false],
    ['*.csv', 's3://bucket/x.csv', true],
    ['*.csv', 'x.csvx', false],
    ['s3://*.csv', 's3://a/b/c.csv', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['a**b', 'ab', true],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['a?c', 'abc', true],
    ['?', '😀', true], // one character to Python, two UTF-16 units
    ['ABC', 'abc', false], // case-sensitive
    ['abc', 'abc', true],
    ['abc', 'abcd', false], // whole value
    ['[abc]', 'b', true],
    ['[abc]', 'd', false],
    ['[!abc]', 'd', true],
    ['[!abc]', 'a', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!a-c]', 'd', true],
    ['[]]', ']', true],
    ['[!]]', 'a', true],
    ['[!]]', ']', false],
    ['[a-]', '-', true],
    ['[-a]', '-', true],
    ['[^a]', '^', true], // `^` is an ordinary member
    ['[^a]', 'b', false],
    ['[z-a]', 'm', false], // reversed range dropped → empty class never matches
    ['[!z-a]', 'm', true], // … negated: any one character
    ['[', '[', true], // unterminated class is a literal
    ['[abc', '[abc', true],
    ['[!', '[!', true],
    ['a.b', 'aXb', false], // `.` is literal
    ['100%', '100%', true],
    ['a_b', 'aXb', false],
    ['\\d', '\\d', true],
    ['line*', 'line1\nline2', true], // `*` crosses newlines
  ])('%j vs %j → %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('parses into shared tokens', () => {
    expect(parseGlob('a*?[!x-z]b')).toEqual([
      { type: 'literal', value: 'a' },
      { type: 'star' },
      { type: 'any' },
      { type: 'class', negated: true, ranges: [['x', 'z']] },
      { type: 'literal', value: 'b' },
    ]);
  });

  it('translates to LIKE (exact only without classes) and to an equivalent regex', () => {
    expect(globToLike('a_%*?')).toEqual({ like: 'a\\_\\%%_', exact: true });
    expect(globToLike('[ab]*')).toEqual({ like: '_%', exact: false });
    for (const [p, v] of [
      ['a*b?[!x-z]', 'aQQbcd'],
      ['a*b?[!x-z]', 'aQQbcx'],
      ['x.y+(z)', 'x.y+(z)'],
      ['[]-]', '-'],
      ['[z-a]', 'q'],
      ['?', '😀'],
    ]) {
      expect(new RegExp(globToRegExpSource(p), 'su').test(v)).toBe(globMatch(p, v));
    }
  });
});

describe('globToRegExpSource agrees with globMatch on arbitrary patterns', () => {
  it('holds for random patterns over the whole glob syntax', () => {
    const unit = fc.constantFrom('a', 'b', 'z', '-', '!', ']', '[', '^', '*', '?', '\\', '.', '😀', '\n');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 6 }), (pattern, value) => {
        expect(new RegExp(globToRegExpSource(pattern), 'su').test(value)).toBe(globMatch(pattern, value));
      }),
      propertyRuns(3000),
    );
  });
});

describe('labelValueMatches ([compat S1.4])', () => {
  it('OR across patterns, negation, missing label, empty list', () => {
    expect(labelValueMatches(['a', 'b'], 'b')).toBe(true);
    expect(labelValueMatches(['a', 'b'], 'c')).toBe(false);
    expect(labelValueMatches('!a*', 'bcd')).toBe(true);
    expect(labelValueMatches('!a*', 'abc')).toBe(false);
    expect(labelValueMatches('!a', undefined)).toBe(false); // missing never matches, even negated
    expect(labelValueMatches('*', undefined)).toBe(false);
    expect(labelValueMatches([], 'x')).toBe(false);
  });

  it('keeps the ["!a","!b"] quirk: matches every present value', () => {
    expect(labelValueMatches(['!a', '!b'], 'a')).toBe(true);
    expect(labelValueMatches(['!a', '!b'], 'b')).toBe(true);
    expect(labelValueMatches(['!a', '!a'], 'a')).toBe(false);
  });
});

describe('resource specifications', () => {
  const flowRun = { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'etl-nightly', 'prefect.state-type': 'FAILED' };
  const flow = { 'prefect.resource.id': 'prefect.flow.9', 'prefect.resource.role': 'flow' };

  it('AND across labels; empty spec matches everything', () => {
    expect(resourceSpecMatches({}, flowRun)).toBe(true);
    expect(resourceSpecMatches({ 'prefect.resource.name': 'etl-*', 'prefect.state-type': ['FAILED', 'CRASHED'] }, flowRun)).toBe(true);
    expect(resourceSpecMatches({ 'prefect.resource.name': 'etl-*', 'prefect.state-type': 'COMPLETED' }, flowRun)).toBe(false);
    expect(resourceSpecMatches({ missing: '!x' }, flowRun)).toBe(false);
    // inherited properties are not labels
    expect(resourceSpecMatches({ toString: '*' }, flowRun)).toBe(false);
  });

  it('includes: empty spec, or some candidate matches all labels', () => {
    expect(resourceSpecIncludes({}, [])).toBe(true);
    expect(resourceSpecIncludes({ 'prefect.resource.role': 'flow' }, [])).toBe(false);
    expect(resourceSpecIncludes({ 'prefect.resource.role': 'flow' }, [flowRun, flow])).toBe(true);
    expect(resourceSpecIncludes({ 'prefect.resource.role': 'flow', 'prefect.resource.name': '*' }, [flowRun, flow])).toBe(false);
  });

  it('compileResourceSpec agrees with resourceSpecMatches', () => {
    const specs: ResourceSpecification[] = [
      {},
      { 'prefect.resource.name': ['!etl-*', 'x'] },
      { 'prefect.resource.id': 'prefect.flow*', 'prefect.resource.role': 'fl?w' },
    ];
    for (const spec of specs) {
      const compiled = compileResourceSpec(spec);
      for (const r of [flowRun, flow, {}]) expect(compiled(r)).toBe(resourceSpecMatches(spec, r));
    }
  });

  it('parseResourceSpec validates values', () => {
    const issues: ValidationIssue[] = [];
    expect(parseResourceSpec({ a: 'x', b: ['y', 'z'] }, ['labels'], issues)).toEqual({ a: 'x', b: ['y', 'z'] });
    expect(parseResourceSpec({ a: 1 }, ['labels'], issues)).toBeNull();
    expect(parseResourceSpec('x', ['labels'], issues)).toBeNull();
    expect(issues.map((i) => [i.loc, i.type])).toEqual([
      [['labels', 'a'], 'string_type'],
      [['labels'], 'dict_type'],
    ]);
  });
});

describe('findResourceLabel ([compat S1.1])', () => {
  const event: Pick<Event, 'resource' | 'related'> = {
    resource: { 'prefect.resource.id': 'prefect.flow-run.1', 'related:ghost:name': 'literal' },
    related: [
      { 'prefect.resource.id': 'prefect.flow.9', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
      { 'prefect.resource.id': 'prefect.tag.a', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'prefect.tag.b', 'prefect.resource.role': 'tag' },
      { 'prefect.resource.id': 'x', 'prefect.resource.role': 'a:b', n: 'colon-role' },
    ],
  };

  it('reads plain labels from the primary resource', () => {
    expect(findResourceLabel(event, 'prefect.resource.id')).toBe('prefect.flow-run.1');
    expect(findResourceLabel(event, 'nope')).toBeNull();
  });

  it('reads related:<role>:<label> from the FIRST related resource with that role', () => {
    expect(findResourceLabel(event, 'related:flow:prefect.resource.name')).toBe('etl');
    expect(findResourceLabel(event, 'related:tag:prefect.resource.id')).toBe('prefect.tag.a');
    expect(findResourceLabel(event, 'related:flow:missing')).toBeNull();
    // the label name is after the LAST colon, the role may contain colons
    expect(findResourceLabel(event, 'related:a:b:n')).toBe('colon-role');
  });

  it('resource_in_role / resources_in_role / involved_resources', () => {
    expect(resourceInRole(event, 'tag')?.['prefect.resource.id']).toBe('prefect.tag.a');
    expect(resourceInRole(event, 'nobody')).toBeNull();
    expect(resourcesInRole(event, 'tag').map((r) => r['prefect.resource.id'])).toEqual(['prefect.tag.a', 'prefect.tag.b']);
    expect(involvedResources(event)).toHaveLength(5);
    expect(involvedResources(event)[0]).toBe(event.resource);
  });

  it('falls back to the whole string on the primary resource when no related has the role', () => {
    expect(findResourceLabel(event, 'related:ghost:name')).toBe('literal');
    expect(findResourceLabel(event, 'related:nobody:name')).toBeNull();
  });
});
