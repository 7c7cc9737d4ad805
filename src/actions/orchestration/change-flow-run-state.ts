// change-flow-run-state (§5.2): set any state type, with an optional name and message.

import { ActionFailed } from '../types.js';
import { flowRunStateExecutor } from './flow-run-state.js';

export const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;

export const changeFlowRunStateExecutor = flowRunStateExecutor('Changing flow run state', (run) => {
  const action = run.triggered.action;
  const type = action.state;
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    throw new ActionFailed(`state must be one of ${STATE_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  }
  const name = optionalString(action.name, 'name');
  const message = optionalString(action.message, 'message');
  const force = action.force ?? false;
  if (typeof force !== 'boolean') throw new ActionFailed(`force must be a boolean, got ${JSON.stringify(force)}`);
  return {
    // Like Prefect, a null name is left to the orchestrator, which names the state after its type.
    state: { type, name, message: message || `State changed by Automation ${run.triggered.automation.id}` },
    force,
  };
});

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ActionFailed(`${field} must be a string or null, got ${JSON.stringify(value)}`);
  return value;
}
