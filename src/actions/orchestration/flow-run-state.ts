// Shared by the flow-run actions that set a state (cancel, suspend, change-flow-run-state):
// find the flow run ([compat S5.1]), `POST /flow_runs/{id}/set_state {state, force}`, and read Prefect's
// OrchestrationResult — a 2xx whose `status` is not ACCEPT (REJECT, ABORT, WAIT) means the
// orchestrator refused, which fails the action with the reason it gave.

import { isPlainObject } from '../../events/index.js';
import { ActionFailed, type ActionDeps, type ActionExecutor, type ActionOutcome, type ActionRun } from '../types.js';
import { OrchestrationClient, type OrchestrationResponse } from './client.js';
import { inferFlowRunId } from './infer.js';
import { targetResource, withRelated } from './resources.js';

/** A Prefect `StateCreate` body. */
export interface StateCreate {
  type: string;
  name: string | null;
  message: string | null;
  state_details?: Record<string, unknown>;
}

/** What a flow-run action sends: the state to set, and whether to bypass orchestration rules. */
export interface StateRequest {
  state: StateCreate;
  force: boolean;
}

/** An executor that sets the state `build` returns on the inferred flow run. */
export function flowRunStateExecutor(description: string, build: (run: ActionRun, deps: ActionDeps) => StateRequest): ActionExecutor {
  return {
    async execute(run, deps) {
      const client = OrchestrationClient.for(run, deps);
      const flowRunId = inferFlowRunId(run);
      const related = [targetResource('flow-run', flowRunId)];
      return withRelated(related, async (): Promise<ActionOutcome> => {
        const request = build(run, deps);
        deps.logger.info({ automation: run.triggered.automation.id, flow_run_id: flowRunId, state: request.state.type }, description);
        const res = await client.request('POST', `/flow_runs/${flowRunId}/set_state`, request);
        requireAccepted(res, 'Failed to set state');
        return { details: { status_code: res.status }, related };
      });
    },
  };
}

/** Throws ActionFailed(`<what>: <reason>`) unless the OrchestrationResult was accepted. */
export function requireAccepted(res: OrchestrationResponse, what: string): void {
  const result = isPlainObject(res.body) ? res.body : {};
  if (result.status === 'ACCEPT') return;
  const details = isPlainObject(result.details) ? result.details : {};
  const reason =
    typeof details.reason === 'string' && details.reason !== ''
      ? details.reason
      : `the orchestration API answered ${typeof result.status === 'string' ? result.status : 'without an orchestration status'}`;
  throw new ActionFailed(`${what}: ${reason}`, { status_code: res.status });
}
