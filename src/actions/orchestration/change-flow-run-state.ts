// change-flow-run-state ([compat S5.2]): set any state type, with an optional name and message.

import { missing } from '../../events/index.js';
import { hasOwn, laxBool, literalField, nullableString } from '../../model/parse-fields.js';
import type { ActionBase, ActionDefinition, ActionFields, FieldsParser } from '../definition.js';
import { ActionFailed } from '../types.js';
import { flowRunStateExecutor } from './flow-run-state.js';

export const STATE_TYPES = [
  'SCHEDULED',
  'PENDING',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'CRASHED',
  'PAUSED',
  'CANCELLING',
] as const;

export type StateType = (typeof STATE_TYPES)[number];

export interface ChangeFlowRunStateAction extends ActionBase<'change-flow-run-state'> {
  state: StateType;
  name: string | null;
  message: string | null;
  force: boolean;
}

const parse: FieldsParser<ActionFields<ChangeFlowRunStateAction>> = (o, loc, _opts, issues) => {
  const before = issues.length;
  let state: StateType | null = null;
  if (!hasOwn(o, 'state')) issues.push(missing([...loc, 'state'], o));
  else state = literalField(o.state, [...loc, 'state'], STATE_TYPES, issues, 'enum');
  const name = nullableString(o.name, [...loc, 'name'], issues);
  const message = nullableString(o.message, [...loc, 'message'], issues);
  const force = o.force === undefined ? false : laxBool(o.force, [...loc, 'force'], issues);
  // Every null below came with an issue.
  if (issues.length > before || state === null || force === null) return null;
  return { state, name: name ?? null, message: message ?? null, force };
};

// The stored action is checked again: one stored before these rules, or written by hand, fails with
// a reason instead of a crash.
export const changeFlowRunStateExecutor = flowRunStateExecutor('Changing flow run state', (run) => {
  const action = run.triggered.action;
  const type: unknown = action.state;
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    throw new ActionFailed(`state must be one of ${STATE_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  }
  const name = optionalString(action.name, 'name');
  const message = optionalString(action.message, 'message');
  const force: unknown = action.force ?? false;
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

export const changeFlowRunState: ActionDefinition<ChangeFlowRunStateAction> = {
  type: 'change-flow-run-state',
  parse,
  executor: changeFlowRunStateExecutor,
};
