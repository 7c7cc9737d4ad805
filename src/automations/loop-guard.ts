// Prefect's infinite-loop guard ([compat S3.3]): an enabled automation whose Reactive event trigger
// expects a flow run being scheduled/pending/running, and whose action runs a deployment that such
// a run could belong to, would start a flow run for every flow run it starts. Only this one loop is
// refused at save time; Herald stops the general case at run time (causation depth, [compat D10.18b]).

import type { ResourceSpecification } from '../events/types.js';
import type { Action, Trigger } from '../model/automation.js';
import { valueIssue, type Issues } from '../model/parse-fields.js';

const LOOPING_EVENTS = new Set([
  'prefect.flow-run.Scheduled',
  'prefect.flow-run.Pending',
  'prefect.flow-run.Running',
  'prefect.flow-run.*',
]);
const EVERY_FLOW_RUN = 'prefect.flow-run.*';

/** `{}`, or only `prefect.resource.id` = `prefect.flow-run.*` (as a value or a list of it). */
function matchesEveryFlowRun(spec: ResourceSpecification): boolean {
  const labels = Object.keys(spec);
  if (labels.length === 0) return true;
  if (labels.length !== 1 || labels[0] !== 'prefect.resource.id') return false;
  const value = spec['prefect.resource.id'];
  const values = typeof value === 'string' ? [value] : value;
  return values.length > 0 && values.every((v) => v === EVERY_FLOW_RUN);
}

export interface LoopGuardInput {
  enabled: boolean;
  trigger: Trigger;
  actions: Action[];
}

/** Issues (at `["body", "actions", i]`) for the run-deployment actions that would loop forever. */
export function checkInfiniteLoop(automation: LoopGuardInput, issues: Issues): void {
  const { trigger } = automation;
  if (!automation.enabled || trigger.type !== 'event' || trigger.posture !== 'Reactive') return;
  if (!trigger.expect.some((e) => e.startsWith('prefect.flow-run.'))) return;
  if (!trigger.expect.some((e) => LOOPING_EVENTS.has(e))) return;

  const related = Array.isArray(trigger.match_related) ? trigger.match_related : [trigger.match_related];
  // An empty list constrains nothing, like an empty spec.
  const relatedMatchesAll = related.length === 0 || related.some(matchesEveryFlowRun);
  const everyRun = matchesEveryFlowRun(trigger.match) && relatedMatchesAll;

  automation.actions.forEach((action, i) => {
    if (action.type !== 'run-deployment') return;
    const loc = ['body', 'actions', i];
    if (action.source === 'inferred') {
      issues.push(
        valueIssue(
          loc,
          action,
          'Running an inferred deployment from a flow run state change event will lead to an infinite loop of flow runs.',
        ),
      );
    } else if (action.deployment_id && everyRun) {
      issues.push(
        valueIssue(
          loc,
          action,
          'Running a selected deployment from a flow run state change event of any flow run will lead to an infinite loop of flow runs; ' +
            'narrow the trigger with `match` or `match_related` (e.g. to other deployments or flows).',
        ),
      );
    }
  });
}
