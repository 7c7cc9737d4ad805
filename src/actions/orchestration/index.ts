// The orchestration actions ([compat S5.2]): everything that acts on a Prefect-compatible orchestration API
// (`orchestrationApiUrl`), by action `type`.

import type { ActionExecutor } from '../types.js';
import { cancelFlowRun } from './cancel-flow-run.js';
import { changeFlowRunState } from './change-flow-run-state.js';
import { deleteFlowRun } from './delete-flow-run.js';
import { pauseDeployment, resumeDeployment } from './deployment-commands.js';
import { resumeFlowRun } from './resume-flow-run.js';
import { runDeployment } from './run-deployment.js';
import { suspendFlowRun } from './suspend-flow-run.js';
import { pauseWorkPool, resumeWorkPool } from './work-pools.js';
import { pauseWorkQueue, resumeWorkQueue } from './work-queues.js';

export {
  cancelFlowRun,
  changeFlowRunState,
  deleteFlowRun,
  pauseDeployment,
  pauseWorkPool,
  pauseWorkQueue,
  resumeDeployment,
  resumeFlowRun,
  resumeWorkPool,
  resumeWorkQueue,
  runDeployment,
  suspendFlowRun,
};

/** Type → executor of the orchestration actions only (the registry holds every action type). */
export const orchestrationExecutors: Record<string, ActionExecutor> = Object.fromEntries(
  [
    runDeployment,
    pauseDeployment,
    resumeDeployment,
    cancelFlowRun,
    suspendFlowRun,
    changeFlowRunState,
    resumeFlowRun,
    deleteFlowRun,
    pauseWorkQueue,
    resumeWorkQueue,
    pauseWorkPool,
    resumeWorkPool,
  ].map((d): [string, ActionExecutor] => [d.type, d.executor]),
);

export { OrchestrationClient, OrchestrationStatusError, type OrchestrationResponse } from './client.js';
export { firstIdOfKind, idFromResourceId, inferFlowRunId, selectedOrInferredId, type InferableKind, type ResourceKind } from './infer.js';
export { flowRunIdempotencyKey } from './run-deployment.js';
