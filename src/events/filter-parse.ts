// Parsing an EventFilter from request JSON ([compat S2.5]): the exact Prefect shape, unknown keys
// rejected (`extra_forbidden`), defaults resolved, empty constraints dropped. The result is plain
// JSON (it travels inside page tokens) and parsing it again yields the same filter.

import { validateStringList, validateTimestampField } from './fields.js';
import { DEFAULT_FILTER_LIMITS, filterTerms, tooLong, type FilterLimits } from './filter-limits.js';
import { boolType, extraForbidden, isPlainObject, issue, missing, modelType, type Loc, type ValidationIssue } from './issues.js';
import { isEmptySpec, parseResourceSpec } from './labels.js';
import { MAX_TEXT_QUERY_LENGTH, parseTextQuery } from './text-search.js';
import { addMicros, startOfUtcDay, timestampFromMillis } from './time.js';
import type { AnyResourceFilterInput, EventFilter, EventFilterInput, Order, RelatedFilterInput, Timestamp } from './types.js';
import { validateUuidField } from './uuid.js';

/** Default query window: since UTC midnight of today minus this many days (Prefect: 180). */
export const DEFAULT_FILTER_LOOKBACK_DAYS = 180;

export type EventFilterParse =
  | {
      ok: true;
      filter: EventFilter;
      /**
       * Whether the request gave `occurred.until` (non-null). When false, `filter.occurred.until` is
       * the parse-time `now`; live streams should then use `liveFilter` ([compat D10.2]).
       */
      untilGiven: boolean;
    }
  | { ok: false; issues: ValidationIssue[] };

type Obj = Record<string, unknown>;

/** Checks `input` is an object with only `allowed` keys; pushes issues and returns null otherwise. */
function objectWith(input: unknown, loc: Loc, className: string, allowed: readonly string[], issues: ValidationIssue[]): Obj | null {
  if (!isPlainObject(input)) {
    issues.push(modelType(loc, input, className));
    return null;
  }
  let ok = true;
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      issues.push(extraForbidden([...loc, key], input[key]));
      ok = false;
    }
  }
  return ok ? input : null;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** An optional list of strings, at most `limits.maxListItems` long; empty → undefined (no constraint). */
function optionalList(o: Obj, key: string, loc: Loc, issues: ValidationIssue[], limits: FilterLimits): string[] | undefined {
  if (!given(o[key])) return undefined;
  if (!withinList(o[key], [...loc, key], limits.maxListItems, issues)) return undefined;
  const list = validateStringList(o[key], [...loc, key], issues);
  return list?.length ? list : undefined;
}

/** False (with a `too_long` issue) when `v` is a list longer than `max`; anything else is left to the type checks. */
function withinList(v: unknown, loc: Loc, max: number, issues: ValidationIssue[]): boolean {
  if (!Array.isArray(v) || v.length <= max) return true;
  issues.push(tooLong(loc, v, 'List', v.length, max));
  return false;
}

/**
 * Parses and resolves an EventFilter. `input` null/undefined = all defaults. `now` is a canonical
 * timestamp or epoch milliseconds. `loc` prefixes issue locations (the API passes `['body', 'filter']`).
 * `limits` bounds every list (filter-limits.ts); servers pass `filterLimitsFrom(settings)`.
 */
export function parseEventFilter(
  input: unknown,
  nowInput: Timestamp | number,
  loc: Loc = [],
  limits: FilterLimits = DEFAULT_FILTER_LIMITS,
): EventFilterParse {
  const now = typeof nowInput === 'number' ? timestampFromMillis(nowInput) : nowInput;
  const issues: ValidationIssue[] = [];
  const src: Obj =
    input === undefined || input === null
      ? {}
      : (objectWith(
          input,
          loc,
          'EventFilter',
          ['occurred', 'event', 'resource', 'related', 'any_resource', 'id', 'text', 'order'],
          issues,
        ) ?? {});
  if (issues.length) return { ok: false, issues };

  // occurred
  let since: Timestamp | null = addMicros(startOfUtcDay(now), -DEFAULT_FILTER_LOOKBACK_DAYS * 86_400_000_000);
  let until: Timestamp | null = now;
  let untilGiven = false;
  if (given(src.occurred)) {
    const l = [...loc, 'occurred'];
    const o = objectWith(src.occurred, l, 'EventOccurredFilter', ['since', 'until'], issues);
    if (o) {
      if (given(o.since)) since = validateTimestampField(o.since, [...l, 'since'], issues);
      if (given(o.until)) {
        until = validateTimestampField(o.until, [...l, 'until'], issues);
        untilGiven = true;
      }
    }
  }
  const filter: EventFilter = { occurred: { since: since ?? '', until: until ?? '' }, order: 'DESC' };

  // event
  if (given(src.event)) {
    const l = [...loc, 'event'];
    const o = objectWith(src.event, l, 'EventNameFilter', ['prefix', 'exclude_prefix', 'name', 'exclude_name'], issues);
    if (o) {
      const ev: NonNullable<EventFilterInput['event']> = {};
      for (const key of ['prefix', 'exclude_prefix', 'name', 'exclude_name'] as const) {
        const v = optionalList(o, key, l, issues, limits);
        if (v) ev[key] = v;
      }
      if (Object.keys(ev).length) filter.event = ev;
    }
  }

  // resource
  if (given(src.resource)) {
    const l = [...loc, 'resource'];
    const o = objectWith(src.resource, l, 'EventResourceFilter', ['id', 'id_prefix', 'labels', 'distinct'], issues);
    if (o) {
      const r: NonNullable<EventFilterInput['resource']> = {};
      const id = optionalList(o, 'id', l, issues, limits);
      if (id) r.id = id;
      const prefix = optionalList(o, 'id_prefix', l, issues, limits);
      if (prefix) r.id_prefix = prefix;
      if (given(o.labels)) {
        const spec = parseResourceSpec(o.labels, [...l, 'labels'], issues, limits);
        if (spec && !isEmptySpec(spec)) r.labels = spec;
      }
      if (o.distinct !== undefined) {
        const d = parseBool(o.distinct);
        if (d === null) issues.push(boolType([...l, 'distinct'], o.distinct));
        else if (d) r.distinct = true;
      }
      if (Object.keys(r).length) filter.resource = r;
    }
  }

  // related / any_resource: one object or a list (AND of each)
  if (given(src.related) && withinList(src.related, [...loc, 'related'], limits.maxResourceFilters, issues)) {
    const list = oneOrMany(src.related).map((item, i) =>
      parseRelated(item, Array.isArray(src.related) ? [...loc, 'related', i] : [...loc, 'related'], issues, limits),
    );
    const kept = list.filter((x): x is RelatedFilterInput => x !== null && Object.keys(x).length > 0);
    if (kept.length) filter.related = kept;
  }
  if (given(src.any_resource) && withinList(src.any_resource, [...loc, 'any_resource'], limits.maxResourceFilters, issues)) {
    const list = oneOrMany(src.any_resource).map((item, i) =>
      parseAnyResource(item, Array.isArray(src.any_resource) ? [...loc, 'any_resource', i] : [...loc, 'any_resource'], issues, limits),
    );
    const kept = list.filter((x): x is AnyResourceFilterInput => x !== null && Object.keys(x).length > 0);
    if (kept.length) filter.any_resource = kept;
  }

  // id
  if (given(src.id)) {
    const l = [...loc, 'id'];
    const o = objectWith(src.id, l, 'EventIDFilter', ['id'], issues);
    if (o && given(o.id)) {
      if (!Array.isArray(o.id)) issues.push(issue([...l, 'id'], 'list_type', 'Input should be a valid list', o.id));
      else if (withinList(o.id, [...l, 'id'], limits.maxListItems, issues)) {
        const ids: string[] = [];
        o.id.forEach((v, i) => {
          const u = validateUuidField(v, [...l, 'id', i], issues);
          if (u !== null) ids.push(u);
        });
        if (ids.length) filter.id = { id: ids };
      }
    }
  }

  // text
  if (given(src.text)) {
    const l = [...loc, 'text'];
    const o = objectWith(src.text, l, 'EventTextFilter', ['query'], issues);
    if (o) {
      if (o.query === undefined) issues.push(missing([...l, 'query'], o));
      else if (typeof o.query !== 'string') issues.push(issue([...l, 'query'], 'string_type', 'Input should be a valid string', o.query));
      else if (o.query.length > MAX_TEXT_QUERY_LENGTH) {
        issues.push(
          issue([...l, 'query'], 'string_too_long', `String should have at most ${MAX_TEXT_QUERY_LENGTH} characters`, o.query, {
            max_length: MAX_TEXT_QUERY_LENGTH,
          }),
        );
      } else {
        const q = parseTextQuery(o.query);
        if (q.include.length || q.exclude.length || q.required.length) filter.text = { query: o.query };
      }
    }
  }

  // order
  if (given(src.order)) {
    if (src.order === 'ASC' || src.order === 'DESC') filter.order = src.order as Order;
    else {
      issues.push(issue([...loc, 'order'], 'enum', "Input should be 'ASC' or 'DESC'", src.order, { expected: "'ASC' or 'DESC'" }));
    }
  }

  if (issues.length) return { ok: false, issues };
  const terms = filterTerms(filter);
  if (terms > limits.maxTerms) {
    const message = `The filter holds ${terms} values (list entries, labels and label patterns); the limit is ${limits.maxTerms}`;
    return { ok: false, issues: [issue(loc, 'value_error', `Value error, ${message}`, undefined, { error: {} })] };
  }
  // Prefect's key order, so echoed filters read naturally.
  const ordered: EventFilter = { occurred: filter.occurred, order: filter.order };
  for (const key of ['event', 'resource', 'related', 'any_resource', 'id', 'text'] as const) {
    if (filter[key] !== undefined) (ordered as unknown as Record<string, unknown>)[key] = filter[key];
  }
  delete (ordered as Partial<EventFilter>).order;
  ordered.order = filter.order;
  return { ok: true, filter: ordered, untilGiven };
}

function oneOrMany(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function parseRelated(input: unknown, loc: Loc, issues: ValidationIssue[], limits: FilterLimits): RelatedFilterInput | null {
  const o = objectWith(input, loc, 'EventRelatedFilter', ['id', 'role', 'resources_in_roles', 'labels'], issues);
  if (!o) return null;
  const r: RelatedFilterInput = {};
  const id = optionalList(o, 'id', loc, issues, limits);
  if (id) r.id = id;
  const role = optionalList(o, 'role', loc, issues, limits);
  if (role) r.role = role;
  if (given(o.resources_in_roles)) {
    const l = [...loc, 'resources_in_roles'];
    if (!Array.isArray(o.resources_in_roles)) issues.push(issue(l, 'list_type', 'Input should be a valid list', o.resources_in_roles));
    else if (withinList(o.resources_in_roles, l, limits.maxListItems, issues)) {
      const pairs: [string, string][] = [];
      o.resources_in_roles.forEach((p, i) => {
        if (!Array.isArray(p)) issues.push(issue([...l, i], 'tuple_type', 'Input should be a valid tuple', p));
        else if (p.length !== 2) {
          issues.push(
            p.length < 2
              ? issue([...l, i], 'too_short', `Tuple should have at least 2 items after validation, not ${p.length}`, p, {
                  field_type: 'Tuple',
                  min_length: 2,
                  actual_length: p.length,
                })
              : issue([...l, i], 'too_long', `Tuple should have at most 2 items after validation, not ${p.length}`, p, {
                  field_type: 'Tuple',
                  max_length: 2,
                  actual_length: p.length,
                }),
          );
        } else if (typeof p[0] !== 'string' || typeof p[1] !== 'string') {
          const k = typeof p[0] !== 'string' ? 0 : 1;
          issues.push(issue([...l, i, k], 'string_type', 'Input should be a valid string', p[k]));
        } else pairs.push([p[0], p[1]]);
      });
      if (pairs.length) r.resources_in_roles = pairs;
    }
  }
  if (given(o.labels)) {
    const spec = parseResourceSpec(o.labels, [...loc, 'labels'], issues, limits);
    if (spec && !isEmptySpec(spec)) r.labels = spec;
  }
  return r;
}

function parseAnyResource(input: unknown, loc: Loc, issues: ValidationIssue[], limits: FilterLimits): AnyResourceFilterInput | null {
  const o = objectWith(input, loc, 'EventAnyResourceFilter', ['id', 'id_prefix', 'labels'], issues);
  if (!o) return null;
  const r: AnyResourceFilterInput = {};
  const id = optionalList(o, 'id', loc, issues, limits);
  if (id) r.id = id;
  const prefix = optionalList(o, 'id_prefix', loc, issues, limits);
  if (prefix) r.id_prefix = prefix;
  if (given(o.labels)) {
    const spec = parseResourceSpec(o.labels, [...loc, 'labels'], issues, limits);
    if (spec && !isEmptySpec(spec)) r.labels = spec;
  }
  return r;
}

/** Pydantic's lax boolean. */
function parseBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['true', 't', 'yes', 'y', 'on', '1'].includes(s)) return true;
    if (['false', 'f', 'no', 'n', 'off', '0'].includes(s)) return false;
  }
  return null;
}
