// resume-flow-run ([compat S5.2]): `POST /flow_runs/{id}/resume`. Prefect lets an HTTP error here escape as
// a non-ActionFailed exception ([compat D10.14]); Herald maps it like every other orchestration call.

import { OrchestrationClient } from './client.js';
import { requireAccepted } from './flow-run-state.js';
import { inferFlowRunId } from './infer.js';
import { targetResource, withRelated } from './resources.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { noFields } from '../parse-shared.js';
import type { ActionExecutor } from '../types.js';

export type ResumeFlowRunAction = ActionBase<'resume-flow-run'>;

export const resumeFlowRunExecutor: ActionExecutor = {
  async execute(run, deps) {
    const client = OrchestrationClient.for(run, deps);
    const flowRunId = inferFlowRunId(run);
    const related = [targetResource('flow-run', flowRunId)];
    return withRelated(related, async () => {
      deps.logger.info({ automation: run.triggered.automation.id, flow_run_id: flowRunId }, 'Resuming flow run');
      const res = await client.request('POST', `/flow_runs/${flowRunId}/resume`);
      requireAccepted(res, 'Failed to resume flow run');
      return { details: { status_code: res.status }, related };
    });
  },
};

export const resumeFlowRun: ActionDefinition<ResumeFlowRunAction> = {
  type: 'resume-flow-run',
  parse: noFields,
  executor: resumeFlowRunExecutor,
};
