// The in-memory EventFilter predicate ([compat S2.5], [compat S7.4]): every sub-filter, including `related`,
// which Prefect ignores on live streams ([compat D10.1] — we implement it). Semantics follow Prefect's SQL
// (the authoritative path): resource-level criteria are evaluated per "row" as in `event_resources`
// — the primary resource is a row with role '' and each related resource a row with its role.
//
// Label specs in filters (resource.labels, related.labels, any_resource.labels):
//   `prefect.resource.id`   → glob (with `!`) against the row's id;
//   `prefect.resource.role` → EXACT membership in the given value(s) against the row's role (no glob,
//                             no `!`), as Prefect's SQL does; the primary row's role is '' for
//                             any_resource, and absent (never matches) for resource.labels;
//   any other label         → glob (with `!`) against the row's label value; missing never matches.
// Globs are full fnmatch everywhere ([compat D10.9]); prefixes are literal (no LIKE wildcards, [compat D10.10]).

import { labelValue, labelValueMatches } from './labels.js';
import { parseTextQuery, searchableText, textMatches, type TextQuery } from './text-search.js';
import { MAX_TIMESTAMP } from './time.js';
import type { AnyResourceFilterInput, Event, EventFilter, RelatedFilterInput, Resource, ResourceSpecification } from './types.js';

const ID = 'prefect.resource.id';
const ROLE = 'prefect.resource.role';

interface Row {
  id: string;
  /** '' for the primary resource; undefined when the role must never match (resource.labels). */
  role: string | undefined;
  labels: Resource;
}

type Check = { name: string; test: (event: Event) => boolean };

function rowLabelsMatch(spec: ResourceSpecification, row: Row): boolean {
  for (const label in spec) {
    const patterns = spec[label];
    if (label === ID) {
      if (!labelValueMatches(patterns, row.id)) return false;
    } else if (label === ROLE) {
      if (row.role === undefined) return false;
      if (typeof patterns === 'string' ? patterns !== row.role : !patterns.includes(row.role)) return false;
    } else if (!labelValueMatches(patterns, labelValue(row.labels, label))) {
      return false;
    }
  }
  return true;
}

function primaryRow(event: Event, role: string | undefined): Row {
  return { id: event.resource[ID], role, labels: event.resource };
}

function relatedRow(r: Resource): Row {
  return { id: r[ID], role: r[ROLE], labels: r };
}

function relatedRowMatches(f: RelatedFilterInput, row: Row): boolean {
  if (f.id && !f.id.includes(row.id)) return false;
  if (f.role && !f.role.includes(row.role!)) return false;
  if (f.resources_in_roles && !f.resources_in_roles.some(([id, role]) => id === row.id && role === row.role)) return false;
  if (f.labels && !rowLabelsMatch(f.labels, row)) return false;
  return true;
}

function relatedMatches(f: RelatedFilterInput, event: Event): boolean {
  // Without `role`, Prefect's SQL adds `resource_role <> ''`: the primary resource is excluded.
  // With `role`, the primary row (role '') takes part and matches only if '' is a listed role.
  if (f.role?.includes('') && relatedRowMatches(f, primaryRow(event, ''))) return true;
  for (const r of event.related) if (relatedRowMatches(f, relatedRow(r))) return true;
  return false;
}

function anyResourceRowMatches(f: AnyResourceFilterInput, row: Row): boolean {
  if (f.id && !f.id.includes(row.id)) return false;
  if (f.id_prefix && !f.id_prefix.some((p) => row.id.startsWith(p))) return false;
  if (f.labels && !rowLabelsMatch(f.labels, row)) return false;
  return true;
}

function anyResourceMatches(f: AnyResourceFilterInput, event: Event): boolean {
  if (anyResourceRowMatches(f, primaryRow(event, ''))) return true;
  for (const r of event.related) if (anyResourceRowMatches(f, relatedRow(r))) return true;
  return false;
}

const isEmpty = (o: object): boolean => Object.keys(o).length === 0;

function buildChecks(filter: EventFilter): Check[] {
  const checks: Check[] = [];
  const { since, until } = filter.occurred;
  checks.push({ name: 'occurred.since', test: (e) => e.occurred >= since });
  checks.push({ name: 'occurred.until', test: (e) => e.occurred <= until });

  const ev = filter.event;
  if (ev) {
    if (ev.prefix?.length) {
      const list = ev.prefix;
      checks.push({ name: 'event.prefix', test: (e) => list.some((p) => e.event.startsWith(p)) });
    }
    if (ev.exclude_prefix?.length) {
      const list = ev.exclude_prefix;
      checks.push({ name: 'event.exclude_prefix', test: (e) => !list.some((p) => e.event.startsWith(p)) });
    }
    if (ev.name?.length) {
      const set = new Set(ev.name);
      checks.push({ name: 'event.name', test: (e) => set.has(e.event) });
    }
    if (ev.exclude_name?.length) {
      const set = new Set(ev.exclude_name);
      checks.push({ name: 'event.exclude_name', test: (e) => !set.has(e.event) });
    }
  }

  const res = filter.resource;
  if (res) {
    if (res.id?.length) {
      const set = new Set(res.id);
      checks.push({ name: 'resource.id', test: (e) => set.has(e.resource[ID]) });
    }
    if (res.id_prefix?.length) {
      const list = res.id_prefix;
      checks.push({ name: 'resource.id_prefix', test: (e) => list.some((p) => e.resource[ID].startsWith(p)) });
    }
    if (res.labels && !isEmpty(res.labels)) {
      const spec = res.labels;
      checks.push({ name: 'resource.labels', test: (e) => rowLabelsMatch(spec, primaryRow(e, undefined)) });
    }
    // `distinct` shapes the query result (one event per resource), it is not a per-event predicate.
  }

  const related =
    filter.related === undefined || filter.related === null ? [] : Array.isArray(filter.related) ? filter.related : [filter.related];
  related.forEach((raw, i) => {
    const f = withoutEmpty(raw);
    if (!isEmpty(f)) checks.push({ name: `related[${i}]`, test: (e) => relatedMatches(f, e) });
  });

  const anyRes =
    filter.any_resource === undefined || filter.any_resource === null
      ? []
      : Array.isArray(filter.any_resource)
        ? filter.any_resource
        : [filter.any_resource];
  anyRes.forEach((raw, i) => {
    const f = withoutEmpty(raw);
    if (!isEmpty(f)) checks.push({ name: `any_resource[${i}]`, test: (e) => anyResourceMatches(f, e) });
  });

  if (filter.id?.id?.length) {
    const set = new Set(filter.id.id.map((x) => x.toLowerCase()));
    checks.push({ name: 'id', test: (e) => set.has(e.id) });
  }

  if (filter.text?.query) {
    const q: TextQuery = parseTextQuery(filter.text.query);
    if (q.include.length || q.exclude.length || q.required.length) {
      checks.push({ name: 'text', test: (e) => textMatches(q, searchableText(e)) });
    }
  }
  return checks;
}

/** Drops null/empty constraints so a hand-built filter behaves like a parsed one. */
function withoutEmpty<T extends object>(f: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && isEmpty(v)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export interface CompiledEventFilter {
  readonly filter: EventFilter;
  matches(event: Event): boolean;
  explain(event: Event): FilterExplanation;
}

export interface FilterExplanation {
  match: boolean;
  /** The first failing criterion, e.g. `occurred.until`, `event.prefix`, `related[0]`, `text`. */
  reason?: string;
}

/**
 * Compiles a (parsed) filter once: sets, globs and the text query are prepared up front. Hold on
 * to the result for filters evaluated many times (live subscriptions, triggers).
 */
export function compileEventFilter(filter: EventFilter): CompiledEventFilter {
  const checks = buildChecks(filter);
  const n = checks.length;
  return {
    filter,
    matches(event) {
      for (let i = 0; i < n; i++) if (!checks[i].test(event)) return false;
      return true;
    },
    explain(event) {
      for (let i = 0; i < n; i++) if (!checks[i].test(event)) return { match: false, reason: checks[i].name };
      return { match: true };
    },
  };
}

const compiled = new WeakMap<EventFilter, CompiledEventFilter>();

function compiledFor(filter: EventFilter): CompiledEventFilter {
  let c = compiled.get(filter);
  if (!c) {
    c = compileEventFilter(filter);
    compiled.set(filter, c);
  }
  return c;
}

/**
 * Whether `event` satisfies every part of `filter`. The compiled form is cached per filter object,
 * so do not mutate a filter after first use (parse a new one instead).
 */
export function eventMatchesFilter(filter: EventFilter, event: Event): boolean {
  return compiledFor(filter).matches(event);
}

/** Like `eventMatchesFilter`, naming the first failing criterion. */
export function explainFilter(filter: EventFilter, event: Event): FilterExplanation {
  return compiledFor(filter).explain(event);
}

/**
 * The filter a live stream should apply ([compat D10.2]): when the client did not give `occurred.until`
 * (`untilGiven` from `parseEventFilter`), there is no end instead of "parse time".
 */
export function liveFilter(filter: EventFilter, untilGiven: boolean): EventFilter {
  if (untilGiven) return filter;
  return { ...filter, occurred: { since: filter.occurred.since, until: MAX_TIMESTAMP } };
}
