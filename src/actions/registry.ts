// Every action type, listed once ([compat S5.1]'s catalogue plus Herald's emit-event): its parser (the
// automations API validates actions with it) and its executor (the outbox worker runs actions with
// it) come from the same definition, and `Action` — the stored action — is derived from this list,
// so the API cannot accept a type that has no executor. An action whose type is missing here fails
// with "Unknown action type".

import { pauseAutomation, resumeAutomation } from './automation-actions.js';
import { callWebhook } from './call-webhook.js';
import type { ActionBase, ActionDefinition } from './definition.js';
import { doNothing } from './do-nothing.js';
import { emitEvent } from './emit-event.js';
import * as orchestration from './orchestration/index.js';
import { sendNotification } from './send-notification.js';
import type { ActionExecutor } from './types.js';

// The order is the API's: Prefect lists the expected tags in this order in its 422 for an unknown
// `type`, and the OpenAPI schema enumerates them in it.
const DEFINITIONS = {
  'do-nothing': doNothing,
  'run-deployment': orchestration.runDeployment,
  'pause-deployment': orchestration.pauseDeployment,
  'resume-deployment': orchestration.resumeDeployment,
  'cancel-flow-run': orchestration.cancelFlowRun,
  'delete-flow-run': orchestration.deleteFlowRun,
  'change-flow-run-state': orchestration.changeFlowRunState,
  'pause-work-queue': orchestration.pauseWorkQueue,
  'resume-work-queue': orchestration.resumeWorkQueue,
  'send-notification': sendNotification,
  'call-webhook': callWebhook,
  'pause-automation': pauseAutomation,
  'resume-automation': resumeAutomation,
  'suspend-flow-run': orchestration.suspendFlowRun,
  'resume-flow-run': orchestration.resumeFlowRun,
  'pause-work-pool': orchestration.pauseWorkPool,
  'resume-work-pool': orchestration.resumeWorkPool,
  // Herald extension.
  'emit-event': emitEvent,
};

type Definitions = typeof DEFINITIONS;

/** The shape a definition's parser produces. */
type ParsedOf<D> = D extends ActionDefinition<infer A> ? A : never;

export type ActionType = keyof Definitions;

/** An action as the automations API stores it now, discriminated by `type` ([compat S5.2]). */
export type ParsedAction = { [T in ActionType]: ParsedOf<Definitions[T]> }[ActionType];

/**
 * An action as stored, discriminated by `type`. Its fields stay unchecked: storage keeps what an
 * earlier version (or a hand-written row) stored, and executors must fail with a reason on it
 * rather than trust a type. A ParsedAction is one.
 */
export type Action = { [T in ActionType]: ActionBase<T> }[ActionType];

// Each key must be its definition's own type (the mapped type compares them), so a definition
// cannot be registered under another type's name.
const checked: { readonly [T in ActionType]: ActionDefinition<ActionBase<T>> & { readonly type: T } } = DEFINITIONS;

/** Every action type the API accepts, in the API's order. */
export const ACTION_TYPES = Object.keys(checked) as readonly ActionType[];

/** The definition of `type`, or undefined for a type Herald does not know. */
export function actionDefinition(type: string): ActionDefinition<Action> | undefined {
  return Object.hasOwn(DEFINITIONS, type) ? (DEFINITIONS[type as ActionType] as ActionDefinition<Action>) : undefined;
}

/** Action type → executor, as the outbox worker looks them up. */
export function defaultExecutors(): Record<string, ActionExecutor> {
  return Object.fromEntries(ACTION_TYPES.map((type): [string, ActionExecutor] => [type, DEFINITIONS[type].executor]));
}
