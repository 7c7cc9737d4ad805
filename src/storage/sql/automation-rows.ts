// Rows of the automation tables as both drivers return them, and their conversions to the models of
// automation-store.ts: written once, with what the drivers disagree on (JSON as text or parsed,
// booleans as 0/1 or true/false, integers as number or bigint) decided by the AutomationDialect.

import type { Automation, Firing } from '../../model/automation.js';
import type { ReceivedEvent } from '../../events/types.js';
import type {
  DestinationRecord,
  DestinationType,
  EngineClockRecord,
  FiringRecord,
  FollowerEntry,
  OutboxKind,
  OutboxRow,
  OutboxStatus,
  StateEntry,
} from '../automation-store.js';
import type { AutomationDialect } from './automation-dialect.js';

/** A JSON column: text on SQLite, the parsed value on PostgreSQL. */
type JsonColumn = unknown;
/** A boolean column: 0/1 on SQLite, true/false on PostgreSQL. */
type BoolColumn = number | boolean;
/** An integer column: number (or bigint / numeric text where the driver says so). */
type IntColumn = number | bigint | string;

export interface AutomationRow {
  workspace_id: string;
  automation: JsonColumn;
}

export interface DestinationRow {
  id: string;
  workspace_id: string;
  name: string;
  type: string;
  config: JsonColumn;
  secrets: JsonColumn;
  disabled: BoolColumn;
  disabled_reason: string | null;
  created: string;
  updated: string;
}

export interface StateRow {
  automation_id: string;
  trigger_id: string;
  key: string;
  value: JsonColumn;
}

export interface ClockRow {
  events_clock: string | null;
  /** bigint: PostgreSQL returns it as text. NULL in a row written before the clock was stored. */
  lag_us: number | string | null;
}

export interface FollowerRow {
  workspace_id: string;
  leader_id: string;
  event: JsonColumn;
}

export interface FiringRow {
  id: string;
  workspace_id: string;
  automation_id: string;
  recorded: string;
  outcome: FiringRecord['outcome'];
  firing: JsonColumn;
  expanded: boolean | IntColumn;
  automation_updated: string | null;
}

export interface UnexpandedFiringRow extends FiringRow {
  /** The version's copy, else the automation's current one (null when neither is stored). */
  automation: JsonColumn | null;
}

export interface OutboxTableRow {
  id: string;
  workspace_id: string;
  automation_id: string;
  firing_id: string;
  kind: string;
  action_index: IntColumn | null;
  body: JsonColumn;
  status: string;
  attempts: IntColumn;
  next_attempt_at: string;
  last_error: string | null;
  result: JsonColumn;
  created: string;
  updated: string;
}

/** Column lists (with the dialect's renderings of timestamps and workspace ids). */
export const destinationColumns = (d: AutomationDialect): string =>
  [
    'id',
    d.wsCol('workspace_id'),
    'name',
    'type',
    'config',
    'secrets',
    'disabled',
    'disabled_reason',
    d.tsCol('created'),
    d.tsCol('updated'),
  ].join(', ');

// Qualified (o.…) so ORDER BY can name the timestamp columns, not PostgreSQL's to_char aliases.
export const outboxColumns = (d: AutomationDialect): string =>
  [
    'o.id',
    d.wsCol('o.workspace_id'),
    'o.automation_id',
    'o.firing_id',
    'o.kind',
    'o.action_index',
    'o.body',
    'o.status',
    'o.attempts',
    d.tsCol('o.next_attempt_at'),
    'o.last_error',
    'o.result',
    d.tsCol('o.created'),
    d.tsCol('o.updated'),
  ].join(', ');

export const firingColumns = (d: AutomationDialect): string =>
  [
    'f.id',
    d.wsCol('f.workspace_id'),
    'f.automation_id',
    d.tsCol('f.recorded'),
    'f.outcome',
    'f.firing',
    'f.expanded',
    d.tsCol('f.automation_updated'),
  ].join(', ');

/** Row ⇄ model conversions of one dialect. */
export interface AutomationRowCodec {
  automation(value: JsonColumn): Automation;
  destination(row: DestinationRow): DestinationRecord;
  state(row: StateRow): StateEntry;
  clock(row: ClockRow): EngineClockRecord;
  follower(row: FollowerRow): FollowerEntry;
  firing(row: FiringRow): FiringRecord;
  outbox(row: OutboxTableRow): OutboxRow;
}

export function automationRowCodec(d: AutomationDialect): AutomationRowCodec {
  const json = <T>(v: JsonColumn): T => d.fromJson<T>(v);
  return {
    automation: (v) => json<Automation>(v),
    destination: (r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      name: r.name,
      type: r.type as DestinationType,
      config: json(r.config),
      secrets: json(r.secrets),
      disabled: Number(r.disabled) === 1,
      disabledReason: r.disabled_reason,
      created: r.created,
      updated: r.updated,
    }),
    state: (r) => ({ automationId: r.automation_id, triggerId: r.trigger_id, key: r.key, value: json(r.value) }),
    clock: (r) => ({ eventsClock: r.events_clock, lagUs: r.lag_us === null ? 0 : Number(r.lag_us) }),
    follower: (r) => ({ workspaceId: r.workspace_id, leaderId: r.leader_id, event: json<ReceivedEvent>(r.event) }),
    firing: (r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      automationId: r.automation_id,
      firing: json<Firing>(r.firing),
      outcome: r.outcome,
      recorded: r.recorded,
      expanded: Number(r.expanded) === 1,
      automationUpdated: r.automation_updated,
    }),
    outbox: (r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      automationId: r.automation_id,
      firingId: r.firing_id,
      kind: r.kind as OutboxKind,
      actionIndex: r.action_index === null ? null : Number(r.action_index),
      body: json(r.body),
      nextAttemptAt: r.next_attempt_at,
      created: r.created,
      status: r.status as OutboxStatus,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      result: json(r.result),
      updated: r.updated,
    }),
  };
}
