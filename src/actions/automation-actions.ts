// pause-automation / resume-automation ([compat S5.2]). Prefect calls its own `PATCH /automations/{id}`;
// Herald calls the same service the automations API uses (`deps.automations`), so validation,
// lifecycle events and the trigger engine's reload happen exactly as for an API call.

import { isHeraldError, type HeraldError } from '../errors.js';
import type { ValidationIssue } from '../events/index.js';
import { selectedOrInferredId } from './orchestration/infer.js';
import { targetResource } from './orchestration/resources.js';
import type { ActionBase, ActionDefinition } from './definition.js';
import { targeted, type TargetFields } from './parse-shared.js';
import { ActionFailed, type ActionExecutor } from './types.js';

export interface PauseAutomationAction extends ActionBase<'pause-automation'>, TargetFields<'automation_id'> {}
export interface ResumeAutomationAction extends ActionBase<'resume-automation'>, TargetFields<'automation_id'> {}

function automationCommand(enabled: boolean): ActionExecutor {
  return {
    async execute(run, deps) {
      const automationId = selectedOrInferredId(run, 'automation');
      const related = [targetResource('automation', automationId)];
      deps.logger.info(
        { automation: run.triggered.automation.id, automation_id: automationId },
        enabled ? 'Resuming automation' : 'Pausing automation',
      );
      let result: { id: string; name: string } | null;
      try {
        result = await deps.automations.setEnabled(run.workspaceId, automationId, enabled, {
          causationDepth: run.triggered.causation_depth,
        });
      } catch (err) {
        // A validation failure of the automation (HeraldError) will not change on retry.
        if (isHeraldError(err) && err.statusCode < 500) {
          throw new ActionFailed(reasonOf(err, automationId, enabled), { error_code: err.code }, related);
        }
        throw err;
      }
      if (result === null) throw new ActionFailed(`Automation ${automationId} not found`, {}, related);
      return { details: {}, related: [targetResource('automation', automationId, result.name)] };
    },
  };
}

/** A validation error's own words (its message is only "Invalid request received."). */
function reasonOf(err: HeraldError, automationId: string, enabled: boolean): string {
  const issues = err.params.issues;
  if (!Array.isArray(issues) || issues.length === 0) return err.message;
  const texts = (issues as ValidationIssue[]).map((i) => i.msg);
  return `Automation ${automationId} cannot be ${enabled ? 'resumed' : 'paused'}: ${texts.join('; ')}`;
}

export const pauseAutomation: ActionDefinition<PauseAutomationAction> = {
  type: 'pause-automation',
  parse: targeted('automation_id'),
  executor: automationCommand(false),
};

export const resumeAutomation: ActionDefinition<ResumeAutomationAction> = {
  type: 'resume-automation',
  parse: targeted('automation_id'),
  executor: automationCommand(true),
};

export const automationExecutors: Record<'pause-automation' | 'resume-automation', ActionExecutor> = {
  'pause-automation': pauseAutomation.executor,
  'resume-automation': resumeAutomation.executor,
};
