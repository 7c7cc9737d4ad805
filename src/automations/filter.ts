// POST /automations/filter ([compat S3.2]): the request body, the AutomationFilter language, sorting
// and paging. Automations are few, so this runs in JS over the workspace's list — one definition
// of the semantics for both storage backends (see src/storage/automation-store.ts).
//
// Body keys are read one by one and unknown ones ignored (FastAPI embedded body fields); inside
// `automations` unknown keys are refused (Prefect's filters forbid extras).

import { HeraldError } from '../errors.js';
import { isPlainObject, issue, validateStringList, validateTimestampField, type Loc, type ValidationIssue } from '../events/index.js';
import type { Timestamp } from '../events/types.js';
import type { Automation } from '../model/automation.js';
import { laxBool, laxInt, literalField, strictObject, type Issues, type Obj } from '../model/parse-fields.js';
import type { Parsed } from './parse-automation.js';

/** `PREFECT_SERVER_API_DEFAULT_LIMIT`: the default and the largest `limit` ([compat S0]). */
export const MAX_AUTOMATIONS_LIMIT = 200;

export const AUTOMATION_SORTS = ['CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC', 'NAME_DESC'] as const;
export type AutomationSort = (typeof AUTOMATION_SORTS)[number];

type Operator = 'and_' | 'or_';

export interface AutomationFilter {
  operator: Operator;
  name?: { any_: string[] | null };
  created?: { before_: Timestamp | null };
  tags?: { operator: Operator; all_: string[] | null; any_: string[] | null; is_null_: boolean | null };
}

export interface AutomationQuery {
  sort: AutomationSort;
  limit: number;
  offset: number;
  filter: AutomationFilter | null;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * Parses the `/automations/filter` body. An out-of-range `limit` throws Prefect's
 * 422 `{"detail": "Invalid limit: …"}` (HERALD_ERR_INVALID_LIMIT); other problems are issues.
 */
export function parseAutomationQuery(body: unknown): Parsed<AutomationQuery> {
  const issues: Issues = [];
  let o: Obj = {};
  if (isPlainObject(body)) o = body;
  else if (given(body) && body !== '') {
    issues.push(issue(['body'], 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', body));
    return { ok: false, issues };
  }
  const sort = given(o.sort) ? literalField(o.sort, ['body', 'sort'], AUTOMATION_SORTS, issues, 'enum') : 'NAME_ASC';
  const limit = given(o.limit) ? laxInt(o.limit, ['body', 'limit'], issues) : MAX_AUTOMATIONS_LIMIT;
  let offset: number | null = 0;
  if (given(o.offset)) {
    offset = laxInt(o.offset, ['body', 'offset'], issues);
    if (offset !== null && offset < 0) {
      issues.push(issue(['body', 'offset'], 'greater_than_equal', 'Input should be greater than or equal to 0', o.offset, { ge: 0 }));
      offset = null;
    }
  }
  const filter = given(o.automations) ? parseAutomationFilter(o.automations, ['body', 'automations'], issues) : null;
  if (issues.length > 0 || sort === null || limit === null || offset === null) return { ok: false, issues };
  if (limit > MAX_AUTOMATIONS_LIMIT)
    throw new HeraldError('HERALD_ERR_INVALID_LIMIT', { reason: `must be less than or equal to ${MAX_AUTOMATIONS_LIMIT}.` });
  if (limit < 0) throw new HeraldError('HERALD_ERR_INVALID_LIMIT', { reason: 'must be greater than or equal to 0.' });
  return { ok: true, value: { sort, limit, offset, filter } };
}

function operatorField(o: Obj, loc: Loc, issues: Issues): Operator {
  if (!given(o.operator)) return 'and_';
  return literalField(o.operator, [...loc, 'operator'], ['and_', 'or_'] as const, issues, 'enum') ?? 'and_';
}

function optionalStrings(o: Obj, key: string, loc: Loc, issues: Issues): string[] | null {
  return given(o[key]) ? validateStringList(o[key], [...loc, key], issues) : null;
}

export function parseAutomationFilter(input: unknown, loc: Loc, issues: ValidationIssue[]): AutomationFilter | null {
  const before = issues.length;
  const o = strictObject(input, loc, 'AutomationFilter', ['operator', 'name', 'created', 'tags'], issues);
  if (!o) return null;
  const filter: AutomationFilter = { operator: operatorField(o, loc, issues) };
  if (given(o.name)) {
    const l = [...loc, 'name'];
    const n = strictObject(o.name, l, 'AutomationFilterName', ['any_'], issues);
    if (n) filter.name = { any_: optionalStrings(n, 'any_', l, issues) };
  }
  if (given(o.created)) {
    const l = [...loc, 'created'];
    const c = strictObject(o.created, l, 'AutomationFilterCreated', ['before_'], issues);
    if (c) filter.created = { before_: given(c.before_) ? validateTimestampField(c.before_, [...l, 'before_'], issues) : null };
  }
  if (given(o.tags)) {
    const l = [...loc, 'tags'];
    const t = strictObject(o.tags, l, 'AutomationFilterTags', ['operator', 'all_', 'any_', 'is_null_'], issues);
    if (t) {
      filter.tags = {
        operator: operatorField(t, l, issues),
        all_: optionalStrings(t, 'all_', l, issues),
        any_: optionalStrings(t, 'any_', l, issues),
        is_null_: given(t.is_null_) ? laxBool(t.is_null_, [...l, 'is_null_'], issues) : null,
      };
    }
  }
  return issues.length > before ? null : filter;
}

/** Combines criteria like Prefect's SQL: none → true; and_ → all; or_ → any. */
function combine(operator: Operator, criteria: boolean[]): boolean {
  if (criteria.length === 0) return true;
  return operator === 'and_' ? criteria.every(Boolean) : criteria.some(Boolean);
}

export function automationMatches(filter: AutomationFilter, a: Automation): boolean {
  const criteria: boolean[] = [];
  // `IN ()` matches nothing, so an empty `any_` list selects no automation.
  if (filter.name?.any_) criteria.push(filter.name.any_.includes(a.name));
  if (filter.created?.before_) criteria.push(a.created <= filter.created.before_);
  if (filter.tags) {
    const t = filter.tags;
    const tagCriteria: boolean[] = [];
    if (t.all_) tagCriteria.push(t.all_.every((tag) => a.tags.includes(tag)));
    if (t.any_) tagCriteria.push(t.any_.some((tag) => a.tags.includes(tag)));
    if (t.is_null_ !== null) tagCriteria.push(t.is_null_ ? a.tags.length === 0 : a.tags.length > 0);
    criteria.push(combine(t.operator, tagCriteria));
  }
  return combine(filter.operator, criteria);
}

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Sort orders; ties broken by id so pages never overlap. */
const COMPARATORS: Record<AutomationSort, (a: Automation, b: Automation) => number> = {
  CREATED_DESC: (a, b) => byText(b.created, a.created) || byText(b.id, a.id),
  UPDATED_DESC: (a, b) => byText(b.updated, a.updated) || byText(b.id, a.id),
  NAME_ASC: (a, b) => byText(a.name, b.name) || byText(a.id, b.id),
  NAME_DESC: (a, b) => byText(b.name, a.name) || byText(b.id, a.id),
};

/** Filters, sorts and pages a workspace's automations. */
export function applyAutomationQuery(all: readonly Automation[], query: AutomationQuery): Automation[] {
  const selected = query.filter ? all.filter((a) => automationMatches(query.filter!, a)) : all.slice();
  selected.sort(COMPARATORS[query.sort]);
  return selected.slice(query.offset, query.offset + query.limit);
}
