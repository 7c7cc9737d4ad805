import { describe, expect, it } from 'vitest';
import { compileEventFilter, eventMatchesFilter, explainFilter, liveFilter } from './filter.js';
import { parseEventFilter } from './filter-parse.js';
import { MAX_TIMESTAMP } from './time.js';
import type { Event, EventFilter } from './types.js';

const NOW = '2026-08-21T10:00:00.000000Z';

function parse(input: unknown): EventFilter {
  const r = parseEventFilter(input, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.filter;
}

function issues(input: unknown) {
  const r = parseEventFilter(input, NOW, ['body', 'filter']);
  if (r.ok) throw new Error('expected issues');
  return r.issues.map((i) => [i.loc, i.type]);
}

const EVENT: Event = {
  occurred: '2026-08-21T09:00:00.000000Z',
  event: 'prefect.flow-run.Failed',
  resource: { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'crimson-otter', 'prefect.state-type': 'FAILED' },
  related: [
    { 'prefect.resource.id': 'prefect.flow.9', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
    { 'prefect.resource.id': 'prefect.deployment.D', 'prefect.resource.role': 'deployment', 'prefect.resource.name': 'nightly' },
    { 'prefect.resource.id': 'prefect.tag.prod', 'prefect.resource.role': 'tag' },
  ],
  payload: { message: 'Connection refused' },
  id: '0198c4b2-0000-7000-8000-000000000001',
  follows: null,
};

const m = (filter: unknown, event: Event = EVENT) => eventMatchesFilter(parse(filter), event);

describe('parseEventFilter', () => {
  it('resolves defaults: since = UTC midnight − 180 days, until = now, DESC', () => {
    const r = parseEventFilter(undefined, NOW);
    expect(r).toEqual({
      ok: true,
      untilGiven: false,
      filter: { occurred: { since: '2026-02-22T00:00:00.000000Z', until: NOW }, order: 'DESC' },
    });
    expect(parseEventFilter(null, NOW)).toEqual(r);
    expect(parseEventFilter({}, NOW)).toEqual(r);
    expect(parseEventFilter({ occurred: { since: null, until: null } }, NOW)).toEqual(r);
  });

  it('accepts now as epoch milliseconds', () => {
    const r = parseEventFilter({}, Date.UTC(2026, 7, 21, 10));
    expect(r.ok && r.filter.occurred.until).toBe(NOW);
  });

  it('reports untilGiven and canonicalises datetimes and ids', () => {
    const r = parseEventFilter(
      {
        occurred: { since: '2026-08-01', until: '2026-08-21T12:00:00+02:00' },
        id: { id: ['0198C4B2-0000-7000-8000-000000000001'] },
        order: 'ASC',
      },
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      untilGiven: true,
      filter: {
        occurred: { since: '2026-08-01T00:00:00.000000Z', until: '2026-08-21T10:00:00.000000Z' },
        id: { id: ['0198c4b2-0000-7000-8000-000000000001'] },
        order: 'ASC',
      },
    });
  });

  it('normalises empty lists and objects to absent, and single related/any_resource to lists', () => {
    const f = parse({
      event: { prefix: [], name: null, exclude_name: ['x'] },
      resource: { id: [], labels: {}, distinct: false },
      related: { role: ['flow'] },
      any_resource: [{}, { id_prefix: ['prefect.'] }],
      id: { id: [] },
      text: { query: '   ' },
    });
    expect(f).toEqual({
      occurred: { since: '2026-02-22T00:00:00.000000Z', until: NOW },
      event: { exclude_name: ['x'] },
      related: [{ role: ['flow'] }],
      any_resource: [{ id_prefix: ['prefect.'] }],
      order: 'DESC',
    });
  });

  it('round-trips through JSON (page tokens carry it)', () => {
    const f = parse({
      occurred: { since: '2026-08-01T00:00:00Z' },
      event: { prefix: ['prefect.flow-run.'] },
      resource: { labels: { 'prefect.resource.name': ['etl-*', '!x'] }, distinct: true },
      related: [{ resources_in_roles: [['prefect.deployment.D', 'deployment']] }],
      text: { query: 'error -debug' },
    });
    const again = parseEventFilter(JSON.parse(JSON.stringify(f)), '2030-01-01T00:00:00.000000Z');
    expect(again.ok && again.filter).toEqual(f);
  });

  it('rejects unknown keys anywhere (extra_forbidden)', () => {
    expect(issues({ bogus: 1 })).toEqual([[['body', 'filter', 'bogus'], 'extra_forbidden']]);
    expect(issues({ occurred: { after: 'x' } })).toEqual([[['body', 'filter', 'occurred', 'after'], 'extra_forbidden']]);
    expect(issues({ related: [{ role: ['a'] }, { rolez: ['a'] }] })).toEqual([
      [['body', 'filter', 'related', 1, 'rolez'], 'extra_forbidden'],
    ]);
    expect(issues({ any_resource: { nope: 1 } })).toEqual([[['body', 'filter', 'any_resource', 'nope'], 'extra_forbidden']]);
    expect(issues({ text: { query: 'x', mode: 'y' } })).toEqual([[['body', 'filter', 'text', 'mode'], 'extra_forbidden']]);
  });

  it('reports type problems at their loc', () => {
    expect(issues('x')).toEqual([[['body', 'filter'], 'model_type']]);
    expect(issues({ occurred: { since: 'yesterday' } })).toEqual([[['body', 'filter', 'occurred', 'since'], 'datetime_from_date_parsing']]);
    expect(issues({ event: { prefix: 'prefect.' } })).toEqual([[['body', 'filter', 'event', 'prefix'], 'list_type']]);
    expect(issues({ event: { name: ['a', 1] } })).toEqual([[['body', 'filter', 'event', 'name', 1], 'string_type']]);
    expect(issues({ resource: { distinct: 'maybe' } })).toEqual([[['body', 'filter', 'resource', 'distinct'], 'bool_type']]);
    expect(issues({ resource: { labels: { a: 1 } } })).toEqual([[['body', 'filter', 'resource', 'labels', 'a'], 'string_type']]);
    expect(issues({ id: { id: ['nope'] } })).toEqual([[['body', 'filter', 'id', 'id', 0], 'uuid_parsing']]);
    expect(issues({ order: 'UP' })).toEqual([[['body', 'filter', 'order'], 'enum']]);
    expect(issues({ text: {} })).toEqual([[['body', 'filter', 'text', 'query'], 'missing']]);
    expect(issues({ related: { resources_in_roles: [['a']] } })).toEqual([
      [['body', 'filter', 'related', 'resources_in_roles', 0], 'too_short'],
    ]);
  });

  it('limits the text query to 200 characters', () => {
    expect(parseEventFilter({ text: { query: 'x'.repeat(200) } }, NOW).ok).toBe(true);
    expect(issues({ text: { query: 'x'.repeat(201) } })).toEqual([[['body', 'filter', 'text', 'query'], 'string_too_long']]);
  });
});

describe('eventMatchesFilter — every sub-filter', () => {
  it('occurred: inclusive bounds', () => {
    expect(m({ occurred: { since: EVENT.occurred, until: EVENT.occurred } })).toBe(true);
    expect(m({ occurred: { since: '2026-08-21T09:00:00.000001Z' } })).toBe(false);
    expect(m({ occurred: { until: '2026-08-21T08:59:59.999999Z' } })).toBe(false);
    expect(m({})).toBe(true);
  });

  it('event: prefix, exclude_prefix, name, exclude_name (literal prefixes, [compat D10.10])', () => {
    expect(m({ event: { prefix: ['prefect.task-run.', 'prefect.flow-run.'] } })).toBe(true);
    expect(m({ event: { prefix: ['prefect.task-run.'] } })).toBe(false);
    expect(m({ event: { prefix: ['prefect_flow%'] } })).toBe(false);
    expect(m({ event: { exclude_prefix: ['prefect.flow-run.'] } })).toBe(false);
    expect(m({ event: { exclude_prefix: ['prefect.task-run.'] } })).toBe(true);
    expect(m({ event: { name: ['prefect.flow-run.Failed'] } })).toBe(true);
    expect(m({ event: { name: ['prefect.flow-run.failed'] } })).toBe(false); // case-sensitive
    expect(m({ event: { exclude_name: ['prefect.flow-run.Failed'] } })).toBe(false);
  });

  it('resource: id, id_prefix, labels on the primary resource only', () => {
    expect(m({ resource: { id: ['prefect.flow-run.1'] } })).toBe(true);
    expect(m({ resource: { id: ['prefect.flow.9'] } })).toBe(false);
    expect(m({ resource: { id_prefix: ['prefect.flow-run.'] } })).toBe(true);
    expect(m({ resource: { id_prefix: ['prefect.flow.'] } })).toBe(false);
    expect(m({ resource: { labels: { 'prefect.resource.name': 'crimson-*' } } })).toBe(true);
    expect(m({ resource: { labels: { 'prefect.resource.name': 'etl' } } })).toBe(false);
    expect(m({ resource: { labels: { 'prefect.resource.id': 'prefect.flow-run.?' } } })).toBe(true);
    expect(m({ resource: { labels: { 'prefect.state-type': ['!COMPLETED'] } } })).toBe(true);
    expect(m({ resource: { labels: { 'prefect.state-type': ['!FAILED'] } } })).toBe(false);
    expect(m({ resource: { distinct: true } })).toBe(true); // shapes queries, not a predicate
  });

  it('related: one related resource must satisfy all criteria ([compat D10.1]: implemented live)', () => {
    expect(m({ related: { role: ['deployment'] } })).toBe(true);
    expect(m({ related: { role: ['work-pool'] } })).toBe(false);
    expect(m({ related: { id: ['prefect.flow.9'] } })).toBe(true);
    expect(m({ related: { id: ['prefect.flow.9'], role: ['flow'] } })).toBe(true);
    // criteria met by two different related resources do not count
    expect(m({ related: { id: ['prefect.flow.9'], role: ['deployment'] } })).toBe(false);
    expect(m({ related: { resources_in_roles: [['prefect.deployment.D', 'deployment']] } })).toBe(true);
    expect(m({ related: { resources_in_roles: [['prefect.deployment.D', 'flow']] } })).toBe(false);
    expect(m({ related: { labels: { 'prefect.resource.name': 'nightly', 'prefect.resource.role': 'deployment' } } })).toBe(true);
    expect(m({ related: { labels: { 'prefect.resource.name': 'nightly', 'prefect.resource.role': 'flow' } } })).toBe(false);
    expect(m({ related: { labels: { 'prefect.resource.id': 'prefect.deployment.*' } } })).toBe(true);
    // the role label is compared exactly, not as a glob (Prefect's SQL)
    expect(m({ related: { labels: { 'prefect.resource.role': 'deploy*' } } })).toBe(false);
    // the primary resource is excluded when no role is given
    expect(m({ related: { id: ['prefect.flow-run.1'] } })).toBe(false);
    expect(m({ related: { labels: { 'prefect.resource.name': 'crimson-otter' } } })).toBe(false);
    // … and takes part (as role '') when '' is a listed role
    expect(m({ related: { role: [''], id: ['prefect.flow-run.1'] } })).toBe(true);
  });

  it('related as a list: every item must hold (AND)', () => {
    expect(m({ related: [{ role: ['flow'] }, { role: ['tag'], id: ['prefect.tag.prod'] }] })).toBe(true);
    expect(m({ related: [{ role: ['flow'] }, { role: ['tag'], id: ['prefect.tag.dev'] }] })).toBe(false);
    const noRelated = { ...EVENT, related: [] };
    expect(m({ related: { role: ['flow'] } }, noRelated)).toBe(false);
    expect(m({ related: {} }, noRelated)).toBe(true); // an empty related filter matches everything
  });

  it('any_resource: the primary or any related resource satisfies all criteria', () => {
    expect(m({ any_resource: { id: ['prefect.flow-run.1'] } })).toBe(true);
    expect(m({ any_resource: { id: ['prefect.tag.prod'] } })).toBe(true);
    expect(m({ any_resource: { id: ['prefect.tag.dev'] } })).toBe(false);
    expect(m({ any_resource: { id_prefix: ['prefect.deployment.'] } })).toBe(true);
    expect(m({ any_resource: { id_prefix: ['prefect.deployment.'], labels: { 'prefect.resource.name': 'nightly' } } })).toBe(true);
    expect(m({ any_resource: { id_prefix: ['prefect.deployment.'], labels: { 'prefect.resource.name': 'etl' } } })).toBe(false);
    expect(m({ any_resource: [{ id: ['prefect.flow-run.1'] }, { id: ['prefect.flow.9'] }] })).toBe(true);
    expect(m({ any_resource: [{ id: ['prefect.flow-run.1'] }, { id: ['prefect.flow.0'] }] })).toBe(false);
  });

  it('id: event id in the list', () => {
    expect(m({ id: { id: [EVENT.id] } })).toBe(true);
    expect(m({ id: { id: [EVENT.id.toUpperCase()] } })).toBe(true);
    expect(m({ id: { id: ['0198c4b2-0000-7000-8000-000000000002'] } })).toBe(false);
  });

  it('text: over name, label values and payload', () => {
    expect(m({ text: { query: 'refused' } })).toBe(true);
    expect(m({ text: { query: 'nightly -prod' } })).toBe(false);
    expect(m({ text: { query: '+otter +etl' } })).toBe(true);
    expect(m({ text: { query: 'completed' } })).toBe(false);
  });

  it('works on hand-built filters with nulls and empty lists', () => {
    const f: EventFilter = {
      occurred: { since: '2000-01-01T00:00:00.000000Z', until: MAX_TIMESTAMP },
      order: 'DESC',
      event: { prefix: [], name: null },
      related: { id: null, role: [], labels: null },
      any_resource: [],
    };
    expect(eventMatchesFilter(f, EVENT)).toBe(true);
  });
});

describe('explainFilter, compileEventFilter and liveFilter', () => {
  it('names the first failing criterion', () => {
    expect(explainFilter(parse({}), EVENT)).toEqual({ match: true });
    expect(explainFilter(parse({ event: { name: ['x'] } }), EVENT)).toEqual({ match: false, reason: 'event.name' });
    expect(explainFilter(parse({ related: [{ role: ['flow'] }, { role: ['nope'] }] }), EVENT)).toEqual({
      match: false,
      reason: 'related[1]',
    });
    expect(explainFilter(parse({ occurred: { until: '2020-01-01' } }), EVENT)).toEqual({ match: false, reason: 'occurred.until' });
    expect(explainFilter(parse({ text: { query: 'zzz' } }), EVENT)).toEqual({ match: false, reason: 'text' });
  });

  it('compiled filters agree with eventMatchesFilter', () => {
    const f = parse({ any_resource: { id_prefix: ['prefect.tag.'] } });
    const c = compileEventFilter(f);
    expect(c.matches(EVENT)).toBe(eventMatchesFilter(f, EVENT));
    expect(c.matches({ ...EVENT, related: [] })).toBe(false);
  });

  it('liveFilter lifts the implicit until ([compat D10.2]) but keeps an explicit one', () => {
    const later = { ...EVENT, occurred: '2026-08-21T11:00:00.000000Z' };
    const implicit = parseEventFilter({}, NOW);
    if (!implicit.ok) throw new Error('bad');
    expect(eventMatchesFilter(implicit.filter, later)).toBe(false);
    const live = liveFilter(implicit.filter, implicit.untilGiven);
    expect(live.occurred.until).toBe(MAX_TIMESTAMP);
    expect(eventMatchesFilter(live, later)).toBe(true);

    const explicit = parseEventFilter({ occurred: { until: '2026-08-21T10:30:00Z' } }, NOW);
    if (!explicit.ok) throw new Error('bad');
    expect(liveFilter(explicit.filter, explicit.untilGiven)).toBe(explicit.filter);
    expect(eventMatchesFilter(liveFilter(explicit.filter, explicit.untilGiven), later)).toBe(false);
  });
});
