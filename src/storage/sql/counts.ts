// count, count-by-time and count-by-group statements ([compat S2.2] total, [compat S2.4] count-by).

import type { EventFilter } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { filterConditions } from './filter.js';
import { eventsSource, type QueryPlan } from './plan.js';
import type { Statement } from './params.js';

export function countEventsSql(d: SqlDialect, ws: number, f: EventFilter, plan: QueryPlan = {}): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f, plan).join(' AND ');
  const what = f.resource?.distinct ? 'count(DISTINCT e.resource_id)' : 'count(*)';
  return { sql: `SELECT ${what} AS n FROM ${eventsSource(d, plan)} WHERE ${where}`, params: p };
}

/**
 * Counts at most `bound + 1` matches: the scan stops as soon as the bound is passed, so a filter
 * matching millions costs what `bound` rows cost. `n > bound` tells the caller the count is a lower
 * bound (the first page's `total_relation`, [compat D10.34]). With `distinct`, distinct primary
 * resources are counted the same way.
 */
export function countEventsUpToSql(d: SqlDialect, ws: number, f: EventFilter, bound: number, plan: QueryPlan = {}): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f, plan).join(' AND ');
  const what = f.resource?.distinct ? 'DISTINCT e.resource_id' : '1';
  const limit = p.add(Math.max(0, Math.floor(bound)) + 1);
  return { sql: `SELECT count(*) AS n FROM (SELECT ${what} FROM ${eventsSource(d, plan)} WHERE ${where} LIMIT ${limit}) m`, params: p };
}

/** Non-empty buckets only: zero-filling is the API layer's job (it knows the requested range). */
export function countByTimeSql(
  d: SqlDialect,
  ws: number,
  f: EventFilter,
  widthMicros: number,
  pivot: string,
  plan: QueryPlan = {},
): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f, plan).join(' AND ');
  const bucket = d.bucket(p, widthMicros, pivot);
  return {
    sql:
      `SELECT ${bucket.index('t.b')} AS bucket, count(*) AS n ` +
      `FROM (SELECT ${bucket.key('e.occurred')} AS b FROM ${eventsSource(d, plan)} WHERE ${where}) t GROUP BY t.b ORDER BY t.b`,
    params: p,
  };
}

export function countByEventSql(d: SqlDialect, ws: number, f: EventFilter, plan: QueryPlan = {}): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f, plan).join(' AND ');
  return {
    sql:
      `SELECT e.event AS value, e.event AS label, count(*) AS n, ` +
      `${d.tsOut('min(e.occurred)')} AS start_time, ${d.tsOut('max(e.occurred)')} AS end_time ` +
      `FROM ${eventsSource(d, plan)} WHERE ${where} GROUP BY e.event ORDER BY n DESC, ${d.binaryOrder('e.event')} ASC`,
    params: p,
  };
}

/**
 * By primary resource: the label is taken from the group's latest event (by occurred, then id) —
 * `prefect.resource.name`, else `prefect.name`, else the id — as Prefect does when names change.
 *
 * One sort of the matching rows, no join between aggregates: a window per resource numbers its
 * events newest first and carries the group's count and time span on every row, the newest row of
 * each group is kept, and only those winners are joined back (by primary key) for their labels. An
 * earlier form joined a GROUP BY to a ROW_NUMBER over the same rows; without planner statistics
 * SQLite ran that join as a nested loop, quadratic in the number of resources (16k → minutes).
 */
export function countByResourceSql(d: SqlDialect, ws: number, f: EventFilter, plan: QueryPlan = {}): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f, plan).join(' AND ');
  const label = `COALESCE(${d.label(p, 'x.resource', 'prefect.resource.name')}, ${d.label(p, 'x.resource', 'prefect.name')}, m.resource_id)`;
  const whole = 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';
  const sql =
    `WITH m AS (SELECT e.resource_id, e.seq, ROW_NUMBER() OVER w AS rn, count(*) OVER (w ${whole}) AS n, ` +
    `min(e.occurred) OVER (w ${whole}) AS s, max(e.occurred) OVER (w ${whole}) AS t ` +
    `FROM ${eventsSource(d, plan)} WHERE ${where} WINDOW w AS (PARTITION BY e.resource_id ORDER BY e.occurred DESC, e.id DESC)) ` +
    `SELECT * FROM (SELECT m.resource_id AS value, ${label} AS label, m.n AS n, ${d.tsOut('m.s')} AS start_time, ${d.tsOut('m.t')} AS end_time ` +
    `FROM m JOIN events x ON x.seq = m.seq WHERE m.rn = 1) r ` +
    `ORDER BY r.n DESC, ${d.binaryOrder('r.label')} ASC, ${d.binaryOrder('r.value')} ASC`;
  return { sql, params: p };
}
