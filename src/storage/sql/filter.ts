// EventFilter ([compat S2.5]) → SQL conditions on `events e`, with EXACTLY the semantics of the in-memory
// predicate in src/events ([arch I6]; test/filter-agreement.test.ts checks it).
//
// Resource-level criteria (resource.id/id_prefix, related, any_resource) go through the narrow
// `event_resources` table — one row per involved resource (`pos` 0 = primary, n = related[n-1]) —
// so one related filter is matched against ONE resource row (same-row semantics). Label values are
// read from the event's own JSON at that position, so labels are stored once (no [compat D10.29] copy).
//   • criteria with ids / id prefixes → `e.seq IN (SELECT … FROM event_resources r …)` scoped by
//     workspace and the time window, driven by the (ws, resource_id, occurred) index;
//   • criteria without ids (roles, labels) → a correlated EXISTS on r's primary key (event_seq, pos),
//     driven by whatever index selects the events.

import type { AnyResourceFilterInput, EventFilter, RelatedFilterInput, ResourceSpecification } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { labelDriver } from './labels.js';
import type { Params } from './params.js';
import type { QueryPlan } from './plan.js';
import { textConditions } from './text.js';

const TRUE = '1=1';
const FALSE = '1=0';

function nonEmpty<T>(list: readonly T[] | null | undefined): list is readonly T[] {
  return Array.isArray(list) && list.length > 0;
}

/** A filter part that may be one spec or a list of them, as a list. */
export function listOf<T>(value: T | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const anyOf = (parts: string[]): string => (parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);

/** Every condition of `filter` for events of workspace key `ws`, to be AND-ed. */
export function filterConditions(d: SqlDialect, p: Params, ws: number, f: EventFilter, plan: QueryPlan = {}): string[] {
  const e = 'e';
  const c: string[] = [`${e}.ws = ${p.add(ws)}`];
  const since = f.occurred.since;
  const until = f.occurred.until;
  c.push(`${e}.occurred >= ${d.ts(p, since)}`, `${e}.occurred <= ${d.ts(p, until)}`);
  const live = d.liveCheck(e);
  if (live) c.push(live);

  const ev = f.event;
  if (nonEmpty(ev?.prefix)) c.push(anyOf(ev.prefix.map((x) => d.startsWith(p, `${e}.event`, x))));
  if (nonEmpty(ev?.exclude_prefix)) c.push(`NOT ${anyOf(ev.exclude_prefix.map((x) => d.startsWith(p, `${e}.event`, x)))}`);
  if (nonEmpty(ev?.name)) c.push(d.inText(p, `${e}.event`, ev.name));
  if (nonEmpty(ev?.exclude_name)) c.push(`NOT ${d.inText(p, `${e}.event`, ev.exclude_name)}`);

  const res = f.resource;
  const window = { ws, since, until };
  if (nonEmpty(res?.id)) c.push(viaResourceIndex(d, p, e, window, ['r.pos = 0', d.inText(p, 'r.resource_id', res.id)], false));
  if (nonEmpty(res?.id_prefix)) {
    const prefixes = anyOf(res.id_prefix.map((x) => d.startsWith(p, 'r.resource_id', x)));
    c.push(viaResourceIndex(d, p, e, window, ['r.pos = 0', prefixes], false));
  }
  if (plan.labels) c.push(labelDriver(d, p, e, ws, f, plan.labels));
  if (plan.text) c.push(`${e}.seq IN (${plan.text.candidates(d, p)})`);
  if (res?.labels) c.push(specConditions(d, p, res.labels, `${e}.resource`, `${e}.resource_id`, null));

  for (const rel of listOf(f.related)) {
    const sql = relatedCondition(d, p, e, window, rel);
    if (sql) c.push(sql);
  }
  for (const any of listOf(f.any_resource)) {
    const sql = anyResourceCondition(d, p, e, window, any);
    if (sql) c.push(sql);
  }

  if (nonEmpty(f.id?.id)) c.push(d.inIds(p, `${e}.id`, f.id.id));
  if (f.text) c.push(...textConditions(d, p, e, f.text.query, plan.text?.term));
  return c;
}

interface Window {
  ws: number;
  since: string;
  until: string;
}

/**
 * Events having a resource row that satisfies `rowConditions` (which may use `r` and, when
 * `needsEvent`, `x` — the row's event, for its labels JSON).
 */
function viaResourceIndex(d: SqlDialect, p: Params, e: string, w: Window, rowConditions: string[], needsEvent: boolean): string {
  const join = needsEvent ? ' JOIN events x ON x.seq = r.event_seq' : '';
  const where = [`r.ws = ${p.add(w.ws)}`, `r.occurred >= ${d.ts(p, w.since)}`, `r.occurred <= ${d.ts(p, w.until)}`, ...rowConditions];
  return `${e}.seq IN (SELECT r.event_seq FROM event_resources r${join} WHERE ${where.join(' AND ')})`;
}

function correlated(e: string, rowConditions: string[]): string {
  return `EXISTS (SELECT 1 FROM event_resources r WHERE r.event_seq = ${e}.seq AND ${rowConditions.join(' AND ')})`;
}

/**
 * A ResourceSpecification ([compat S1.4]) against one resource row: AND across labels, OR across a label's
 * patterns, `!` negates, a missing label never matches, `[]` matches nothing, `{}` everything.
 * As in src/events' predicate (and Prefect's SQL): `prefect.resource.id` is a glob on the row's id
 * column; `prefect.resource.role` is EXACT membership (no glob, no `!`) against the row's role
 * ('' for the primary row) — and never matches in `resource.labels` (`roleExpr` null).
 */
function specConditions(
  d: SqlDialect,
  p: Params,
  spec: ResourceSpecification,
  json: string,
  idExpr: string,
  roleExpr: string | null,
): string {
  const parts: string[] = [];
  for (const label of Object.keys(spec)) {
    const raw = spec[label];
    const patterns = typeof raw === 'string' ? [raw] : raw;
    if (patterns.length === 0) {
      parts.push(FALSE);
      continue;
    }
    if (label === 'prefect.resource.role') {
      parts.push(roleExpr === null ? FALSE : d.inText(p, roleExpr, patterns));
      continue;
    }
    const value = label === 'prefect.resource.id' ? idExpr : d.label(p, json, label);
    const alternatives = patterns.map((pattern) =>
      pattern.startsWith('!')
        ? `(${value} IS NOT NULL AND NOT ${d.glob(p, value, pattern.slice(1))})`
        : `(${value} IS NOT NULL AND ${d.glob(p, value, pattern)})`,
    );
    parts.push(anyOf(alternatives));
  }
  return parts.length === 0 ? TRUE : parts.join(' AND ');
}

function isEmptySpec(spec: ResourceSpecification | null | undefined): boolean {
  return !spec || Object.keys(spec).length === 0;
}

/**
 * One EventRelatedFilter: some related resource satisfies all criteria. The primary resource (role
 * '') takes part only when '' is one of the listed roles — Prefect's SQL adds `resource_role <> ''`
 * only when no role is given.
 */
function relatedCondition(d: SqlDialect, p: Params, e: string, w: Window, rel: RelatedFilterInput): string | null {
  const hasIds = nonEmpty(rel.id);
  const hasPairs = nonEmpty(rel.resources_in_roles);
  const hasRoles = nonEmpty(rel.role);
  const hasLabels = !isEmptySpec(rel.labels);
  if (!hasIds && !hasPairs && !hasRoles && !hasLabels) return null; // an empty related filter matches everything
  const indexed = hasIds || hasPairs;
  const ev = indexed ? 'x' : e;
  const rows: string[] = hasRoles && rel.role!.includes('') ? [] : ['r.pos > 0'];
  if (hasIds) rows.push(d.inText(p, 'r.resource_id', rel.id!));
  if (hasRoles) rows.push(d.inText(p, 'r.role', rel.role!));
  if (hasPairs) rows.push(d.inPairs(p, 'r.resource_id', 'r.role', rel.resources_in_roles!));
  if (hasLabels) rows.push(specConditions(d, p, rel.labels!, d.resourceLabels('r', ev), 'r.resource_id', 'r.role'));
  return indexed ? viaResourceIndex(d, p, e, w, rows, hasLabels) : correlated(e, rows);
}

/** One EventAnyResourceFilter: the primary or some related resource satisfies all criteria. */
function anyResourceCondition(d: SqlDialect, p: Params, e: string, w: Window, any: AnyResourceFilterInput): string | null {
  const hasIds = nonEmpty(any.id);
  const hasPrefixes = nonEmpty(any.id_prefix);
  const hasLabels = !isEmptySpec(any.labels);
  if (!hasIds && !hasPrefixes && !hasLabels) return null;
  const indexed = hasIds || hasPrefixes;
  const ev = indexed ? 'x' : e;
  const rows: string[] = [];
  if (hasIds) rows.push(d.inText(p, 'r.resource_id', any.id!));
  if (hasPrefixes) rows.push(anyOf(any.id_prefix!.map((x) => d.startsWith(p, 'r.resource_id', x))));
  if (hasLabels) rows.push(specConditions(d, p, any.labels!, d.resourceLabels('r', ev), 'r.resource_id', 'r.role'));
  return indexed ? viaResourceIndex(d, p, e, w, rows, hasLabels) : correlated(e, rows);
}
