// Automation lifecycle events `prefect.automation.created|updated|deleted` (spec §3.2). Prefect
// emits them inline before its transaction commits, so a rolled-back request may still announce a
// change that never happened (§10.17); Herald builds them only after the storage write returned
// (committed) and emits one per automation deleted through `owned-by` too (Prefect emits none).

import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Clock } from '../clock.js';
import { nowTimestamp } from '../events/index.js';
import type { Event } from '../events/types.js';
import { CAUSATION_DEPTH_LABEL, type Automation } from './model.js';

export type LifecycleChange = 'created' | 'updated' | 'deleted';

/**
 * `causationDepth` > 0 when an automation's own action made the change (pause-/resume-automation):
 * the event carries it like every event Herald emits on an automation's behalf (loop protection).
 */
export function lifecycleEvent(change: LifecycleChange, automation: Automation, clock: Clock, causationDepth = 0): Event {
  const resource: Record<string, string> = { 'prefect.resource.id': `prefect.automation.${automation.id}`, 'prefect.resource.name': automation.name };
  if (causationDepth > 0) resource[CAUSATION_DEPTH_LABEL] = String(causationDepth);
  return {
    id: uuidv7(clock.now()),
    occurred: nowTimestamp(clock),
    event: `prefect.automation.${change}`,
    resource,
    related: [],
    // A copy: the event must not change if the caller later mutates its automation object.
    payload: structuredClone(automation) as unknown as Record<string, unknown>,
    follows: null,
  };
}
