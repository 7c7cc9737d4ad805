// Size and range limits of a saved automation (issue #9). Prefect bounds none of these, so a hostile
// or careless body could hold a trigger nested 10,000 deep (a stack overflow in any recursive
// walker), 100,000 actions, a 10 MB name copied into every event the automation emits, or a window
// so long that its end is no longer a time. Each limit is a setting (src/config.ts); the checks
// answer Prefect's 422 body with pydantic's issue types, `loc` naming the field.

import { settingDefinitions, type Settings } from '../config.js';
import { isPlainObject, issue, type Loc } from '../events/index.js';
import { codePointLength } from '../events/fields.js';
import type { Issues } from './parse-fields.js';

export interface AutomationLimits {
  maxNameLength: number;
  maxDescriptionLength: number;
  /** Per action list. */
  maxActions: number;
  /** Whole trigger tree. */
  maxTriggers: number;
  maxTriggerDepth: number;
  /** Seconds (settings hold milliseconds). */
  maxDurationSeconds: number;
  maxThreshold: number;
}

type LimitSettings = Pick<
  Settings,
  | 'automationMaxNameLength'
  | 'automationMaxDescriptionLength'
  | 'automationMaxActions'
  | 'automationMaxTriggers'
  | 'automationMaxTriggerDepth'
  | 'automationMaxDuration'
  | 'automationMaxThreshold'
>;

/** The limits of `settings`; settings left out take their defaults (engine tests pass a few). */
export function automationLimitsFrom(settings: Partial<LimitSettings> = {}): AutomationLimits {
  const s = (k: keyof LimitSettings): number => settings[k] ?? settingDefinitions[k].default;
  return {
    maxNameLength: s('automationMaxNameLength'),
    maxDescriptionLength: s('automationMaxDescriptionLength'),
    maxActions: s('automationMaxActions'),
    maxTriggers: s('automationMaxTriggers'),
    maxTriggerDepth: s('automationMaxTriggerDepth'),
    maxDurationSeconds: s('automationMaxDuration') / 1000,
    maxThreshold: s('automationMaxThreshold'),
  };
}

export const DEFAULT_AUTOMATION_LIMITS: AutomationLimits = Object.freeze(automationLimitsFrom());

/** pydantic `string_too_long`; the (long) input is not echoed: the request body already is. */
export function checkStringLength(value: string, max: number, loc: Loc, issues: Issues): boolean {
  // Code points, like Python's len(); the cheap UTF-16 length is an upper bound of it.
  if (codePointLength(value, max) <= max) return true;
  issues.push(issue(loc, 'string_too_long', `String should have at most ${max} characters`, undefined, { max_length: max }));
  return false;
}

/** pydantic `too_long` for a list, checked before its items are parsed. */
export function checkListLength(value: unknown, max: number, loc: Loc, issues: Issues): boolean {
  if (!Array.isArray(value) || value.length <= max) return true;
  issues.push(
    issue(loc, 'too_long', `List should have at most ${max} items after validation, not ${value.length}`, undefined, {
      field_type: 'List',
      max_length: max,
      actual_length: value.length,
    }),
  );
  return false;
}

/** pydantic `less_than_equal` for a duration in seconds. */
export function checkMaxDuration(seconds: number, input: unknown, limits: AutomationLimits, loc: Loc, issues: Issues): boolean {
  if (seconds <= limits.maxDurationSeconds) return true;
  const le = limits.maxDurationSeconds;
  issues.push(
    issue(loc, 'less_than_equal', `Input should be less than or equal to ${le} seconds (setting automationMaxDuration)`, input, { le }),
  );
  return false;
}

/**
 * The shape of a trigger tree — nesting depth and number of triggers — checked with an explicit
 * stack BEFORE the recursive parser runs, so neither this check nor the parser can overflow the
 * call stack. Objects that are not triggers are left to the parser to report.
 */
export function checkTriggerTree(input: unknown, loc: Loc, limits: AutomationLimits, issues: Issues): boolean {
  const stack: { node: unknown; loc: Loc; depth: number }[] = [{ node: input, loc, depth: 1 }];
  let count = 1;
  while (stack.length > 0) {
    const { node, loc: at, depth } = stack.pop()!;
    if (!isPlainObject(node) || !Array.isArray(node.triggers) || node.triggers.length === 0) continue;
    const list = [...at, 'triggers'];
    if (depth >= limits.maxTriggerDepth) {
      issues.push(
        issue(
          list,
          'too_deep',
          `Triggers should be nested at most ${limits.maxTriggerDepth} levels deep (setting automationMaxTriggerDepth)`,
          undefined,
          {
            max_depth: limits.maxTriggerDepth,
          },
        ),
      );
      return false;
    }
    count += node.triggers.length;
    if (count > limits.maxTriggers) {
      issues.push(
        issue(
          list,
          'too_long',
          `An automation should have at most ${limits.maxTriggers} triggers in all (setting automationMaxTriggers)`,
          undefined,
          {
            field_type: 'List',
            max_length: limits.maxTriggers,
          },
        ),
      );
      return false;
    }
    node.triggers.forEach((child, i) => stack.push({ node: child, loc: [...list, i], depth: depth + 1 }));
  }
  return true;
}
