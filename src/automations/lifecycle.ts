// Automation lifecycle events `prefect.automation.created|updated|deleted` ([compat S3.2]). Prefect
// emits them inline before its transaction commits, so a rolled-back request may still announce a
// change that never happened ([compat D10.17]); Herald builds them only after the storage write returned
// (committed) and emits one per automation deleted through `owned-by` too (Prefect emits none).

import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Clock } from '../clock.js';
import { eventJsonSize, issue, nowTimestamp, RECEIVED_JSON_BYTES, type ValidationIssue } from '../events/index.js';
import type { Event } from '../events/types.js';
import { CAUSATION_DEPTH_LABEL, type Automation } from '../model/automation.js';

export type LifecycleChange = 'created' | 'updated' | 'deleted';

/**
 * `causationDepth` > 0 when an automation's own action made the change (pause-/resume-automation):
 * the event carries it like every event Herald emits on an automation's behalf (loop protection).
 */
export function lifecycleEvent(change: LifecycleChange, automation: Automation, clock: Clock, causationDepth = 0): Event {
  const resource: Record<string, string> = {
    'prefect.resource.id': `prefect.automation.${automation.id}`,
    'prefect.resource.name': automation.name,
  };
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

/** Herald-only issue type: the automation would not fit in its own lifecycle event. */
export const AUTOMATION_TOO_LARGE = 'automation_too_large';

/**
 * An issue when the lifecycle event of `automation` (its whole JSON is the payload) would exceed
 * `maxEventBytes`: ingest would store an event larger than any client may send, so such an
 * automation is refused at save time. Measured with the deepest causation label it may carry.
 */
export function lifecycleSizeIssue(
  automation: Automation,
  clock: Clock,
  maxEventBytes: number,
  maxCausationDepth: number,
): ValidationIssue | null {
  const size = eventJsonSize(lifecycleEvent('updated', automation, clock, maxCausationDepth)) + RECEIVED_JSON_BYTES;
  if (size <= maxEventBytes) return null;
  return issue(
    ['body'],
    AUTOMATION_TOO_LARGE,
    `The automation is ${size} bytes as a lifecycle event; the limit is ${maxEventBytes} bytes (setting maxEventBytes)`,
    undefined,
    {
      size,
      limit: maxEventBytes,
    },
  );
}

/** Herald's event when the trigger engine disabled an automation it could not load or evaluate. */
export const AUTOMATION_DISABLED_EVENT = 'herald.automation.disabled';

/**
 * `herald.automation.disabled` (payload `reason`). The name label is cut to `maxNameLength`: the
 * automation may be an old row with a name no longer accepted, and this event must always fit.
 */
export function automationDisabledEvent(
  automation: Pick<Automation, 'id' | 'name'>,
  reason: string,
  clock: Clock,
  maxNameLength: number,
): Event {
  const name = typeof automation.name === 'string' ? automation.name.slice(0, maxNameLength) : '';
  return {
    id: uuidv7(clock.now()),
    occurred: nowTimestamp(clock),
    event: AUTOMATION_DISABLED_EVENT,
    resource: { 'prefect.resource.id': `prefect.automation.${automation.id}`, 'prefect.resource.name': name },
    related: [],
    payload: { reason },
    follows: null,
  };
}
