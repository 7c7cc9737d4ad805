// The three events that tell the story of one action ([compat S4.8]):
//   prefect.automation.action.triggered   occurred = TriggeredAction.triggered; follows the
//                                         triggering event when it happened within 5 minutes
//   prefect.automation.action.executed    occurred = now; follows .triggered; payload + details
//   prefect.automation.action.failed      occurred = now; follows .triggered; payload + reason + details
//
// Ids are derived from the outbox row (`<row id>:<kind>`, ids.ts): when a row is delivered twice
// (a crash between emitting and recording), the second copy of each event is a duplicate that
// ingest drops, so every event is stored once. The time part of those ids is the row's creation
// time — stable across deliveries, unlike "now".

import { CAUSATION_DEPTH_LABEL, type TriggeredAction } from '../model/automation.js';
import { deterministicUuid } from '../model/ids.js';
import { timestampToMicros } from '../events/index.js';
import type { Event, RelatedResource, Resource, Timestamp } from '../events/types.js';

/** `follows` is only set when the leader is this close in time (Prefect's rule, [compat S4.8]). */
const FOLLOWS_WINDOW_MS = 5 * 60_000;

export type ActionEventKind = 'triggered' | 'executed' | 'failed';

export interface ActionEventInput {
  /** The outbox row id: the seed of the event ids. */
  rowId: string;
  /** The row's creation time: the time part of the event ids. */
  rowCreated: Timestamp;
  triggered: TriggeredAction;
}

export function actionEventId(input: Pick<ActionEventInput, 'rowId' | 'rowCreated'>, kind: ActionEventKind): string {
  return deterministicUuid(`${input.rowId}:${kind}`, timestampToMicros(input.rowCreated) / 1000);
}

/** The automation as the primary resource of all three events. */
export function actionResource(t: TriggeredAction): Resource {
  const trigger = t.automation.trigger;
  const resource: Resource = {
    'prefect.resource.id': `prefect.automation.${t.automation.id}`,
    'prefect.resource.name': t.automation.name,
    'prefect.trigger-type': trigger.type,
  };
  if (trigger.type === 'event') resource['prefect.posture'] = trigger.posture;
  // Loop protection ([compat D10.18b]): automations reacting to these events see how deep the chain is.
  resource[CAUSATION_DEPTH_LABEL] = String(t.causation_depth);
  return resource;
}

/** The action's own resulting resources, then the state-change event, then the triggering event. */
export function actionRelated(t: TriggeredAction, resulting: readonly RelatedResource[]): RelatedResource[] {
  const related = resulting.map((r) => ({ ...r }));
  if (t.automation_triggered_event_id) {
    related.push({
      'prefect.resource.id': `prefect.event.${t.automation_triggered_event_id}`,
      'prefect.resource.role': 'automation-triggered-event',
    });
  }
  if (t.triggering_event) {
    related.push({ 'prefect.resource.id': `prefect.event.${t.triggering_event.id}`, 'prefect.resource.role': 'triggering-event' });
  }
  return related;
}

function basePayload(t: TriggeredAction): Record<string, unknown> {
  return { action_index: t.action_index, action_type: t.action.type, invocation: t.id };
}

export function actionTriggeredEvent(input: ActionEventInput): Event {
  const t = input.triggered;
  const leader = t.triggering_event;
  const close = leader !== null && Math.abs(timestampToMicros(t.triggered) - timestampToMicros(leader.occurred)) < FOLLOWS_WINDOW_MS * 1000;
  return {
    id: actionEventId(input, 'triggered'),
    occurred: t.triggered,
    event: 'prefect.automation.action.triggered',
    resource: actionResource(t),
    related: actionRelated(t, []),
    payload: basePayload(t),
    follows: close ? leader.id : null,
  };
}

export function actionExecutedEvent(
  input: ActionEventInput,
  now: Timestamp,
  outcome: { details: Record<string, unknown>; related: readonly RelatedResource[] },
): Event {
  const t = input.triggered;
  return {
    id: actionEventId(input, 'executed'),
    occurred: now,
    event: 'prefect.automation.action.executed',
    resource: actionResource(t),
    related: actionRelated(t, outcome.related),
    payload: { ...basePayload(t), ...outcome.details },
    follows: actionEventId(input, 'triggered'),
  };
}

export function actionFailedEvent(
  input: ActionEventInput,
  now: Timestamp,
  failure: { reason: string; details: Record<string, unknown>; related: readonly RelatedResource[] },
): Event {
  const t = input.triggered;
  return {
    id: actionEventId(input, 'failed'),
    occurred: now,
    event: 'prefect.automation.action.failed',
    resource: actionResource(t),
    related: actionRelated(t, failure.related),
    payload: { ...basePayload(t), reason: failure.reason, ...failure.details },
    follows: actionEventId(input, 'triggered'),
  };
}
