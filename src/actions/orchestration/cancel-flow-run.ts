// cancel-flow-run (§5.2): move the flow run to CANCELLING; its worker then stops it.

import { flowRunStateExecutor } from './flow-run-state.js';

export const cancelFlowRunExecutor = flowRunStateExecutor('Cancelling flow run', (run) => ({
  state: { type: 'CANCELLING', name: 'Cancelling', message: `Cancelled by Automation ${run.triggered.automation.id}` },
  force: false,
}));
