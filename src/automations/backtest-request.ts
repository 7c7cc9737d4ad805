// The body of POST /automations/backtest: `{automation, since, until}`. The automation is checked by
// the very parser (and size rule) POST /automations/ uses, so a backtest refuses exactly what a save
// would refuse, with the issues located one level deeper (`body.automation.trigger.within`).

import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import {
  addMicros,
  issue,
  missing,
  nowTimestamp,
  timestampToMicros,
  validateTimestampField,
  validationError,
  type Loc,
  type ValidationIssue,
} from '../events/index.js';
import type { Timestamp } from '../events/types.js';
import { automationLimitsFrom } from '../model/automation-limits.js';
import type { Automation } from '../model/automation.js';
import { hasOwn, strictObject } from '../model/parse-fields.js';
import { limitsFromSettings } from '../templates/index.js';
import { lifecycleSizeIssue } from './lifecycle.js';
import { parseAutomationCreate } from './parse-automation.js';

/** `since` when the request leaves it out: this long before `until`. */
export const DEFAULT_BACKTEST_SPAN_US = 24 * 3600 * 1_000_000;

export interface BacktestRequest {
  /** The automation as it would be created (fresh ids), enabled: a draft that is off can be tried too. */
  automation: Automation;
  since: Timestamp;
  until: Timestamp;
}

/** Parses the request body; throws HERALD_ERR_VALIDATION (422, every issue at once) when it is not valid. */
export function parseBacktestRequest(body: unknown, clock: Clock, settings: Settings): BacktestRequest {
  const issues: ValidationIssue[] = [];
  const o = strictObject(body ?? null, ['body'], 'BacktestRequest', ['automation', 'since', 'until'], issues);
  if (!o) throw validationError(issues, body ?? null);

  let automation: Automation | null = null;
  if (!hasOwn(o, 'automation')) issues.push(missing(['body', 'automation'], o));
  else automation = parseAutomation(o.automation, clock, settings, issues);

  const until =
    o.until === undefined || o.until === null ? nowTimestamp(clock) : validateTimestampField(o.until, ['body', 'until'], issues);
  const since =
    o.since === undefined || o.since === null
      ? until && addMicros(until, -DEFAULT_BACKTEST_SPAN_US)
      : validateTimestampField(o.since, ['body', 'since'], issues);
  if (since && until && timestampToMicros(since) >= timestampToMicros(until)) {
    issues.push(issue(['body', 'since'], 'value_error', 'Value error, since must be before until', o.since ?? since, { until }));
  }
  if (issues.length > 0 || !automation || !since || !until) throw validationError(issues, body);
  return { automation, since, until };
}

function parseAutomation(input: unknown, clock: Clock, settings: Settings, issues: ValidationIssue[]): Automation | null {
  const parsed = parseAutomationCreate(input, {
    newId: () => uuidv7(clock.now()),
    limits: limitsFromSettings(settings),
    automationLimits: automationLimitsFrom(settings),
  });
  if (!parsed.ok) {
    issues.push(...parsed.issues.map(nested));
    return null;
  }
  const now = nowTimestamp(clock);
  const automation: Automation = { id: uuidv7(clock.now()), created: now, updated: now, ...parsed.value.fields, enabled: true };
  const tooLarge = lifecycleSizeIssue(automation, clock, settings.maxEventBytes, settings.triggerMaxCausationDepth);
  if (tooLarge) {
    issues.push(nested(tooLarge));
    return null;
  }
  return automation;
}

/** An issue of the create parser (located under `body`), moved under `body.automation`. */
function nested(i: ValidationIssue): ValidationIssue {
  const [, ...rest] = i.loc;
  const loc: Loc = ['body', 'automation', ...rest];
  return { ...i, loc };
}
