// Events per minute and name (`event_counts`, PostgreSQL migration 7): kept by the insert statement
// (insert.ts) and by retention (delete.ts) in the same statements that write and delete the events,
// so it is exactly as committed as they are.
//
// What it answers: count-by/time when the filter selects by time and event name only — the feed's
// histogram with no other filter, and any bucket width that is a whole number of minutes with a
// pivot on a minute. Minutes wholly inside the range come from the counts; the partial minutes at
// either end are counted from the events themselves; all in one statement (one snapshot). A week
// of 2 M events in hourly buckets read 2 M index entries (≈ 470 ms, docs/storage.md); it now reads
// ≈ 10,000 rows of counts per event name.

import { microsToTimestamp, timestampToMicros } from '../../events/index.js';
import type { EventFilter, Timestamp } from '../../events/types.js';
import type { SqlDialect } from '../sql/dialect.js';
import { filterConditions } from '../sql/filter.js';
import type { Statement } from '../sql/params.js';

/** The origin of the minutes (a UTC minute, so no time zone moves them). */
export const ROLLUP_ORIGIN = '2001-01-01T00:00:00Z';

const MINUTE_US = 60_000_000;
/** Criteria the counts can answer: time and event name. */
const ANSWERABLE = new Set(['occurred', 'event', 'order']);

/** True when nothing in `value` narrows a filter (absent, null, an empty list, false, or only such fields). */
function blank(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(blank);
  return false;
}

/**
 * count-by/time for `f` from the per-minute counts, or null when they cannot answer it (a criterion
 * other than time and name, buckets that do not fall on minutes, or a range holding no whole minute).
 */
export function countByTimeFromRollupSql(
  d: SqlDialect,
  ws: number,
  f: EventFilter,
  widthMicros: number,
  pivot: Timestamp,
): Statement | null {
  if (Object.entries(f).some(([key, value]) => !ANSWERABLE.has(key) && !blank(value))) return null;
  const pivotUs = timestampToMicros(pivot);
  if (!Number.isSafeInteger(widthMicros) || widthMicros % MINUTE_US !== 0 || pivotUs % MINUTE_US !== 0) return null;
  const sinceUs = timestampToMicros(f.occurred.since);
  const untilUs = timestampToMicros(f.occurred.until); // inclusive
  // Whole minutes [fullStart, fullEnd): each starts at or after `since` and ends by `until`.
  const fullStart = Math.ceil(sinceUs / MINUTE_US) * MINUTE_US;
  const fullEnd = Math.floor((untilUs + 1) / MINUTE_US) * MINUTE_US;
  if (fullEnd <= fullStart) return null;

  const p = d.params();
  // The bucket of a time, as the per-row plan computes it (postgres/dialect.ts `bucket`); whole
  // minutes fall in one bucket each, as buckets start on minutes.
  const pivotParam = p.add(String(pivotUs), 'numeric');
  const widthParam = p.add(String(widthMicros), 'numeric');
  const bucket = { index: (ts: string) => `floor((extract(epoch FROM ${ts}) * 1000000 - ${pivotParam}) / ${widthParam})::bigint` };
  const within = (since: number, until: number): EventFilter => ({
    ...f,
    occurred: { since: microsToTimestamp(since), until: microsToTimestamp(until) },
  });
  const minutes = filterConditions(d, p, ws, within(fullStart, fullEnd - MINUTE_US)).join(' AND ');
  const parts = [
    `SELECT ${bucket.index('e.occurred')} AS bucket, e.n FROM (SELECT ws, minute AS occurred, event, n FROM event_counts) e WHERE ${minutes}`,
  ];
  const edge = (since: number, until: number) =>
    `SELECT ${bucket.index('e.occurred')} AS bucket, 1 AS n FROM events e WHERE ${filterConditions(d, p, ws, within(since, until)).join(' AND ')}`;
  if (sinceUs < fullStart) parts.push(edge(sinceUs, fullStart - 1));
  if (fullEnd <= untilUs) parts.push(edge(fullEnd, untilUs));
  return {
    sql: `SELECT bucket, sum(n) AS n FROM (${parts.join(' UNION ALL ')}) t GROUP BY bucket HAVING sum(n) > 0 ORDER BY bucket`,
    params: p,
  };
}
