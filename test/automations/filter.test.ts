// POST /automations/filter semantics ([compat S3.2]): body parsing, the AutomationFilter language,
// sorting and paging — pure functions over a list of automations.
import { describe, expect, it } from 'vitest';
import { applyAutomationQuery, parseAutomationQuery, type AutomationQuery } from '../../src/automations/filter.js';
import type { Automation } from '../../src/model/automation.js';
import { isHeraldError } from '../../src/errors.js';

function automation(name: string, created: string, tags: string[], updated = created): Automation {
  return {
    id: `00000000-0000-7000-8000-${name.padStart(12, '0').slice(-12)}`,
    created: `2026-01-${created}T00:00:00.000000Z`,
    updated: `2026-01-${updated}T00:00:00.000000Z`,
    name,
    description: '',
    enabled: true,
    tags,
    trigger: {
      type: 'event',
      id: 'x',
      match: {},
      match_related: {},
      after: [],
      expect: [],
      for_each: [],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    },
    actions: [],
    actions_on_trigger: [],
    actions_on_resolve: [],
  };
}

const all = [
  automation('beta', '02', ['a', 'b'], '09'),
  automation('alpha', '03', ['a']),
  automation('gamma', '01', [], '05'),
  automation('delta', '04', ['c']),
];

function query(body: unknown): AutomationQuery {
  const r = parseAutomationQuery(body);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const names = (body: unknown) => applyAutomationQuery(all, query(body)).map((a) => a.name);

describe('parseAutomationQuery', () => {
  it('defaults: NAME_ASC, limit 200, offset 0, no filter (also for no body)', () => {
    expect(query(undefined)).toEqual({ sort: 'NAME_ASC', limit: 200, offset: 0, filter: null });
    expect(query({ automations: null, limit: null })).toEqual({ sort: 'NAME_ASC', limit: 200, offset: 0, filter: null });
  });

  it('limit above 200 or below 0 → HERALD_ERR_INVALID_LIMIT with Prefect’s detail', () => {
    for (const [limit, text] of [
      [201, 'Invalid limit: must be less than or equal to 200.'],
      [-1, 'Invalid limit: must be greater than or equal to 0.'],
    ] as const) {
      let caught: unknown;
      try {
        parseAutomationQuery({ limit });
      } catch (err) {
        caught = err;
      }
      expect(isHeraldError(caught, 'HERALD_ERR_INVALID_LIMIT')).toBe(true);
      expect((caught as Error).message).toBe(text);
      expect((caught as { statusCode: number }).statusCode).toBe(422);
    }
  });

  it('reports bad sort, offset and filter keys by location', () => {
    const r = parseAutomationQuery({ sort: 'RANDOM', offset: -1, automations: { name: { like_: 'x' }, colour: 1 } });
    expect(!r.ok && r.issues.map((i) => [i.loc, i.type])).toEqual([
      [['body', 'sort'], 'enum'],
      [['body', 'offset'], 'greater_than_equal'],
      [['body', 'automations', 'colour'], 'extra_forbidden'],
      [['body', 'automations', 'name', 'like_'], 'extra_forbidden'],
    ]);
    const nested = parseAutomationQuery({ automations: { tags: { all_: 'a' }, created: { before_: 'yesterday' } } });
    expect(!nested.ok && nested.issues.map((i) => i.loc)).toEqual([
      ['body', 'automations', 'created', 'before_'],
      ['body', 'automations', 'tags', 'all_'],
    ]);
  });

  it('ignores unknown top-level body keys (FastAPI embedded body fields)', () => {
    expect(query({ whatever: 1 }).limit).toBe(200);
  });
});

describe('sorting and paging', () => {
  it('sorts by each order', () => {
    expect(names({})).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    expect(names({ sort: 'NAME_DESC' })).toEqual(['gamma', 'delta', 'beta', 'alpha']);
    expect(names({ sort: 'CREATED_DESC' })).toEqual(['delta', 'alpha', 'beta', 'gamma']);
    expect(names({ sort: 'UPDATED_DESC' })).toEqual(['beta', 'gamma', 'delta', 'alpha']);
  });

  it('pages with limit and offset', () => {
    expect(names({ limit: 2, offset: 1 })).toEqual(['beta', 'delta']);
    expect(names({ limit: 0 })).toEqual([]);
    expect(names({ offset: 10 })).toEqual([]);
  });
});

describe('AutomationFilter', () => {
  it('name.any_: exact names; an empty list matches nothing', () => {
    expect(names({ automations: { name: { any_: ['beta', 'gamma', 'bet'] } } })).toEqual(['beta', 'gamma']);
    expect(names({ automations: { name: { any_: [] } } })).toEqual([]);
  });

  it('created.before_: created ≤ the instant', () => {
    expect(names({ automations: { created: { before_: '2026-01-02T00:00:00Z' } } })).toEqual(['beta', 'gamma']);
  });

  it('tags: all_, any_, is_null_, combined with the tags operator', () => {
    expect(names({ automations: { tags: { all_: ['a', 'b'] } } })).toEqual(['beta']);
    expect(names({ automations: { tags: { any_: ['b', 'c'] } } })).toEqual(['beta', 'delta']);
    expect(names({ automations: { tags: { is_null_: true } } })).toEqual(['gamma']);
    expect(names({ automations: { tags: { is_null_: false } } })).toEqual(['alpha', 'beta', 'delta']);
    expect(names({ automations: { tags: { operator: 'or_', all_: ['a', 'b'], is_null_: true } } })).toEqual(['beta', 'gamma']);
  });

  it('operator combines the criteria of the filter (and_ by default)', () => {
    const criteria = { name: { any_: ['alpha', 'delta'] }, tags: { any_: ['a'] } };
    expect(names({ automations: criteria })).toEqual(['alpha']);
    expect(names({ automations: { ...criteria, operator: 'or_' } })).toEqual(['alpha', 'beta', 'delta']);
    expect(names({ automations: { operator: 'or_' } })).toEqual(['alpha', 'beta', 'delta', 'gamma']);
  });
});
