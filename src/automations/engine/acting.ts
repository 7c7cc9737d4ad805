// Acting on a top-level firing ([compat S4.8]): the `prefect.automation.triggered` event and one
// TriggeredAction per action, as outbox rows. The engine commits the firing; the action worker
// turns it into these rows afterwards (firing-expander.ts). Ids are derived from the firing, so the
// same firing always produces the same rows and events, however often it is expanded.

import { timestampToMicros } from '../../events/index.js';
import type { Event, ReceivedEvent, Timestamp } from '../../events/types.js';
import type { FiringRecord, OutboxInsert } from '../../storage/automation-store.js';
import { causationDepth } from '../causation.js';
import { deterministicUuid } from '../../model/ids.js';
import { CAUSATION_DEPTH_LABEL, type Automation, type Firing, type TriggeredAction } from '../../model/automation.js';

export interface ActOptions {
  workspaceId: string;
  automation: Automation;
  firing: Firing;
  maxDepth: number;
  /** Wall-clock now, canonical. */
  now: Timestamp;
}

export interface ActResult {
  record: FiringRecord;
  outbox: OutboxInsert[];
  stopped: boolean;
  depth: number;
}

/** Depth of the events a firing makes (one more than the event that caused it), and whether that is too deep. */
export function firingDepth(firing: Firing, maxDepth: number): { depth: number; stopped: boolean } {
  const depth = causationDepth(firing.triggering_event) + 1;
  return { depth, stopped: depth > maxDepth };
}

/** The actions a firing that acts runs, in outbox order: `actions`, then `actions_on_trigger`. */
export function firingActions(automation: Automation): Automation['actions'] {
  return [...automation.actions, ...automation.actions_on_trigger];
}

export function act(o: ActOptions): ActResult {
  const { automation, firing, workspaceId, now } = o;
  const atMs = timestampToMicros(firing.triggered) / 1000;
  const { depth, stopped } = firingDepth(firing, o.maxDepth);
  const triggeredEvent = automationTriggeredEvent(automation, firing, depth, atMs);
  const row = (id: string, kind: OutboxInsert['kind'], actionIndex: number | null, body: unknown): OutboxInsert => ({
    id,
    workspaceId,
    automationId: automation.id,
    firingId: firing.id,
    kind,
    actionIndex,
    body,
    nextAttemptAt: now,
    created: now,
  });
  const outbox: OutboxInsert[] = [];
  if (stopped) {
    // Reported once, by the firing that first crosses the limit; past it, nothing is emitted at all
    // (otherwise the report itself could feed the loop).
    if (depth === o.maxDepth + 1) {
      outbox.push(
        row(deterministicUuid(`${firing.id}:loop-row`, atMs), 'event', null, loopStoppedEvent(automation, firing, depth, o.maxDepth, atMs)),
      );
    }
  } else {
    outbox.push(row(deterministicUuid(`${firing.id}:triggered-row`, atMs), 'event', null, triggeredEvent));
    // actions_on_trigger see the automation.triggered event as their triggering event ([compat S4.8]).
    const asReceived: ReceivedEvent = { ...triggeredEvent, received: now };
    firingActions(automation).forEach((action, index) => {
      const id = deterministicUuid(`${firing.id}:action:${index}`, atMs);
      const triggered: TriggeredAction = {
        automation,
        id,
        firing,
        triggered: firing.triggered,
        triggering_labels: firing.triggering_labels,
        triggering_event: index < automation.actions.length ? firing.triggering_event : asReceived,
        action,
        action_index: index,
        automation_triggered_event_id: triggeredEvent.id,
        causation_depth: depth,
      };
      outbox.push(row(id, 'action', index, triggered));
    });
  }
  return {
    record: { id: firing.id, workspaceId, automationId: automation.id, firing, outcome: stopped ? 'loop-stopped' : 'acted', recorded: now },
    outbox,
    stopped,
    depth,
  };
}

function automationResource(automation: Automation, depth: number): Record<string, string> {
  const resource: Record<string, string> = {
    'prefect.resource.id': `prefect.automation.${automation.id}`,
    'prefect.resource.name': automation.name,
  };
  // Composite triggers carry no posture label ([compat S4.8]).
  if (automation.trigger.type === 'event') resource['prefect.posture'] = automation.trigger.posture;
  resource[CAUSATION_DEPTH_LABEL] = String(depth);
  return resource;
}

export function automationTriggeredEvent(automation: Automation, firing: Firing, depth: number, atMs: number): Event {
  const trigger = firing.triggering_event;
  return {
    id: deterministicUuid(`${firing.id}:triggered`, atMs),
    occurred: firing.triggered,
    event: 'prefect.automation.triggered',
    resource: automationResource(automation, depth),
    related: trigger ? [{ 'prefect.resource.id': `prefect.event.${trigger.id}`, 'prefect.resource.role': 'triggering-event' }] : [],
    payload: { triggering_labels: firing.triggering_labels, triggering_event: trigger },
    follows: null,
  };
}

function loopStoppedEvent(automation: Automation, firing: Firing, depth: number, maxDepth: number, atMs: number): Event {
  const trigger = firing.triggering_event;
  return {
    id: deterministicUuid(`${firing.id}:loop-stopped`, atMs),
    occurred: firing.triggered,
    event: 'herald.automation.loop-stopped',
    resource: automationResource(automation, depth),
    related: trigger ? [{ 'prefect.resource.id': `prefect.event.${trigger.id}`, 'prefect.resource.role': 'triggering-event' }] : [],
    payload: {
      causation_depth: depth,
      max_causation_depth: maxDepth,
      firing_id: firing.id,
      reason: `Automation chain exceeded ${maxDepth} levels (setting triggerMaxCausationDepth); its actions were not run.`,
    },
    follows: null,
  };
}
