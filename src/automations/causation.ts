// Loop protection (fixes [compat D10.18b]). Every event Herald emits on an automation's behalf carries the
// label `herald.causation-depth` = 1 + the depth of the event that caused it: on the primary
// resource of `prefect.automation.*` events, and on a related `creator` resource for events made
// by the emit-event action (whose primary resource belongs to the user). Events from outside have
// depth 0. A firing whose actions would emit at a depth above `triggerMaxCausationDepth` is
// stopped and reported instead of acted on.

import type { ReceivedEvent } from '../events/types.js';
import { CAUSATION_DEPTH_LABEL } from '../model/automation.js';

export function causationDepth(event: Pick<ReceivedEvent, 'resource' | 'related'> | null): number {
  if (!event) return 0;
  let depth = labelDepth(event.resource[CAUSATION_DEPTH_LABEL]);
  for (const r of event.related) depth = Math.max(depth, labelDepth(r[CAUSATION_DEPTH_LABEL]));
  return depth;
}

function labelDepth(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}
