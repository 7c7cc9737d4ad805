// The page query: filter conditions, keyset cursor on (occurred, id) — the `id` tie-breaker makes
// paging stable when many events share an `occurred` ([compat D10.12], Prefect orders by occurred only and
// pages by OFFSET) — and `resource.distinct` (first event per primary resource in the order).

import type { EventFilter } from '../../events/types.js';
import type { EventQuery } from '../storage.js';
import type { SqlDialect } from './dialect.js';
import { filterConditions } from './filter.js';
import { eventsSource, type QueryPlan } from './plan.js';
import type { Statement } from './params.js';

/** The columns a ReceivedEvent is rebuilt from (see rows.ts). */
export function eventColumns(d: SqlDialect, e: string): string {
  return [
    `${e}.id`,
    `${d.tsOut(`${e}.occurred`)} AS occurred`,
    `${e}.event`,
    `${e}.resource`,
    `${e}.related`,
    `${e}.payload`,
    `${d.tsOut(`${e}.received`)} AS received`,
    `${e}.follows`,
  ].join(', ');
}

const RAW_COLUMNS = 'e.seq, e.id, e.occurred, e.event, e.resource_id, e.resource, e.related, e.payload, e.received, e.follows';

export function selectEventsSql(d: SqlDialect, ws: number, q: EventQuery, plan: QueryPlan = {}): Statement {
  const p = d.params();
  const f: EventFilter = q.filter;
  const dir = f.order === 'ASC' ? 'ASC' : 'DESC';
  const conditions = filterConditions(d, p, ws, f, plan);
  const cursor = q.after ? `(e.occurred, e.id) ${dir === 'ASC' ? '>' : '<'} (${d.ts(p, q.after.occurred)}, ${d.id(p, q.after.id)})` : null;
  const order = `ORDER BY e.occurred ${dir}, e.id ${dir}`;
  let sql: string;
  if (f.resource?.distinct) {
    const inner =
      `SELECT ${RAW_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY e.resource_id ORDER BY e.occurred ${dir}, e.id ${dir}) AS rn ` +
      `FROM ${eventsSource(d, plan)} WHERE ${conditions.join(' AND ')}`;
    const outer = ['e.rn = 1', ...(cursor ? [cursor] : [])];
    sql = `SELECT ${eventColumns(d, 'e')} FROM (${inner}) e WHERE ${outer.join(' AND ')} ${order}`;
  } else if (plan.labels) {
    // Driven from the label index, every candidate is read and sorted: sort keys only, then read
    // the page's columns by key (about a quarter less time on thousands of candidates).
    if (cursor) conditions.push(cursor);
    const page = `SELECT e.seq FROM ${eventsSource(d, plan)} WHERE ${conditions.join(' AND ')} ${order} LIMIT ${p.add(Math.max(0, Math.floor(q.limit)))}`;
    return { sql: `SELECT ${eventColumns(d, 'e')} FROM events e WHERE e.seq IN (${page}) ${order}`, params: p };
  } else {
    if (cursor) conditions.push(cursor);
    sql = `SELECT ${eventColumns(d, 'e')} FROM ${eventsSource(d, plan)} WHERE ${conditions.join(' AND ')} ${order}`;
  }
  sql += ` LIMIT ${p.add(Math.max(0, Math.floor(q.limit)))}`;
  return { sql, params: p };
}
