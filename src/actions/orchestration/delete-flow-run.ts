// delete-flow-run ([compat S5.2]): `DELETE /flow_runs/{id}`.

import { OrchestrationClient } from './client.js';
import { inferFlowRunId } from './infer.js';
import { targetResource, withRelated } from './resources.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { noFields } from '../parse-shared.js';
import type { ActionExecutor } from '../types.js';

export type DeleteFlowRunAction = ActionBase<'delete-flow-run'>;

export const deleteFlowRunExecutor: ActionExecutor = {
  async execute(run, deps) {
    const client = OrchestrationClient.for(run, deps);
    const flowRunId = inferFlowRunId(run);
    const related = [targetResource('flow-run', flowRunId)];
    return withRelated(related, async () => {
      deps.logger.info({ automation: run.triggered.automation.id, flow_run_id: flowRunId }, 'Deleting flow run');
      const res = await client.request('DELETE', `/flow_runs/${flowRunId}`);
      return { details: { status_code: res.status }, related };
    });
  },
};

export const deleteFlowRun: ActionDefinition<DeleteFlowRunAction> = {
  type: 'delete-flow-run',
  parse: noFields,
  executor: deleteFlowRunExecutor,
};
