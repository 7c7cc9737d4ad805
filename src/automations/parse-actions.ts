// Parsing the actions of an automation ([compat S5.1], [compat S5.2]). Each action type checks its own fields
// and fills Prefect's defaults; keys an action type does not know are ignored, as Prefect does, but
// kept in the stored action exactly as given (a newer client's fields survive a round trip).
// The per-type parsers live with their executors (src/actions/registry.ts); this module checks the
// list and the `type` tag, then dispatches.

import { isPlainObject, issue, missing, type Loc } from '../events/index.js';
import type { ActionParseOptions } from '../actions/definition.js';
import { actionDefinition, type ParsedAction } from '../actions/registry.js';
import { ACTION_TYPES } from '../model/automation.js';
import { checkListLength, DEFAULT_AUTOMATION_LIMITS } from '../model/automation-limits.js';
import { expectedText, hasOwn, valueIssue, type Issues } from '../model/parse-fields.js';

export type { ActionParseOptions } from '../actions/definition.js';
export { ACTION_TYPES } from '../model/automation.js';
export { STATE_TYPES } from '../actions/orchestration/change-flow-run-state.js';
export { DEFAULT_SUBJECT as DEFAULT_NOTIFICATION_SUBJECT } from '../actions/send-notification.js';

/** Known to Prefect's client SDK but only served by Prefect Cloud. */
const UNSUPPORTED: Record<string, string> = {
  'declare-incident': 'the declare-incident action is not supported yet (it is a Prefect Cloud feature)',
};

/** Parses one action; null with issues pushed when invalid. */
export function parseAction(input: unknown, loc: Loc, opts: ActionParseOptions, issues: Issues): ParsedAction | null {
  if (!isPlainObject(input)) {
    issues.push(issue(loc, 'model_type', 'Input should be an object', input, { class_name: 'Action' }));
    return null;
  }
  if (!hasOwn(input, 'type')) {
    issues.push(missing([...loc, 'type'], input));
    return null;
  }
  const type = input.type;
  if (typeof type === 'string' && hasOwn(UNSUPPORTED, type)) {
    issues.push(valueIssue([...loc, 'type'], type, UNSUPPORTED[type]));
    return null;
  }
  const definition = typeof type === 'string' ? actionDefinition(type) : undefined;
  if (!definition) {
    const expected = expectedText(ACTION_TYPES);
    issues.push(
      issue(
        [...loc, 'type'],
        'union_tag_invalid',
        `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${expected}`,
        type,
        {
          discriminator: "'type'",
          tag: String(type),
          expected_tags: expected,
        },
      ),
    );
    return null;
  }
  const fields = definition.parse(input, loc, opts, issues);
  if (!fields) return null;
  return { ...input, type: definition.type, ...fields } as ParsedAction;
}

/** Parses a list of actions (`actions`, `actions_on_trigger`, `actions_on_resolve`). */
export function parseActions(input: unknown, loc: Loc, opts: ActionParseOptions, issues: Issues): ParsedAction[] | null {
  if (!Array.isArray(input)) {
    issues.push(issue(loc, 'list_type', 'Input should be a valid list', input));
    return null;
  }
  // Before the items: 100,000 actions are refused without parsing (and echoing) each one.
  if (!checkListLength(input, (opts.automationLimits ?? DEFAULT_AUTOMATION_LIMITS).maxActions, loc, issues)) return null;
  const out: ParsedAction[] = [];
  let ok = true;
  input.forEach((item, i) => {
    const a = parseAction(item, [...loc, i], opts, issues);
    if (a) out.push(a);
    else ok = false;
  });
  return ok ? out : null;
}
