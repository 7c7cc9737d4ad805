// Every action type's definition, listed once: its parser (the automations API validates actions
// with it) and its executor (the outbox worker runs actions with it) come from the same definition,
// and the compiler holds this list to the model's ACTION_TYPES (src/model/automation.ts), so the API
// cannot accept a type that has no executor. An action whose type is missing here fails with
// "Unknown action type".

import { pauseAutomation, resumeAutomation } from './automation-actions.js';
import { callWebhook } from './call-webhook.js';
import type { ActionBase, ActionDefinition } from './definition.js';
import { doNothing } from './do-nothing.js';
import { emitEvent } from './emit-event.js';
import * as orchestration from './orchestration/index.js';
import { sendNotification } from './send-notification.js';
import type { ActionExecutor } from './types.js';
import { ACTION_TYPES, type Action, type ActionType } from '../model/automation.js';

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
  // Exactly one definition per type of the model, each under its own type's name: a missing, extra
  // or misnamed entry does not compile.
} satisfies { readonly [T in ActionType]: ActionDefinition<ActionBase<T>> & { readonly type: T } };

type Definitions = typeof DEFINITIONS;

/** The shape a definition's parser produces. */
type ParsedOf<D> = D extends ActionDefinition<infer A> ? A : never;

/** An action as the automations API stores it now, discriminated by `type` ([compat S5.2]). */
export type ParsedAction = { [T in ActionType]: ParsedOf<Definitions[T]> }[ActionType];

/** The definition of `type`, or undefined for a type Herald does not know. */
export function actionDefinition(type: string): ActionDefinition<Action> | undefined {
  return Object.hasOwn(DEFINITIONS, type) ? (DEFINITIONS[type as ActionType] as ActionDefinition<Action>) : undefined;
}

/** Action type → executor, as the outbox worker looks them up. */
export function defaultExecutors(): Record<string, ActionExecutor> {
  return Object.fromEntries(ACTION_TYPES.map((type): [string, ActionExecutor] => [type, DEFINITIONS[type].executor]));
}
