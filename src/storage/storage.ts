// The Storage interface: one contract in two halves — the event store (this file) and the
// automation storage (automation-store.ts) — each with two implementations (sqlite/, postgres/) and
// its own conformance suite, run against both backends and typed against that half alone
// (test/storage/conformance.test.ts and event-feed-conformance.test.ts for events;
// automations-conformance.test.ts and automation-outbox-conformance.test.ts for automations).
// See docs/storage.md.

import type { EventFilter, ReceivedEvent, Timestamp } from '../events/types.js';
import type { AutomationStorage } from './automation-store.js';
import type { WebhookStore } from './webhook-store.js';

export type Dialect = 'sqlite' | 'postgres';

// Every stored row carries a workspace id; requests get theirs from their RequestContext.
export { DEFAULT_WORKSPACE_ID } from '../request-context.js';

export interface InsertResult {
  /** Ids that were stored by this call. */
  inserted: string[];
  /** Ids that were already stored (or repeated earlier in the same batch): stored once, not again. */
  duplicates: string[];
}

/** Keyset position: the last row of the previous page, in the filter's order (occurred, then id). */
export interface PageCursor {
  occurred: Timestamp;
  id: string;
}

export interface EventQuery {
  filter: EventFilter;
  limit: number;
  /** Rows strictly after this position in the filter's order. */
  after?: PageCursor;
}

/** A count that may have stopped at a bound: `exact` false means "at least `count`". */
export interface BoundedCount {
  count: number;
  exact: boolean;
}

export interface TimeBucketCount {
  /** Bucket index = floor((occurred − pivot) / width). */
  bucket: number;
  count: number;
}

export interface GroupCount {
  value: string;
  /** Display label: for resources the latest `prefect.resource.name` (else `prefect.name`, else the id). */
  label: string;
  count: number;
  start_time: Timestamp;
  end_time: Timestamp;
}

export interface RetentionRule {
  /** Delete events with `occurred` strictly before this. */
  before: Timestamp;
  /** Only events with these names (when given). */
  eventNames?: string[];
  /** Never events with these names (when given) — they follow their own rule. */
  excludeEventNames?: string[];
}

/** One stored event as the engine's feed returns it: its seq, in commit order (see `readAfter`). */
export interface SeqEvent {
  seq: number;
  workspaceId: string;
  event: ReceivedEvent;
}

export interface EventStore {
  /**
   * Stores the events that are new for (workspace, id); resolves only after the write is durable
   * (committed). Duplicates — stored before, or repeated within `events` — are stored once.
   */
  insertEvents(workspaceId: string, events: readonly ReceivedEvent[]): Promise<InsertResult>;
  /**
   * Batches worth handing to `insertEvents` before the previous one has committed (default 1).
   * The SQLite writer thread takes several: it commits, in order, every batch waiting in one
   * transaction, so it never idles for a round trip to the event loop between commits.
   */
  readonly writesInFlight?: number;
  /** Which of `ids` are already stored (used to warm de-duplication after a restart). */
  existingIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>>;
  /** One page of events matching `filter`, ordered by (occurred, id) in the filter's order. */
  queryEvents(workspaceId: string, query: EventQuery): Promise<ReceivedEvent[]>;
  /** Number of events matching (distinct primary resources when `resource.distinct`). */
  countEvents(workspaceId: string, filter: EventFilter): Promise<number>;
  /**
   * Like `countEvents`, but stops counting once more than `bound` match: `exact` with the count when
   * at most `bound` match, else `{ count: bound, exact: false }` (at least that many). Its cost is
   * bounded by `bound`, not by how many events match (docs/storage.md "Counting").
   */
  countEventsUpTo(workspaceId: string, filter: EventFilter, bound: number): Promise<BoundedCount>;
  /** Counts per fixed-width time bucket aligned to `pivot` (only non-empty buckets). */
  countByTime(workspaceId: string, filter: EventFilter, widthMicros: number, pivot: Timestamp): Promise<TimeBucketCount[]>;
  /** Counts grouped by event name or primary resource id, count DESC then label ASC. */
  countByGroup(workspaceId: string, filter: EventFilter, by: 'event' | 'resource'): Promise<GroupCount[]>;
  /** Deletes at most `limit` events matching `rule` (all workspaces); returns how many were deleted. */
  deleteEvents(rule: RetentionRule, limit: number): Promise<number>;
  /**
   * Events of every workspace with seq > `afterSeq`, in seq (= commit) order: how the trigger
   * engine consumes events durably, resuming from its committed cursor after a restart.
   */
  readAfter(afterSeq: number, limit: number): Promise<SeqEvent[]>;
  /** The seq of each of `ids` that is stored (absent ids are left out): the engine's causal-order gate. */
  seqsOf(workspaceId: string, ids: readonly string[]): Promise<Map<string, number>>;
  /** The highest seq stored (0 when empty). */
  maxSeq(): Promise<number>;
}

/** What every backend has, whichever half of the contract is asked of it. */
export interface StorageBackend {
  readonly dialect: Dialect;
  /** Applies pending migrations (idempotent); called once at start-up. */
  migrate(): Promise<void>;
  /** Cheap liveness check used by /api/health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The event half: what the event conformance suites prove, without the automation half. */
export interface EventStorageBackend extends StorageBackend {
  readonly events: EventStore;
}

/** The automation half: what the automation conformance suites prove, without the event half. */
export interface AutomationStorageBackend extends StorageBackend {
  /** Automations, destinations, trigger-engine state, firings and the action outbox. */
  readonly automation: AutomationStorage;
}

/** Both halves on one database (the engine's commit and the event feed share it), and the webhooks. */
export interface Storage extends EventStorageBackend, AutomationStorageBackend {
  /** Inbound webhooks' configuration (webhook-store.ts). */
  readonly webhooks: WebhookStore;
}
