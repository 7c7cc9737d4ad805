// Choosing how to run a filter with a `resource.labels` criterion. The label index (sql/labels.ts)
// narrows the filter to its candidates; reading them pays when they are few and costs when they are
// many — and what "many" means depends on the query:
//   • a count reads every match in the window anyway: the index pays up to COUNT_DRIVE_LIMIT
//     candidates (each a lookup by key, against a scan of every event in the window);
//   • a page stops at the first `limit` matches in time order: the plain scan wins unless matches
//     are rare, so the index drives a page only up to PAGE_DRIVE_LIMIT candidates.
// SQLite's planner has no statistics to tell these apart, so the storage measures first: a bounded
// count of the label's index entries in the window (one index range, a few ms at worst).
// PostgreSQL's planner has them: its estimate of the entries is asked instead (a fraction of a
// millisecond, where the same count took 7–9 ms for the 2 M-event bench store's 10,533 entries;
// it estimated 10,603).
// Figures: docs/storage.md#label-index.
//
// Text counts likewise (SQLite): a term's candidates come from the trigram index over all history,
// and testing each costs ≈ 3.7 µs, against ≈ 0.15 µs to check one row of the window against them. So
// a count is driven from the candidates when the window holds more than TEXT_DRIVE_RATIO times as
// many events (7 days of 2 M events, 19,905 candidates: 290 → 75 ms; a bounded `total` stops after
// its bound), and scans the window otherwise (24 h: 285,715 rows, 46 ms scanning, 75 driven).
// Pages are not driven: they stop after 50 matches in time order (≈ 5 ms either way).
// Figures: docs/storage.md "Text search".

import type { EventFilter } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { type LabelProbe, labelEntriesSelect, labelEntriesSql, labelProbe } from './labels.js';
import type { Params, Statement } from './params.js';
import { drivingTerm } from './text.js';

/** Above this many candidates a count is cheaper as a scan of the window. */
export const COUNT_DRIVE_LIMIT = 100_000;
/** Above this many candidates a page is cheaper as a scan in time order that stops early. */
export const PAGE_DRIVE_LIMIT = 2_000;

/** A text count is driven from its candidates when the window holds more than this many times as many events. */
export const TEXT_DRIVE_RATIO = 25;

/**
 * How the storage runs a filter: `labels` = drive from the label index, `text` = drive from a text
 * term's candidates. Never changes results: the filter's own conditions still decide every row.
 */
export interface QueryPlan {
  labels?: LabelProbe | null;
  text?: { term: string; candidates(d: SqlDialect, p: Params): string } | null;
}

/** `events e` for a FROM clause: read by key only when the plan drives from an IN list of seqs. */
export function eventsSource(d: SqlDialect, plan: QueryPlan): string {
  return plan.labels || plan.text ? d.byKeyOnly('events e') : 'events e';
}

/**
 * The plan for `f` in a query of kind `kind`; `count` runs a statement answering one row `{ n }`.
 * `estimate`, where the database can say how many rows a SELECT returns without running it
 * (PostgreSQL's planner), sizes the label index's entries instead of counting them.
 */
export async function planQuery(
  d: SqlDialect,
  ws: number,
  f: EventFilter,
  kind: 'page' | 'count',
  count: (s: Statement) => Promise<number>,
  estimate?: (select: Statement) => Promise<number>,
): Promise<QueryPlan> {
  const probe = labelProbe(f);
  if (probe) {
    const limit = kind === 'page' ? PAGE_DRIVE_LIMIT : COUNT_DRIVE_LIMIT;
    const entries = estimate ? await estimate(labelEntriesSelect(d, ws, f, probe)) : await count(labelEntriesSql(d, ws, f, probe, limit));
    if (entries <= limit) return { labels: probe };
  }
  return kind === 'count' ? textPlan(d, ws, f, count) : {};
}

/** Drive a count from a text term's candidates when they are few against the window (see above). */
async function textPlan(d: SqlDialect, ws: number, f: EventFilter, count: (s: Statement) => Promise<number>): Promise<QueryPlan> {
  const term = f.text?.query ? drivingTerm(f.text.query) : null;
  if (!term || d.textCandidates(d.params(), term) === null) return {};
  const candidates = (dialect: SqlDialect, p: Params) => dialect.textCandidates(p, term)!;
  const bounded = (sql: (p: Params) => string, limit: number): Statement => {
    const p = d.params();
    return { sql: `SELECT count(*) AS n FROM (${sql(p)} LIMIT ${p.add(limit + 1)}) m`, params: p };
  };
  // The window first (two index lookups): it bounds how many candidates are worth counting.
  const window = await count(windowEstimateSql(d, ws, f));
  const worth = Math.min(COUNT_DRIVE_LIMIT, Math.ceil(window / TEXT_DRIVE_RATIO) - 1);
  if (worth < 1) return {};
  const found = await count(bounded((p) => candidates(d, p), worth));
  return found <= worth ? { text: { term, candidates } } : {};
}

/**
 * About how many events the window holds, from two index lookups: the seqs of its first and last
 * events (seqs grow with arrival, and events mostly arrive in time order; other workspaces' events
 * and late arrivals make it an overestimate). Only a plan depends on it, never a result; counting
 * the window instead cost as much as the scan it was to avoid.
 */
function windowEstimateSql(d: SqlDialect, ws: number, f: EventFilter): Statement {
  const p = d.params();
  const edge = (op: '>=' | '<=', bound: string, order: 'ASC' | 'DESC') =>
    `(SELECT e.seq FROM events e WHERE e.ws = ${p.add(ws)} AND e.occurred ${op} ${d.ts(p, bound)} ORDER BY e.ws ${order}, e.occurred ${order} LIMIT 1)`;
  const last = edge('<=', f.occurred.until, 'DESC');
  const first = edge('>=', f.occurred.since, 'ASC');
  return { sql: `SELECT coalesce(${last} - ${first} + 1, 0) AS n`, params: p };
}
