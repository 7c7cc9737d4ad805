// count, count-by-time and count-by-group statements (§2.2 total, §2.4 count-by).

import type { EventFilter } from '../../events/types.js';
import type { SqlDialect } from './dialect.js';
import { filterConditions } from './filter.js';
import type { Statement } from './select.js';

export function countEventsSql(d: SqlDialect, ws: number, f: EventFilter): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f).join(' AND ');
  const what = f.resource?.distinct ? 'count(DISTINCT e.resource_id)' : 'count(*)';
  return { sql: `SELECT ${what} AS n FROM events e WHERE ${where}`, params: p };
}

/** Non-empty buckets only: zero-filling is the API layer's job (it knows the requested range). */
export function countByTimeSql(d: SqlDialect, ws: number, f: EventFilter, widthMicros: number, pivot: string): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f).join(' AND ');
  const bucket = d.bucket(p, widthMicros, pivot);
  return {
    sql:
      `SELECT ${bucket.index('t.b')} AS bucket, count(*) AS n ` +
      `FROM (SELECT ${bucket.key('e.occurred')} AS b FROM events e WHERE ${where}) t GROUP BY t.b ORDER BY t.b`,
    params: p,
  };
}

export function countByEventSql(d: SqlDialect, ws: number, f: EventFilter): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f).join(' AND ');
  return {
    sql:
      `SELECT e.event AS value, e.event AS label, count(*) AS n, ` +
      `${d.tsOut('min(e.occurred)')} AS start_time, ${d.tsOut('max(e.occurred)')} AS end_time ` +
      `FROM events e WHERE ${where} GROUP BY e.event ORDER BY n DESC, ${d.binaryOrder('e.event')} ASC`,
    params: p,
  };
}

/**
 * By primary resource: the label is taken from the group's latest event (by occurred, then id) —
 * `prefect.resource.name`, else `prefect.name`, else the id — as Prefect does when names change.
 */
export function countByResourceSql(d: SqlDialect, ws: number, f: EventFilter): Statement {
  const p = d.params();
  const where = filterConditions(d, p, ws, f).join(' AND ');
  const label = `COALESCE(${d.label(p, 'm.resource', 'prefect.resource.name')}, ${d.label(p, 'm.resource', 'prefect.name')}, m.resource_id)`;
  const sql =
    `WITH m AS (SELECT e.resource_id, e.occurred, e.id, e.resource FROM events e WHERE ${where}), ` +
    `g AS (SELECT resource_id, count(*) AS n, min(occurred) AS s, max(occurred) AS t FROM m GROUP BY resource_id), ` +
    `l AS (SELECT resource_id, label FROM (SELECT m.resource_id, ${label} AS label, ` +
    `ROW_NUMBER() OVER (PARTITION BY m.resource_id ORDER BY m.occurred DESC, m.id DESC) AS rn FROM m) x WHERE x.rn = 1) ` +
    `SELECT g.resource_id AS value, l.label AS label, g.n AS n, ${d.tsOut('g.s')} AS start_time, ${d.tsOut('g.t')} AS end_time ` +
    `FROM g JOIN l ON l.resource_id = g.resource_id ORDER BY g.n DESC, ${d.binaryOrder('l.label')} ASC, ${d.binaryOrder('g.resource_id')} ASC`;
  return { sql, params: p };
}
