// pause-deployment / resume-deployment ([compat S5.2]): `POST /deployments/{id}/pause_deployment` or
// `/resume_deployment` on the selected or inferred deployment.

import { OrchestrationClient } from './client.js';
import { selectedOrInferredId } from './infer.js';
import { targetResource, withRelated } from './resources.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { targeted, type TargetFields } from '../parse-shared.js';
import type { ActionExecutor } from '../types.js';

export interface PauseDeploymentAction extends ActionBase<'pause-deployment'>, TargetFields<'deployment_id'> {}
export interface ResumeDeploymentAction extends ActionBase<'resume-deployment'>, TargetFields<'deployment_id'> {}

function deploymentCommand(command: 'pause_deployment' | 'resume_deployment', description: string): ActionExecutor {
  return {
    async execute(run, deps) {
      const client = OrchestrationClient.for(run, deps);
      const deploymentId = selectedOrInferredId(run, 'deployment');
      const related = [targetResource('deployment', deploymentId)];
      return withRelated(related, async () => {
        deps.logger.info({ automation: run.triggered.automation.id, deployment_id: deploymentId }, description);
        const res = await client.request('POST', `/deployments/${deploymentId}/${command}`);
        return { details: { status_code: res.status }, related };
      });
    },
  };
}

export const pauseDeploymentExecutor = deploymentCommand('pause_deployment', 'Pausing deployment');
export const resumeDeploymentExecutor = deploymentCommand('resume_deployment', 'Resuming deployment');

export const pauseDeployment: ActionDefinition<PauseDeploymentAction> = {
  type: 'pause-deployment',
  parse: targeted('deployment_id'),
  executor: pauseDeploymentExecutor,
};

export const resumeDeployment: ActionDefinition<ResumeDeploymentAction> = {
  type: 'resume-deployment',
  parse: targeted('deployment_id'),
  executor: resumeDeploymentExecutor,
};
