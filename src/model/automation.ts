// The automation model as it travels on the wire ([compat S3.1], [compat S4.1], [compat S4.8]).
// Keys stay snake_case: these objects are stored and returned as JSON exactly as Prefect shapes them.
// Part of the shared model ([arch part-model]): storage, automations and actions all depend on it,
// it depends on none of them.

import type { ReceivedEvent, ResourceSpecification, Timestamp } from '../events/types.js';

export type Posture = 'Reactive' | 'Proactive';

/** `match_related` is one spec or a list of specs, each satisfied by some related resource ([compat S1.5]). */
export type RelatedSpecification = ResourceSpecification | ResourceSpecification[];

export interface EventTrigger {
  type: 'event';
  id: string;
  match: ResourceSpecification;
  match_related: RelatedSpecification;
  /** Sets on the wire: arrays, order not significant, duplicates collapsed. */
  after: string[];
  expect: string[];
  for_each: string[];
  posture: Posture;
  threshold: number;
  /** Seconds (float on the wire). */
  within: number;
}

export interface CompoundTrigger {
  type: 'compound';
  id: string;
  triggers: Trigger[];
  require: 'any' | 'all' | number;
  /** Seconds, or null for "no time limit". */
  within: number | null;
}

export interface SequenceTrigger {
  type: 'sequence';
  id: string;
  triggers: Trigger[];
  within: number | null;
}

export type Trigger = EventTrigger | CompoundTrigger | SequenceTrigger;
export type CompositeTrigger = CompoundTrigger | SequenceTrigger;

/**
 * Every action type Herald knows ([compat S5.1]'s catalogue plus Herald's emit-event), in the API's
 * order: Prefect lists the expected tags in this order in its 422 for an unknown `type`. Each one has
 * exactly one definition — parser and executor — in src/actions/registry.ts, which the compiler
 * holds to this list.
 */
export const ACTION_TYPES = [
  'do-nothing',
  'run-deployment',
  'pause-deployment',
  'resume-deployment',
  'cancel-flow-run',
  'delete-flow-run',
  'change-flow-run-state',
  'pause-work-queue',
  'resume-work-queue',
  'send-notification',
  'call-webhook',
  'pause-automation',
  'resume-automation',
  'suspend-flow-run',
  'resume-flow-run',
  'pause-work-pool',
  'resume-work-pool',
  'emit-event',
] as const;

export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * An action as stored: `type` plus its own fields. Keys the type does not know are kept exactly as
 * given (a newer client's fields survive a round trip), hence the index signature.
 */
export interface ActionBase<T extends string> {
  type: T;
  [field: string]: unknown;
}

/**
 * An action as stored ([compat S5.2]), discriminated by `type`. Its fields stay unchecked: storage
 * keeps what an earlier version (or a hand-written row) stored, and executors must fail with a reason
 * on it rather than trust a type.
 */
export type Action = { [T in ActionType]: ActionBase<T> }[ActionType];

/** Response model `Automation` ([compat S3.1]). `owner_resource` is accepted on create but never returned. */
export interface Automation {
  id: string;
  created: Timestamp;
  updated: Timestamp;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: Trigger;
  actions: Action[];
  actions_on_trigger: Action[];
  actions_on_resolve: Action[];
}

export type TriggerState = 'Triggered' | 'Resolved';

/** A firing ([compat S4.1]). `triggered` is Herald's event time of the firing (see engine docs). */
export interface Firing {
  id: string;
  trigger: Trigger;
  trigger_states: TriggerState[];
  triggered: Timestamp;
  triggering_labels: Record<string, string>;
  triggering_firings: Firing[];
  triggering_event: ReceivedEvent | null;
  triggering_value: unknown;
}

/**
 * The message that asks for one action to run ([compat S4.8] TriggeredAction), stored as the body of an
 * outbox row. `causation_depth` is Herald's loop guard ([compat D10.18b]): every event this action emits
 * carries depth + 1 in the `herald.causation-depth` label.
 */
export interface TriggeredAction {
  automation: Automation;
  id: string;
  firing: Firing;
  triggered: Timestamp;
  triggering_labels: Record<string, string>;
  triggering_event: ReceivedEvent | null;
  action: Action;
  action_index: number;
  automation_triggered_event_id: string | null;
  causation_depth: number;
}

/** Label carried by events Herald emits on an automation's behalf (see src/automations/causation.ts). */
export const CAUSATION_DEPTH_LABEL = 'herald.causation-depth';

/** Every trigger of a tree, parents before children. */
export function* walkTriggers(trigger: Trigger): Generator<Trigger> {
  yield trigger;
  if (trigger.type !== 'event') for (const child of trigger.triggers) yield* walkTriggers(child);
}
