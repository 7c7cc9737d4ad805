// cancel-flow-run ([compat S5.2]): move the flow run to CANCELLING; its worker then stops it.

import type { ActionBase, ActionDefinition } from '../definition.js';
import { noFields } from '../parse-shared.js';
import { flowRunStateExecutor } from './flow-run-state.js';

export type CancelFlowRunAction = ActionBase<'cancel-flow-run'>;

export const cancelFlowRunExecutor = flowRunStateExecutor('Cancelling flow run', (run) => ({
  state: { type: 'CANCELLING', name: 'Cancelling', message: `Cancelled by Automation ${run.triggered.automation.id}` },
  force: false,
}));

export const cancelFlowRun: ActionDefinition<CancelFlowRunAction> = {
  type: 'cancel-flow-run',
  parse: noFields,
  executor: cancelFlowRunExecutor,
};
