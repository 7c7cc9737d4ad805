// Choosing how to run a filter with a `resource.labels` criterion. The label index (sql/labels.ts)
// narrows the filter to its candidates; reading them pays when they are few and costs when they are
// many — and what "many" means depends on the query:
//   • a count reads every match in the window anyway: the index pays up to COUNT_DRIVE_LIMIT
//     candidates (each a lookup by key, against a scan of every event in the window);
//   • a page stops at the first `limit` matches in time order: the plain scan wins unless matches
//     are rare, so the index drives a page only up to PAGE_DRIVE_LIMIT candidates.
// SQLite's planner has no statistics to tell these apart, so the storage measures first: a bounded
// count of the label's index entries in the window (one index range, a few ms at worst).
// Figures: docs/storage.md#label-index.

import type { EventFilter } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { type LabelProbe, labelEntriesSql, labelProbe } from './labels.js';
import type { Statement } from './params.js';

/** Above this many candidates a count is cheaper as a scan of the window. */
export const COUNT_DRIVE_LIMIT = 100_000;
/** Above this many candidates a page is cheaper as a scan in time order that stops early. */
export const PAGE_DRIVE_LIMIT = 2_000;

/** How the storage runs a filter: `labels` set = drive from the label index. Never changes results. */
export interface QueryPlan {
  labels?: LabelProbe | null;
}

/** `events e` for a FROM clause: read by key only when the plan drives from the index's list. */
export function eventsSource(d: SqlDialect, plan: QueryPlan): string {
  return plan.labels ? d.byKeyOnly('events e') : 'events e';
}

/** The plan for `f` in a query of kind `kind`; `count` runs a statement answering one row `{ n }`. */
export async function planQuery(
  d: SqlDialect,
  ws: number,
  f: EventFilter,
  kind: 'page' | 'count',
  count: (s: Statement) => Promise<number>,
): Promise<QueryPlan> {
  const probe = labelProbe(f);
  if (!probe) return {};
  const limit = kind === 'page' ? PAGE_DRIVE_LIMIT : COUNT_DRIVE_LIMIT;
  return (await count(labelEntriesSql(d, ws, f, probe, limit))) <= limit ? { labels: probe } : {};
}
