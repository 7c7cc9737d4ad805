// The PostgreSQL write path: ONE statement per batch — rows travel as 17 typed arrays through
// `unnest`, so the parameter count is constant whatever the batch size ([compat D10.18]: Prefect split
// batches by bind-parameter arithmetic and got it wrong). `ON CONFLICT (ws, id) DO NOTHING
// RETURNING` tells inserted from duplicate ids, and resource and label rows are written in the same statement
// only for events actually inserted. Autocommit + synchronous_commit=on: durable when it returns.
// (Measured against COPY into a staging table: see docs/storage.md.)

import type pg from 'pg';
import { searchableText } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import { labelRows, resourceRows, splitBatchRepeats } from '../rows.js';
import type { InsertResult } from '../storage.js';

/**
 * Held (shared) by every insert from before it draws a seq until it commits; readers of the seq feed
 * take it exclusively for an instant to learn which seqs are settled (event-feed.ts).
 */
export const EVENT_SEQ_LOCK = 0x4845_5241_4c44_0001n; // 'HERALD' + 1

const INSERT_SQL = `
WITH seq_guard AS MATERIALIZED (
  SELECT pg_advisory_xact_lock_shared(${EVENT_SEQ_LOCK})
), input AS (
  SELECT t.* FROM seq_guard CROSS JOIN unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::json[], $7::json[], $8::json[],
                       $9::timestamptz[], $10::uuid[], $11::text[])
         WITH ORDINALITY AS t(id, occurred, event, resource_id, resource, related, payload, received, follows, search_text, n)
), ins AS (
  INSERT INTO events (ws, id, occurred, event, resource_id, resource, related, payload, received, follows, search_text)
  SELECT $1, id, occurred, event, resource_id, resource, related, payload, received, follows, search_text FROM input ORDER BY n
  ON CONFLICT (ws, id) DO NOTHING
  RETURNING seq, id, occurred
), res AS (
  INSERT INTO event_resources (event_seq, pos, ws, resource_id, role, occurred)
  SELECT ins.seq, r.pos, $1, r.resource_id, r.role, ins.occurred
  FROM unnest($12::uuid[], $13::smallint[], $14::text[], $15::text[]) AS r(event_id, pos, resource_id, role)
  JOIN ins ON ins.id = r.event_id
), labels AS (
  INSERT INTO event_labels (event_seq, label, ws, value, occurred)
  SELECT ins.seq, l.label, $1, l.value, ins.occurred
  FROM unnest($16::uuid[], $17::text[], $18::text[]) AS l(event_id, label, value)
  JOIN ins ON ins.id = l.event_id
)
SELECT id::text AS id FROM ins`;

// PostgreSQL text cannot hold U+0000; the JSON columns keep it escaped, the search copy drops it.
const withoutNul = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '') : s);

export async function insertPostgresEvents(pool: pg.Pool, ws: number, events: readonly ReceivedEvent[]): Promise<InsertResult> {
  const { unique, repeats } = splitBatchRepeats(events);
  if (unique.length === 0) return { inserted: [], duplicates: repeats };
  const n = unique.length;
  const cols = {
    id: new Array<string>(n),
    occurred: new Array<string>(n),
    event: new Array<string>(n),
    resourceId: new Array<string>(n),
    resource: new Array<string>(n),
    related: new Array<string>(n),
    payload: new Array<string>(n),
    received: new Array<string>(n),
    follows: new Array<string | null>(n),
    search: new Array<string>(n),
  };
  const rEvent: string[] = [];
  const rPos: number[] = [];
  const rId: string[] = [];
  const rRole: string[] = [];
  const lEvent: string[] = [];
  const lLabel: string[] = [];
  const lValue: string[] = [];
  unique.forEach((e, i) => {
    cols.id[i] = e.id;
    cols.occurred[i] = e.occurred;
    cols.event[i] = e.event;
    cols.resourceId[i] = e.resource['prefect.resource.id'];
    cols.resource[i] = JSON.stringify(e.resource);
    cols.related[i] = JSON.stringify(e.related);
    cols.payload[i] = JSON.stringify(e.payload);
    cols.received[i] = e.received;
    cols.follows[i] = e.follows;
    cols.search[i] = withoutNul(searchableText(e));
    for (const r of resourceRows(e)) {
      rEvent.push(e.id);
      rPos.push(r.pos);
      rId.push(r.resourceId);
      rRole.push(r.role);
    }
    for (const [label, value] of labelRows(e)) {
      lEvent.push(e.id);
      lLabel.push(label);
      lValue.push(value); // validation refuses NUL in labels (src/events/validate.ts)
    }
  });
  const { rows } = await pool.query<{ id: string }>(INSERT_SQL, [
    ws,
    cols.id,
    cols.occurred,
    cols.event,
    cols.resourceId,
    cols.resource,
    cols.related,
    cols.payload,
    cols.received,
    cols.follows,
    cols.search,
    rEvent,
    rPos,
    rId,
    rRole,
    lEvent,
    lLabel,
    lValue,
  ]);
  const stored = new Set(rows.map((r) => r.id));
  const inserted: string[] = [];
  const duplicates: string[] = [];
  for (const e of unique) (stored.has(e.id) ? inserted : duplicates).push(e.id);
  duplicates.push(...repeats);
  return { inserted, duplicates };
}
