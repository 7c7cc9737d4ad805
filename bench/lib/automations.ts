// Automations the benchmarks store: one event trigger and a do-nothing action, so what is measured
// is the engine and storage, never an action.
import type { Automation, EventTrigger } from '../../src/model/automation.js';
import type { Timestamp } from '../../src/events/types.js';
import { uuidv7 } from './events.js';

/** An enabled automation named `name` with this event trigger (its id, empty match maps by default). */
export function benchAutomation(
  name: string,
  now: Timestamp,
  trigger: Omit<EventTrigger, 'type' | 'id' | 'match' | 'match_related'> & Partial<Pick<EventTrigger, 'match'>>,
): Automation {
  return {
    id: uuidv7(),
    created: now,
    updated: now,
    name,
    description: '',
    enabled: true,
    tags: [],
    trigger: { type: 'event', id: uuidv7(), match: {}, match_related: {}, ...trigger },
    actions: [{ type: 'do-nothing' }],
    actions_on_trigger: [],
    actions_on_resolve: [],
  };
}

/** What the absence benchmarks fire: "job.started not followed by job.done within `withinS` s", per resource id. */
export function absenceAutomation(now: Timestamp, withinS: number): Automation {
  return benchAutomation('jobs that never finish', now, {
    after: ['job.started'],
    expect: ['job.done'],
    for_each: ['prefect.resource.id'],
    posture: 'Proactive',
    threshold: 1,
    within: withinS,
  });
}
