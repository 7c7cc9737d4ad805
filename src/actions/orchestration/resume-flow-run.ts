// resume-flow-run (§5.2): `POST /flow_runs/{id}/resume`. Prefect lets an HTTP error here escape as
// a non-ActionFailed exception (§10.14); Herald maps it like every other orchestration call.

import { OrchestrationClient } from './client.js';
import { requireAccepted } from './flow-run-state.js';
import { inferFlowRunId } from './infer.js';
import { targetResource, withRelated } from './resources.js';
import type { ActionExecutor } from '../types.js';

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
