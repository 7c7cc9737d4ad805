// Which object an action acts on ([compat S5.1]): "selected" (the id is in the action) or "inferred"
// (the first `prefect.<kind>.<uuid>` resource of the triggering event), and the flow run of the
// flow-run actions. The failure texts are Prefect's, so failed events read the same.

import { canonicalUuid } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import { ActionFailed, type ActionRun } from '../types.js';

export type InferableKind = 'deployment' | 'work-queue' | 'work-pool' | 'automation';
export type ResourceKind = InferableKind | 'flow-run';

const NOUNS: Record<ResourceKind, string> = {
  deployment: 'deployment',
  'work-queue': 'work queue',
  'work-pool': 'work pool',
  automation: 'automation',
  'flow-run': 'flow run',
};

/** `deployment` → `deployment_id`, `work-queue` → `work_queue_id`. */
export function idField(kind: InferableKind): string {
  return `${kind.replace('-', '_')}_id`;
}

/**
 * The UUID of `prefect.<kind>.<uuid>`, canonical, or null. The kind must match exactly (so
 * `prefect.flow-run-x.<uuid>` is no flow run) and the rest must parse as a UUID.
 */
export function idFromResourceId(resourceId: string, kind: ResourceKind): string | null {
  const prefix = `prefect.${kind}.`;
  if (!resourceId.startsWith(prefix)) return null;
  return canonicalUuid(resourceId.slice(prefix.length));
}

/** The id of the first resource of `kind` among the event's resource, then its related resources. */
export function firstIdOfKind(event: Pick<ReceivedEvent, 'resource' | 'related'>, kind: ResourceKind): string | null {
  for (const resource of [event.resource, ...event.related]) {
    const id = idFromResourceId(resource['prefect.resource.id'] ?? '', kind);
    if (id !== null) return id;
  }
  return null;
}

/** The id a deployment/work-queue/work-pool/automation action targets. Throws ActionFailed. */
export function selectedOrInferredId(run: ActionRun, kind: InferableKind): string {
  const action = run.triggered.action;
  const field = idField(kind);
  const source = action.source ?? 'selected';
  const given = action[field];
  const hasId = given !== undefined && given !== null && given !== '';
  if (source === 'selected') {
    // The automations API rejects these at save time (422); an action stored before that rule,
    // or written by hand, still fails with the same words instead of a crash.
    if (!hasId) throw new ActionFailed(`${field} is required`);
    const id = canonicalUuid(given);
    if (id === null) throw new ActionFailed(`${field} must be a UUID, got ${JSON.stringify(given)}`);
    return id;
  }
  if (source !== 'inferred') throw new ActionFailed(`source must be 'selected' or 'inferred', got ${JSON.stringify(source)}`);
  if (hasId) throw new ActionFailed(`${field} is not allowed`);
  const noun = NOUNS[kind];
  const event = run.triggered.triggering_event;
  if (!event) throw new ActionFailed(`No event to infer the ${noun}`);
  const id = firstIdOfKind(event, kind);
  if (id === null) throw new ActionFailed(`No ${noun} could be inferred`);
  return id;
}

/**
 * The flow run of a flow-run action: the `for_each` key first (a Proactive trigger keyed on
 * `prefect.resource.id` may fire without any event), then the triggering event's resources.
 */
export function inferFlowRunId(run: ActionRun): string {
  const keyed = run.triggered.triggering_labels['prefect.resource.id'];
  if (keyed !== undefined) {
    const id = idFromResourceId(keyed, 'flow-run');
    if (id !== null) return id;
  }
  const event = run.triggered.triggering_event;
  const id = event ? firstIdOfKind(event, 'flow-run') : null;
  if (id === null) throw new ActionFailed('No flow run could be inferred');
  return id;
}
