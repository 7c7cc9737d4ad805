// The automation the absence benchmarks fire: a Proactive trigger per resource id, "job.started not
// followed by job.done within `withinS` seconds", with one do-nothing action.
import type { Automation } from '../../src/model/automation.js';
import type { Timestamp } from '../../src/events/types.js';
import { uuidv7 } from './events.js';

export function absenceAutomation(now: Timestamp, withinS: number): Automation {
  return {
    id: uuidv7(),
    created: now,
    updated: now,
    name: 'jobs that never finish',
    description: '',
    enabled: true,
    tags: [],
    trigger: {
      type: 'event',
      id: uuidv7(),
      match: {},
      match_related: {},
      after: ['job.started'],
      expect: ['job.done'],
      for_each: ['prefect.resource.id'],
      posture: 'Proactive',
      threshold: 1,
      within: withinS,
    },
    actions: [{ type: 'do-nothing' }],
    actions_on_trigger: [],
    actions_on_resolve: [],
  };
}
