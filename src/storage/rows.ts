// Conversions between ReceivedEvent and stored rows, shared by both backends.

import type { ReceivedEvent } from '../events/types.js';

/** One row of `event_resources`: pos 0 = the primary resource, n = related[n-1]. */
export interface ResourceRow {
  pos: number;
  resourceId: string;
  /** '' for the primary resource. */
  role: string;
}

export function resourceRows(event: ReceivedEvent): ResourceRow[] {
  const rows: ResourceRow[] = [{ pos: 0, resourceId: event.resource['prefect.resource.id'], role: '' }];
  event.related.forEach((r, i) => {
    rows.push({ pos: i + 1, resourceId: r['prefect.resource.id'], role: r['prefect.resource.role'] ?? '' });
  });
  return rows;
}

/**
 * The labels `event_labels` indexes (sql/labels.ts): only the primary resource's name. It is what
 * people look resources up by (the feed's resource filter, count-by/resource's labels), and each
 * indexed label costs a random-order index insert per event — all labels (Prefect's state events
 * carry six, one a free-text message) would cost about a quarter more CPU per stored event.
 * Adding one needs a migration that indexes the events already stored.
 */
export const INDEXED_LABELS: readonly string[] = ['prefect.resource.name'];

/** The `event_labels` rows of an event, as [label, value]. */
export function labelRows(event: ReceivedEvent): [string, string][] {
  const rows: [string, string][] = [];
  for (const label of INDEXED_LABELS) {
    const value = event.resource[label];
    if (typeof value === 'string') rows.push([label, value]);
  }
  return rows;
}

/**
 * An event's stored columns after `ws`, in the events table's order: id, occurred, event,
 * resource_id, resource, related, payload (JSON text), received, follows.
 */
export function eventColumns(e: ReceivedEvent): (string | null)[] {
  return [
    e.id,
    e.occurred,
    e.event,
    e.resource['prefect.resource.id'],
    JSON.stringify(e.resource),
    JSON.stringify(e.related),
    JSON.stringify(e.payload),
    e.received,
    e.follows,
  ];
}

export interface StoredEventRow {
  id: string;
  occurred: string;
  event: string;
  resource: unknown;
  related: unknown;
  payload: unknown;
  received: string;
  follows: string | null;
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** Rebuilds the event, in Prefect's key order ([compat S1.2]). JSON columns may arrive as text or parsed. */
export function rowToEvent(row: StoredEventRow): ReceivedEvent {
  return {
    occurred: row.occurred,
    event: row.event,
    resource: parsed(row.resource),
    related: parsed(row.related),
    payload: parsed(row.payload),
    id: row.id,
    follows: row.follows ?? null,
    received: row.received,
  };
}

/**
 * Removes repeats of an id within one batch, keeping the first ([compat D10.18]: Prefect's SQLite writer hit a
 * primary-key violation on such batches, retried 5× and dropped them).
 */
export function splitBatchRepeats(events: readonly ReceivedEvent[]): { unique: ReceivedEvent[]; repeats: string[] } {
  const seen = new Set<string>();
  const unique: ReceivedEvent[] = [];
  const repeats: string[] = [];
  for (const e of events) {
    if (seen.has(e.id)) repeats.push(e.id);
    else {
      seen.add(e.id);
      unique.push(e);
    }
  }
  return { unique, repeats };
}
