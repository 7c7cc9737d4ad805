// The orchestration actions (§5.2): everything that acts on a Prefect-compatible orchestration API
// (`orchestrationApiUrl`), by action `type`.

import type { ActionExecutor } from '../types.js';
import { cancelFlowRunExecutor } from './cancel-flow-run.js';
import { changeFlowRunStateExecutor } from './change-flow-run-state.js';
import { deleteFlowRunExecutor } from './delete-flow-run.js';
import { pauseDeploymentExecutor, resumeDeploymentExecutor } from './deployment-commands.js';
import { resumeFlowRunExecutor } from './resume-flow-run.js';
import { runDeploymentExecutor } from './run-deployment.js';
import { suspendFlowRunExecutor } from './suspend-flow-run.js';
import { pauseWorkPoolExecutor, resumeWorkPoolExecutor } from './work-pools.js';
import { pauseWorkQueueExecutor, resumeWorkQueueExecutor } from './work-queues.js';

export const orchestrationExecutors: Record<string, ActionExecutor> = {
  'run-deployment': runDeploymentExecutor,
  'pause-deployment': pauseDeploymentExecutor,
  'resume-deployment': resumeDeploymentExecutor,
  'cancel-flow-run': cancelFlowRunExecutor,
  'suspend-flow-run': suspendFlowRunExecutor,
  'change-flow-run-state': changeFlowRunStateExecutor,
  'resume-flow-run': resumeFlowRunExecutor,
  'delete-flow-run': deleteFlowRunExecutor,
  'pause-work-queue': pauseWorkQueueExecutor,
  'resume-work-queue': resumeWorkQueueExecutor,
  'pause-work-pool': pauseWorkPoolExecutor,
  'resume-work-pool': resumeWorkPoolExecutor,
};

export { OrchestrationClient, OrchestrationStatusError, type OrchestrationResponse } from './client.js';
export { firstIdOfKind, idFromResourceId, inferFlowRunId, selectedOrInferredId, type InferableKind, type ResourceKind } from './infer.js';
export { flowRunIdempotencyKey } from './run-deployment.js';
