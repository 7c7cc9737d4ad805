// Parsing a trigger from an automation body ([compat S3.1], [compat S3.3]). Prefect's server tries the body
// against each trigger model in turn (no discriminator), which makes its errors a wall of
// alternatives; Herald dispatches on `type` like the client SDK does — inferring `compound` from
// `triggers` + `require`, `sequence` from `triggers` alone, `metric` from posture "Metric", else
// `event` — so every issue names one field of one trigger.
//
// Trigger ids are never taken from the client: `newId` supplies them (fresh UUIDv7s on create and
// PUT); the PATCH re-validation passes `keepIds` to keep the stored ones ([compat S3.2], [compat S4.9]).

import { isPlainObject, issue, missing, parseResourceSpec, type Loc, type ResourceSpecification } from '../events/index.js';
import { checkMaxDuration, checkTriggerTree, DEFAULT_AUTOMATION_LIMITS, type AutomationLimits } from '../model/automation-limits.js';
import type { CompoundTrigger, EventTrigger, Posture, RelatedSpecification, SequenceTrigger, Trigger } from '../model/automation.js';
import {
  expectedText,
  hasOwn,
  laxInt,
  literalField,
  nonNegativeSeconds,
  stringSet,
  strictObject,
  valueIssue,
  type Issues,
  type Obj,
} from '../model/parse-fields.js';

export interface TriggerParseOptions {
  /** A fresh trigger id (UUIDv7 on the server's clock). */
  newId: () => string;
  /** Keep a trigger's given id when it is a UUID (re-validating a stored automation). */
  keepIds?: boolean;
  /** Bounds of durations, thresholds and the tree's shape (default: the settings' defaults). */
  limits?: AutomationLimits;
}

export const TRIGGER_TYPES = ['event', 'compound', 'sequence'] as const;

/** Prefect: Proactive windows shorter than this are refused; 0/absent becomes this ([compat S3.3]). */
export const MIN_PROACTIVE_WITHIN = 10;

const EVENT_KEYS = ['type', 'id', 'match', 'match_related', 'after', 'expect', 'for_each', 'posture', 'threshold', 'within'];
const COMPOUND_KEYS = ['type', 'id', 'triggers', 'require', 'within'];
const SEQUENCE_KEYS = ['type', 'id', 'triggers', 'within'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses an automation's trigger tree: its shape (depth, number of triggers) is checked first,
 * without recursion, so a hostile nesting cannot overflow the stack of the recursive parser.
 */
export function parseTriggerTree(input: unknown, loc: Loc, opts: TriggerParseOptions, issues: Issues): Trigger | null {
  if (!checkTriggerTree(input, loc, opts.limits ?? DEFAULT_AUTOMATION_LIMITS, issues)) return null;
  return parseTrigger(input, loc, opts, issues);
}

/** Parses one trigger (recursively; call `parseTriggerTree` on untrusted input); null with issues pushed when it is invalid. */
export function parseTrigger(input: unknown, loc: Loc, opts: TriggerParseOptions, issues: Issues): Trigger | null {
  if (!isPlainObject(input)) {
    issues.push(issue(loc, 'model_type', 'Input should be an object', input, { class_name: 'Trigger' }));
    return null;
  }
  const type = triggerType(input, loc, issues);
  switch (type) {
    case 'event':
      return parseEventTrigger(input, loc, opts, issues);
    case 'compound':
    case 'sequence':
      return parseCompositeTrigger(type, input, loc, opts, issues);
    default:
      return null;
  }
}

/** The trigger's type: given, or inferred like the client SDK's discriminator. */
function triggerType(input: Obj, loc: Loc, issues: Issues): 'event' | 'compound' | 'sequence' | null {
  if (hasOwn(input, 'type')) {
    const t = input.type;
    if (t === 'metric') {
      issues.push(metricUnsupported([...loc, 'type'], t));
      return null;
    }
    if (typeof t === 'string' && (TRIGGER_TYPES as readonly string[]).includes(t)) return t as 'event' | 'compound' | 'sequence';
    const expected = expectedText(TRIGGER_TYPES);
    issues.push(
      issue(
        [...loc, 'type'],
        'union_tag_invalid',
        `Input tag '${String(t)}' found using 'type' does not match any of the expected tags: ${expected}`,
        t,
        {
          discriminator: "'type'",
          tag: String(t),
          expected_tags: expected,
        },
      ),
    );
    return null;
  }
  if (hasOwn(input, 'triggers')) return hasOwn(input, 'require') ? 'compound' : 'sequence';
  if (input.posture === 'Metric') {
    issues.push(metricUnsupported([...loc, 'posture'], input.posture));
    return null;
  }
  return 'event';
}

function metricUnsupported(loc: Loc, input: unknown) {
  return valueIssue(
    loc,
    input,
    'metric triggers are not supported yet (they are a Prefect Cloud feature); use an event, compound or sequence trigger',
  );
}

function triggerId(input: Obj, opts: TriggerParseOptions): string {
  if (opts.keepIds && typeof input.id === 'string' && UUID.test(input.id)) return input.id.toLowerCase();
  return opts.newId();
}

function parseEventTrigger(input: Obj, loc: Loc, opts: TriggerParseOptions, issues: Issues): EventTrigger | null {
  const before = issues.length;
  const o = strictObject(input, loc, 'EventTrigger', EVENT_KEYS, issues);
  if (!o) return null;

  let match: ResourceSpecification | null = {};
  if (o.match !== undefined) match = parseResourceSpec(o.match, [...loc, 'match'], issues);
  const matchRelated = o.match_related === undefined ? {} : parseMatchRelated(o.match_related, [...loc, 'match_related'], issues);
  const after = o.after === undefined ? [] : stringSet(o.after, [...loc, 'after'], issues);
  const expect = o.expect === undefined ? [] : stringSet(o.expect, [...loc, 'expect'], issues);
  const forEach = o.for_each === undefined ? [] : stringSet(o.for_each, [...loc, 'for_each'], issues);

  // Prefect's server requires the posture (its SDK defaults it to Reactive).
  let posture: Posture | null = null;
  if (!hasOwn(o, 'posture')) issues.push(missing([...loc, 'posture'], o));
  else posture = literalField(o.posture, [...loc, 'posture'], ['Reactive', 'Proactive'] as const, issues);

  const limits = opts.limits ?? DEFAULT_AUTOMATION_LIMITS;
  const threshold = o.threshold === undefined ? 1 : boundedThreshold(o.threshold, [...loc, 'threshold'], limits, issues);
  const within = eventWithin(o, posture, [...loc, 'within'], limits, issues);

  if (
    issues.length > before ||
    !match ||
    !matchRelated ||
    !after ||
    !expect ||
    !forEach ||
    !posture ||
    threshold === null ||
    within === null
  ) {
    return null;
  }
  return {
    type: 'event',
    id: triggerId(o, opts),
    match,
    match_related: matchRelated,
    after,
    expect,
    for_each: forEach,
    posture,
    threshold,
    within,
  };
}

/**
 * An int in 0…automationMaxThreshold. Prefect checks no range (Herald: a negative threshold can
 * never be met or is always met, and a huge one is a typo; docs/automations.md).
 */
function boundedThreshold(input: unknown, loc: Loc, limits: AutomationLimits, issues: Issues): number | null {
  const n = laxInt(input, loc, issues);
  if (n === null) return null;
  if (n < 0) {
    issues.push(issue(loc, 'greater_than_equal', 'Input should be greater than or equal to 0', input, { ge: 0 }));
    return null;
  }
  if (n > limits.maxThreshold) {
    const le = limits.maxThreshold;
    issues.push(
      issue(loc, 'less_than_equal', `Input should be less than or equal to ${le} (setting automationMaxThreshold)`, input, { le }),
    );
    return null;
  }
  return n;
}

/**
 * `within` of an event trigger: ≥ 0 and ≤ automationMaxDuration, never null; Proactive 0/absent →
 * 10 s, below 10 s refused.
 */
function eventWithin(o: Obj, posture: Posture | null, loc: Loc, limits: AutomationLimits, issues: Issues): number | null {
  if (o.within === null) {
    issues.push(valueIssue(loc, null, '`within` should be a valid timedelta (a number of seconds), not null'));
    return null;
  }
  const within = o.within === undefined ? 0 : nonNegativeSeconds(o.within, loc, issues);
  if (within === null || !checkMaxDuration(within, o.within, limits, loc, issues)) return null;
  if (posture !== 'Proactive') return within;
  if (within === 0) return MIN_PROACTIVE_WITHIN;
  if (within < MIN_PROACTIVE_WITHIN) {
    issues.push(
      valueIssue(loc, o.within, `\`within\` for Proactive triggers must be greater than or equal to ${MIN_PROACTIVE_WITHIN} seconds`),
    );
    return null;
  }
  return within;
}

/** One resource specification or a list of them. */
function parseMatchRelated(input: unknown, loc: Loc, issues: Issues): RelatedSpecification | null {
  if (!Array.isArray(input)) return parseResourceSpec(input, loc, issues);
  const out: ResourceSpecification[] = [];
  let ok = true;
  input.forEach((item, i) => {
    const spec = parseResourceSpec(item, [...loc, i], issues);
    if (spec) out.push(spec);
    else ok = false;
  });
  return ok ? out : null;
}

function parseCompositeTrigger(
  type: 'compound' | 'sequence',
  input: Obj,
  loc: Loc,
  opts: TriggerParseOptions,
  issues: Issues,
): CompoundTrigger | SequenceTrigger | null {
  const before = issues.length;
  const o = strictObject(
    input,
    loc,
    type === 'compound' ? 'CompoundTrigger' : 'SequenceTrigger',
    type === 'compound' ? COMPOUND_KEYS : SEQUENCE_KEYS,
    issues,
  );
  if (!o) return null;

  const children = parseChildren(o, loc, opts, issues);
  // The key may be omitted (SDKs always send it); null = no time limit.
  const within =
    o.within === undefined || o.within === null
      ? null
      : boundedSecondsOrNull(o.within, [...loc, 'within'], opts.limits ?? DEFAULT_AUTOMATION_LIMITS, issues);

  if (type === 'sequence') {
    if (issues.length > before || !children) return null;
    return { type, id: triggerId(o, opts), triggers: children, within };
  }
  const require = parseRequire(o, children, loc, issues);
  if (issues.length > before || !children || require === null) return null;
  return { type, id: triggerId(o, opts), triggers: children, require, within };
}

function boundedSecondsOrNull(input: unknown, loc: Loc, limits: AutomationLimits, issues: Issues): number | null {
  const count = issues.length;
  const value = nonNegativeSeconds(input, loc, issues);
  if (value !== null) checkMaxDuration(value, input, limits, loc, issues);
  return issues.length > count ? null : value;
}

function parseChildren(o: Obj, loc: Loc, opts: TriggerParseOptions, issues: Issues): Trigger[] | null {
  const l = [...loc, 'triggers'];
  if (!hasOwn(o, 'triggers')) {
    issues.push(missing(l, o));
    return null;
  }
  if (!Array.isArray(o.triggers)) {
    issues.push(issue(l, 'list_type', 'Input should be a valid list', o.triggers));
    return null;
  }
  if (o.triggers.length === 0) {
    issues.push(valueIssue(l, o.triggers, 'a composite trigger needs at least one trigger in `triggers`'));
    return null;
  }
  const out: Trigger[] = [];
  let ok = true;
  o.triggers.forEach((child, i) => {
    const t = parseTrigger(child, [...l, i], opts, issues);
    if (t) out.push(t);
    else ok = false;
  });
  return ok ? out : null;
}

/** `"any"`, `"all"`, or an int in 1..len(triggers). */
function parseRequire(o: Obj, children: Trigger[] | null, loc: Loc, issues: Issues): CompoundTrigger['require'] | null {
  const l = [...loc, 'require'];
  if (!hasOwn(o, 'require')) {
    issues.push(missing(l, o));
    return null;
  }
  const r = o.require;
  if (r === 'any' || r === 'all') return r;
  if (typeof r === 'string' && !/^\s*[-+]?\d+\s*$/.test(r)) {
    issues.push(issue(l, 'literal_error', "Input should be 'any' or 'all' (or an integer)", r, { expected: "'any' or 'all'" }));
    return null;
  }
  const n = laxInt(r, l, issues);
  if (n === null) return null;
  if (n < 1) {
    issues.push(valueIssue(l, r, 'require must be at least 1'));
    return null;
  }
  if (children && n > children.length) {
    issues.push(valueIssue(l, r, `require must be less than or equal to the number of triggers (${children.length})`));
    return null;
  }
  return n;
}
