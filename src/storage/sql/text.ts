// Text search ([compat S2.5] `text.query`) → SQL. The query is parsed by src/events (one parser), and each
// term is looked up in the event's stored searchable text — `searchableText(event)` lower-cased in
// JS at insert time, so SQL compares case-sensitively against lower-cased terms and agrees with the
// in-memory predicate by construction. Indexed per dialect (SQLite FTS5 trigram, PostgreSQL
// pg_trgm GIN) instead of Prefect's `LIKE '%…%'` over four JSON columns ([compat D10.27]).

import { parseTextQuery } from '../../events/index.js';
import type { SqlDialect } from './dialect.js';
import type { Params } from './params.js';

/** Terms come lower-cased from parseTextQuery; folding again is a no-op kept for safety. */
const foldCase = (s: string): string => s.toLowerCase();

/** `driven`: the term whose candidates already drive the query (sql/plan.ts), if any. */
export function textConditions(d: SqlDialect, p: Params, e: string, query: string, driven?: string): string[] {
  const q = parseTextQuery(query);
  const out: string[] = [];
  const contains = (t: string, mode: 'include' | 'required') => d.textContains(p, e, foldCase(t), mode, foldCase(t) === driven);
  if (q.include.length > 0) {
    const alts = q.include.map((t) => contains(t, 'include'));
    out.push(alts.length === 1 ? alts[0] : `(${alts.join(' OR ')})`);
  }
  for (const t of q.required) out.push(contains(t, 'required'));
  for (const t of q.exclude) out.push(d.textContains(p, e, foldCase(t), 'exclude'));
  return out;
}

/**
 * The one term every match must contain, if the query has one a count could be driven from: a
 * required term (`+word`), or the only include term. Several include terms (any of them) or only
 * exclusions give none.
 */
export function drivingTerm(query: string): string | null {
  const q = parseTextQuery(query);
  if (q.required.length > 0) return foldCase(q.required[0]);
  return q.include.length === 1 ? foldCase(q.include[0]) : null;
}
