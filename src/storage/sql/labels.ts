// The label index: one `event_labels` row per label of an event's primary resource (except
// `prefect.resource.id`, which is the events.resource_id column), ordered (ws, label, value, occurred).
//
// A `resource.labels` filter stays an exact test on the event's JSON (filter.ts); the index only
// narrows which events are tested, when the storage chooses to drive a query from it (plan.ts).
// Figures: docs/storage.md#label-index.

import { parseGlob } from '../../events/index.js';
import type { EventFilter, ResourceSpecification } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
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

/** The first label of the filter's `resource.labels` whose every pattern has a value range, or null. */
export function labelProbe(f: EventFilter): LabelProbe | null {
  const spec: ResourceSpecification | null | undefined = f.resource?.labels;
  if (!spec) return null;
  for (const label of Object.keys(spec)) {
    if (label === 'prefect.resource.id' || label === 'prefect.resource.role') continue;
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
 * How many index entries the probe's value ranges cover, in the filter's time window, counting at
 * most `bound + 1` — the work the index-driven plan would do.
 */
export function labelEntriesSql(d: SqlDialect, ws: number, f: EventFilter, probe: LabelProbe, bound: number): Statement {
  const p = d.params();
  const where = entryConditions(d, p, ws, f, probe);
  return { sql: `SELECT count(*) AS n FROM (SELECT 1 FROM event_labels l WHERE ${where} LIMIT ${p.add(bound + 1)}) m`, params: p };
}

/** The condition that drives a query from the label index: events with an entry in the probe's ranges. */
export function labelDriver(d: SqlDialect, p: Params, e: string, ws: number, f: EventFilter, probe: LabelProbe): string {
  return `${e}.seq IN (SELECT l.event_seq FROM event_labels l WHERE ${entryConditions(d, p, ws, f, probe)})`;
}
