// do-nothing ([compat S5.2]): records that the automation fired (its action.triggered/executed events) and
// nothing else.

import type { ActionBase, ActionDefinition } from './definition.js';
import { noFields } from './parse-shared.js';
import type { ActionExecutor } from './types.js';

export type DoNothingAction = ActionBase<'do-nothing'>;

export const doNothingExecutor: ActionExecutor = {
  async execute(run, deps) {
    deps.logger.info({ automation: run.triggered.automation.id, action_index: run.triggered.action_index }, 'Doing nothing');
    return { details: {}, related: [] };
  },
};

export const doNothing: ActionDefinition<DoNothingAction> = { type: 'do-nothing', parse: noFields, executor: doNothingExecutor };
