// The answer of POST /automations/backtest: what the replay's trigger engine committed, shaped for a
// person reading it — when each firing happened (event time), for which `for_each` key, the events
// behind it, and a one-line summary of each action the runtime would have run.

import type { Timestamp } from '../events/types.js';
import type { Action, ActionType, Firing, TriggerState } from '../model/automation.js';
import type { DestinationRecord } from '../storage/automation-store.js';

export interface BacktestEventRef {
  id: string;
  event: string;
  occurred: Timestamp;
}

export interface BacktestTriggeringEvent extends BacktestEventRef {
  resource_id: string;
}

export interface BacktestAction {
  type: ActionType;
  summary: string;
}

export interface BacktestFiring {
  /** When it fired, in event time (the event's `occurred`, or a Proactive window's end). */
  occurred: Timestamp;
  trigger_id: string;
  /** JSON of the firing's `for_each` labels, `""` without `for_each`. */
  key: string;
  state: TriggerState;
  triggering_event: BacktestTriggeringEvent | null;
  events: BacktestEventRef[];
  actions: BacktestAction[];
  firing: Firing;
}

export interface BacktestResult {
  since: Timestamp;
  until: Timestamp;
  events_replayed: number;
  firings: BacktestFiring[];
  truncated: boolean;
}

/** Looks a destination up in the real store (read only), for the summaries of actions that use one. */
export type DestinationLookup = (id: string) => Promise<DestinationRecord | null>;

export async function reportFiring(firing: Firing, actions: readonly Action[], destination: DestinationLookup): Promise<BacktestFiring> {
  const e = firing.triggering_event;
  return {
    occurred: firing.triggered,
    trigger_id: firing.trigger.id,
    key: Object.keys(firing.triggering_labels).length === 0 ? '' : JSON.stringify(firing.triggering_labels),
    state: firing.trigger_states.includes('Resolved') ? 'Resolved' : 'Triggered',
    triggering_event: e ? { id: e.id, event: e.event, occurred: e.occurred, resource_id: e.resource['prefect.resource.id'] ?? '' } : null,
    events: firingEvents(firing),
    actions: await Promise.all(actions.map(async (a) => ({ type: a.type, summary: await summarise(a, destination) }))),
    firing,
  };
}

/**
 * The triggering events of the firing and of the child firings it consumed, oldest first. A window
 * keeps its last event, not every event it counted, so a threshold of 3 names the third.
 */
function firingEvents(root: Firing): BacktestEventRef[] {
  const seen = new Map<string, BacktestEventRef>();
  const stack = [root];
  for (let f = stack.pop(); f; f = stack.pop()) {
    const e = f.triggering_event;
    if (e && !seen.has(e.id)) seen.set(e.id, { id: e.id, event: e.event, occurred: e.occurred });
    stack.push(...f.triggering_firings);
  }
  return [...seen.values()].sort((a, b) => (a.occurred < b.occurred ? -1 : a.occurred > b.occurred ? 1 : a.id < b.id ? -1 : 1));
}

/** One line, e.g. `Call webhook destination "ops receiver" (webhook)`; templates are shown as written, not rendered. */
async function summarise(action: Action, destination: DestinationLookup): Promise<string> {
  const text = (key: string) => (typeof action[key] === 'string' ? (action[key] as string) : null);
  switch (action.type) {
    case 'do-nothing':
      return 'Do nothing (the firing is only recorded)';
    case 'call-webhook':
      return `Call webhook ${await describeDestination(text('block_document_id'), destination)}`;
    case 'send-notification':
      return `Send notification "${text('subject') ?? 'Prefect automated notification'}" to ${await describeDestination(text('block_document_id'), destination)}`;
    case 'emit-event':
      return `Emit event ${text('event') ?? ''}`;
    case 'change-flow-run-state':
      return `Change the flow run's state to ${text('state') ?? '?'}`;
    default: {
      const [verb, ...object] = action.type.split('-');
      const what = object.join(' ');
      const idKey = `${object.join('_')}_id`;
      const target =
        action.source === 'inferred' || text(idKey) === null
          ? `the ${what} ${what === 'automation' ? 'itself' : 'inferred from the triggering event'}`
          : `${what} ${text(idKey)}`;
      return `${verb[0].toUpperCase()}${verb.slice(1)} ${target}`;
    }
  }
}

async function describeDestination(id: string | null, lookup: DestinationLookup): Promise<string> {
  if (id === null) return 'a destination';
  const d = await lookup(id);
  if (!d) return `destination ${id}, which does not exist (the action would fail)`;
  return `destination "${d.name}" (${d.type})${d.disabled ? ', which is disabled (the action would fail)' : ''}`;
}
