// What an action type is ([compat S5.1], [compat S5.2]): its stored shape, the parser the automations API
// validates it with at save time, and the executor the outbox worker runs. Each action type's
// module exports one `ActionDefinition`; src/actions/registry.ts lists them once, so a type cannot
// be accepted by the API without an executor, or executed without a parser.

import type { Loc } from '../events/index.js';
import type { TemplateLimits } from '../templates/index.js';
import type { ActionBase } from '../model/automation.js';
import type { AutomationLimits } from '../model/automation-limits.js';
import type { Issues, Obj } from '../model/parse-fields.js';
import type { ActionExecutor } from './types.js';

/** Each action type's module declares its stored shape as an ActionBase (the shared model's). */
export type { ActionBase };

/** An action's own fields, as its parser returns them (no `type`, no unknown keys). */
export type ActionFields<A> = { [K in keyof A as K extends 'type' ? never : string extends K ? never : K]: A[K] };

export interface ActionParseOptions {
  /** Sandbox limits templates are validated with. */
  limits?: Partial<TemplateLimits>;
  /** Most actions per list, longest `schedule_after` (default: the settings' defaults). */
  automationLimits?: AutomationLimits;
}

/** Checks the action's own fields and fills Prefect's defaults; null with issues pushed when invalid. */
export type FieldsParser<F> = (o: Obj, loc: Loc, opts: ActionParseOptions, issues: Issues) => F | null;

/**
 * One action type. `A` is the shape its parser stores; the executor reads stored actions, which
 * only an action stored by this version is sure to have (see ActionExecutor).
 */
export interface ActionDefinition<A extends ActionBase<string>> {
  readonly type: A['type'];
  readonly parse: FieldsParser<ActionFields<A>>;
  readonly executor: ActionExecutor;
}
