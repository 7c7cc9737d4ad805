// The label index: one `event_labels` row per indexed label (rows.ts INDEXED_LABELS: the primary
// resource's name) of an event, ordered (ws, label, value, occurred).
//
// A `resource.labels` filter stays an exact test on the event's JSON (filter.ts); the index only
// narrows which events are tested, when the storage chooses to drive a query from it (plan.ts).
// Figures: docs/storage.md#label-index.

import { parseGlob } from '../../events/index.js';
import type { EventFilter, ResourceSpecification } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { INDEXED_LABELS } from '../rows.js';
import type { Params, Statement } from './params.js';

/** One label of `resource.labels` that the index can answer: each pattern an exact value or a prefix. */
export interface LabelProbe {
  label: string;
  /** The value range of each of the label's patterns (OR-ed). */
  ranges: ({ exact: string } | { prefix: string })[];
}

/**
 * What a glob pattern guarantees about a matching value: all of it (literals only), a non-empty
 * literal prefix, or nothing the index can use (negation, or a wildcard first).
 */
function valueRange(pattern: string): { exact: string } | { prefix: string } | null {
  if (pattern.startsWith('!')) return null;
  const tokens = parseGlob(pattern);
  if (tokens.length === 0) return { exact: '' };
  if (tokens.every((t) => t.type === 'literal')) return { exact: tokens.map((t) => (t.type === 'literal' ? t.value : '')).join('') };
  const first = tokens[0];
  return first.type === 'literal' && first.value.length > 0 ? { prefix: first.value } : null;
}

/** The first indexed label of the filter's `resource.labels` whose every pattern has a value range, or null. */
export function labelProbe(f: EventFilter): LabelProbe | null {
  const spec: ResourceSpecification | null | undefined = f.resource?.labels;
  if (!spec) return null;
  for (const label of Object.keys(spec)) {
    if (!INDEXED_LABELS.includes(label)) continue;
    const raw = spec[label];
    const patterns = typeof raw === 'string' ? [raw] : raw;
    if (patterns.length === 0) continue;
    const ranges = patterns.map(valueRange);
    if (ranges.every((r) => r !== null)) return { label, ranges: ranges as LabelProbe['ranges'] };
  }
  return null;
}

/** Index entries `l` of the probe's label, value ranges and the filter's time window. */
function entryConditions(d: SqlDialect, p: Params, ws: number, f: EventFilter, probe: LabelProbe): string {
  const values = probe.ranges.map((r) => ('exact' in r ? `l.value = ${p.add(r.exact)}` : d.startsWith(p, 'l.value', r.prefix)));
  return [
    `l.ws = ${p.add(ws)}`,
    `l.label = ${p.add(probe.label)}`,
    values.length === 1 ? values[0] : `(${values.join(' OR ')})`,
    `l.occurred >= ${d.ts(p, f.occurred.since)}`,
    `l.occurred <= ${d.ts(p, f.occurred.until)}`,
  ].join(' AND ');
}

/**
 * How many index entries the probe's value ranges cover in the filter's time window, plus the
 * events not indexed yet, each counted to at most `bound + 1` — the work the index-driven plan does.
 */
export function labelEntriesSql(d: SqlDialect, ws: number, f: EventFilter, probe: LabelProbe, bound: number): Statement {
  const p = d.params();
  const limit = p.add(bound + 1);
  const entries = `(SELECT count(*) FROM (SELECT 1 FROM ${d.labelTable} l WHERE ${entryConditions(d, p, ws, f, probe)} LIMIT ${limit}) m)`;
  const tail = d.labelIndexTail();
  return { sql: `SELECT ${entries}${tail ? ` + (SELECT count(*) FROM (${tail} LIMIT ${limit}) t)` : ''} AS n`, params: p };
}

/** The index entries the probe's value ranges cover in the filter's time window (for a planner's row estimate). */
export function labelEntriesSelect(d: SqlDialect, ws: number, f: EventFilter, probe: LabelProbe): Statement {
  const p = d.params();
  return { sql: `SELECT l.event_seq FROM ${d.labelTable} l WHERE ${entryConditions(d, p, ws, f, probe)}`, params: p };
}

/**
 * The condition that drives a query from the label index: events with an entry in the probe's
 * ranges, and every event the index does not cover yet (the outer conditions test them).
 */
export function labelDriver(d: SqlDialect, p: Params, e: string, ws: number, f: EventFilter, probe: LabelProbe): string {
  const entries = `SELECT l.event_seq FROM ${d.labelTable} l WHERE ${entryConditions(d, p, ws, f, probe)}`;
  const tail = d.labelIndexTail();
  return `${e}.seq IN (${entries}${tail ? ` UNION ALL ${tail}` : ''})`;
}
