// The storage contract of automations (issue #5): configuration (automations, destinations), the
// trigger engine's durable state, firings and the action outbox. Same rules as events: one
// interface, SQLite and PostgreSQL implementations, one conformance suite
// (test/storage/automations-conformance.test.ts).
//
// Design notes:
// - Automations are few (thousands at most), so filtering, sorting and paging of /automations/filter
//   happen in JS over `list(ws)`: one definition of the semantics for both backends.
// - The engine is the only writer of its state. Everything a batch of events changes — state,
//   cursor, parked followers, firings and the automation versions they act with — is committed in ONE
//   transaction (`EngineStateStore.commit`). That is what makes firing exactly-once across restarts:
//   either the batch's effects and the cursor move together, or neither does and the batch is
//   replayed from the old state. A firing's outbox rows are written after it, by the action worker
//   (`OutboxStore.expand`): they are derived from the firing and the automation version it names,
//   with derived ids, so the firing alone is the durable decision.

import type { Automation, Firing } from '../model/automation.js';
import type { ReceivedEvent, Timestamp } from '../events/types.js';

// ---------------------------------------------------------------------------------------------
// Automations

export interface AutomationRelations {
  /** `owner_resource` of the create body: stored as an owned relation (sticky: never un-owned). */
  owner?: string | null;
  /**
   * `deployment_id`s of selected run-deployment actions. On create and update the automation's
   * non-owned relations whose resource id starts with `prefect.deployment.` are replaced by
   * `prefect.deployment.<id>` for each of these (Prefect's rule, [compat S3.2]).
   */
  deploymentIds: string[];
}

export interface AutomationStore {
  create(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<void>;
  /** Replaces every field (PUT / PATCH); false when the automation does not exist. */
  update(workspaceId: string, automation: Automation, relations: AutomationRelations): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<Automation | null>;
  /** Every automation of the workspace (the API filters, sorts and pages them). */
  list(workspaceId: string): Promise<Automation[]>;
  /** Every automation of every workspace: what the trigger engine loads at start-up. */
  listAll(): Promise<{ workspaceId: string; automation: Automation }[]>;
  count(workspaceId: string): Promise<number>;
  /** Automations with a relation (owned or not) to this resource id. */
  relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]>;
  /** Automations owned by this resource id and created strictly before `createdBefore`. */
  ownedBy(workspaceId: string, resourceId: string, createdBefore: Timestamp): Promise<Automation[]>;
  /** Deletes the automation and its relations; false when it did not exist. */
  delete(workspaceId: string, id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Destinations (targets of call-webhook and send-notification, referenced by `block_document_id`)

export type DestinationType = 'webhook' | 'slack' | 'teams' | 'email';

export interface DestinationRecord {
  id: string;
  workspaceId: string;
  name: string;
  type: DestinationType;
  /** Non-secret settings (url, method, headers, smtp host, …). */
  config: Record<string, unknown>;
  /** Write-only values (signing secrets, passwords, secret headers): stored, never returned by the API. */
  secrets: Record<string, unknown>;
  /** Set when a receiver answered 410 Gone, or by an operator. */
  disabled: boolean;
  disabledReason: string | null;
  created: Timestamp;
  updated: Timestamp;
}

export interface DestinationStore {
  create(record: DestinationRecord): Promise<void>;
  get(workspaceId: string, id: string): Promise<DestinationRecord | null>;
  list(workspaceId: string): Promise<DestinationRecord[]>;
  /** Replaces every field; false when it does not exist. */
  update(record: DestinationRecord): Promise<boolean>;
  delete(workspaceId: string, id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Trigger engine state

/** One piece of engine state: a bucket, a composite child firing, … — the engine owns the encoding. */
export interface StateEntry {
  automationId: string;
  triggerId: string;
  /** Unique within (automation, trigger); e.g. the JSON of a bucketing key. */
  key: string;
  value: unknown;
}

export type StateKey = Pick<StateEntry, 'automationId' | 'triggerId' | 'key'>;

/** An event parked until its `follows` leader has been processed ([compat S1.6]), kept across restarts. */
export interface FollowerEntry {
  workspaceId: string;
  leaderId: string;
  event: ReceivedEvent;
}

/** What a firing left behind, for GET /automations/{id}/firings. */
export interface FiringRecord {
  id: string;
  workspaceId: string;
  automationId: string;
  firing: Firing;
  /** 'acted': actions queued; 'loop-stopped': causation depth exceeded, nothing queued. */
  outcome: 'acted' | 'loop-stopped';
  /** Wall-clock time the firing was committed. */
  recorded: Timestamp;
  /**
   * False while the firing's outbox rows are still to be written: the engine commits a firing alone
   * and the action worker expands it into its rows (`OutboxStore.expand`). Absent in a commit: true
   * (the rows are in the same commit). Always present on a stored firing read back.
   */
  expanded?: boolean;
  /** `updated` of the automation version the firing acts with (see `AutomationVersion`). */
  automationUpdated?: Timestamp | null;
}

/**
 * The automation as it was when it fired, kept until its firings are expanded — so an edit or a
 * delete after the firing does not change what it does. Written if absent, keyed by id and `updated`.
 */
export interface AutomationVersion {
  workspaceId: string;
  automation: Automation;
}

/** A firing still to be expanded, with the automation version it acts with (null: none is stored any more). */
export interface UnexpandedFiring {
  record: FiringRecord;
  automation: Automation | null;
}

export type OutboxKind = 'event' | 'action';
export type OutboxStatus = 'pending' | 'succeeded' | 'failed';

export interface OutboxInsert {
  id: string;
  workspaceId: string;
  automationId: string;
  firingId: string;
  /** 'event': ingest `body` (a ready event); 'action': run `body` (a TriggeredAction). */
  kind: OutboxKind;
  /** Position in the firing's concatenated action list (null for kind 'event'). */
  actionIndex: number | null;
  body: unknown;
  nextAttemptAt: Timestamp;
  created: Timestamp;
}

export interface OutboxRow extends OutboxInsert {
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** Result details of the last attempt (status_code, response_body, …). */
  result: unknown;
  updated: Timestamp;
}

export interface OutboxAttempt {
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Timestamp;
  lastError: string | null;
  result: unknown;
  updated: Timestamp;
}

/**
 * Where the engine's events clock stood at a commit ([compat S4.6]): what GET /automations/{id}/state
 * shows, read from storage so that any process sharing the database gives the same answer.
 */
export interface EngineClockRecord {
  /** Newest event time the engine had evaluated (`EventsClock.reached`), null before any event. */
  eventsClock: Timestamp | null;
  /** Processing lag, microseconds: Proactive deadlines are judged this long after they fall due. */
  lagUs: number;
}

export interface EngineCommit {
  /** Highest event seq whose effects are in this commit (absent: unchanged). */
  cursor?: number;
  /**
   * Stored in the cursor's row, so only together with `cursor` (a commit with `clock` and no
   * `cursor` is rejected). Absent: the stored clock is unchanged.
   */
  clock?: EngineClockRecord;
  /** Delete ALL state entries of these automations first (reload, PUT, disable, delete). */
  clearAutomations?: string[];
  putState?: StateEntry[];
  deleteState?: StateKey[];
  addFollowers?: FollowerEntry[];
  /** By (workspace, follower event id). */
  removeFollowers?: { workspaceId: string; eventId: string }[];
  /** The automation versions the firings below act with (inserted if absent). */
  versions?: AutomationVersion[];
  firings?: FiringRecord[];
  /**
   * Outbox rows written with the commit (a row whose id exists is left as it is). The engine writes
   * none — the action worker expands its firings afterwards — but a commit may carry both at once.
   */
  outbox?: OutboxInsert[];
}

export interface EngineStateStore {
  /** The committed cursor, or null before the engine's first commit. */
  loadCursor(): Promise<number | null>;
  /** The clock committed with the cursor; null before the engine's first commit of one. */
  loadClock(): Promise<EngineClockRecord | null>;
  loadState(): Promise<StateEntry[]>;
  /** One automation's entries (a prefix of the primary key), ordered by trigger id, then key. */
  loadAutomationState(automationId: string): Promise<StateEntry[]>;
  loadFollowers(): Promise<FollowerEntry[]>;
  /** Applies everything in one transaction, in the order the fields are listed above. */
  commit(commit: EngineCommit): Promise<void>;
  /** Most recent first. */
  listFirings(workspaceId: string, automationId: string, limit: number): Promise<FiringRecord[]>;
}

export interface OutboxStore {
  /** Pending rows with nextAttemptAt ≤ now, oldest due first. */
  due(now: Timestamp, limit: number): Promise<OutboxRow[]>;
  /** Earliest nextAttemptAt of a pending row, or null when none is pending. */
  nextDueAt(): Promise<Timestamp | null>;
  recordAttempt(id: string, attempt: OutboxAttempt): Promise<void>;
  /** Several attempts in one transaction (the worker batches its bookkeeping: one commit, not N). */
  recordAttempts(attempts: readonly { id: string; attempt: OutboxAttempt }[]): Promise<void>;
  get(id: string): Promise<OutboxRow | null>;
  byFirings(firingIds: readonly string[]): Promise<OutboxRow[]>;
  /** Firings committed with `expanded: false`, oldest first, each with its automation version. */
  unexpanded(limit: number): Promise<UnexpandedFiring[]>;
  /**
   * One transaction: inserts `rows` (a row whose id exists is left as it is, so expanding a firing
   * twice changes nothing) and marks `firingIds` expanded.
   */
  expand(firingIds: readonly string[], rows: readonly OutboxInsert[]): Promise<void>;
}

/** Housekeeping of finished automation history (called by the retention job). */
export interface AutomationHistoryPruner {
  /**
   * Deletes up to `limit` expanded firings recorded before `before` and finished outbox rows updated
   * before it, and the automation versions no unexpanded firing needs (unless current).
   */
  pruneHistory(before: Timestamp, limit: number): Promise<number>;
}

export interface AutomationStorage {
  readonly automations: AutomationStore;
  readonly destinations: DestinationStore;
  readonly engine: EngineStateStore;
  readonly outbox: OutboxStore;
  readonly history: AutomationHistoryPruner;
}
