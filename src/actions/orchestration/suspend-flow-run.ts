// suspend-flow-run ([compat S5.2]): Prefect's `Suspended(timeout_seconds=3600)` — a PAUSED state named
// "Suspended" that reschedules the run on resume, and fails it if not resumed within the hour.

import { microsToTimestamp } from '../../events/index.js';
import type { ActionBase, ActionDefinition } from '../definition.js';
import { noFields } from '../parse-shared.js';
import { flowRunStateExecutor } from './flow-run-state.js';

export type SuspendFlowRunAction = ActionBase<'suspend-flow-run'>;

const SUSPEND_TIMEOUT_SECONDS = 3600;

export const suspendFlowRunExecutor = flowRunStateExecutor('Suspending flow run', (run, deps) => ({
  state: {
    type: 'PAUSED',
    name: 'Suspended',
    message: `Suspended by Automation ${run.triggered.automation.id}`,
    state_details: {
      pause_timeout: microsToTimestamp((deps.clock.now() + SUSPEND_TIMEOUT_SECONDS * 1000) * 1000),
      pause_reschedule: true,
    },
  },
  force: false,
}));

export const suspendFlowRun: ActionDefinition<SuspendFlowRunAction> = {
  type: 'suspend-flow-run',
  parse: noFields,
  executor: suspendFlowRunExecutor,
};
