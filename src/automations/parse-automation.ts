// Request bodies of the automations API ([compat S3.1]–[compat S3.3]): AutomationCreate (POST), AutomationUpdate
// (PUT) and AutomationPartialUpdate (PATCH), with pydantic-style issues located under `body` so
// the route answers Prefect's 422 body. Unknown top-level keys are refused, `id` included.

import { isPlainObject, issue, missing, validateStringList, type Loc, type ValidationIssue } from '../events/index.js';
import type { TemplateLimits } from '../templates/index.js';
import { checkStringLength, DEFAULT_AUTOMATION_LIMITS, type AutomationLimits } from '../model/automation-limits.js';
import { checkInfiniteLoop } from './loop-guard.js';
import type { Action, Automation } from '../model/automation.js';
import { parseActions } from './parse-actions.js';
import { hasOwn, laxBool, requiredString, stringField, strictObject, type Issues, type Obj } from '../model/parse-fields.js';
import { parseTriggerTree } from './parse-trigger.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Everything of an Automation that a client sets. */
export type AutomationFields = Omit<Automation, 'id' | 'created' | 'updated'>;

export interface AutomationParseOptions {
  /** A fresh trigger id (UUIDv7 on the server's clock). */
  newId: () => string;
  limits?: Partial<TemplateLimits>;
  /** Sizes, durations and counts (default: the settings' defaults). */
  automationLimits?: AutomationLimits;
}

export interface AutomationCreateBody {
  fields: AutomationFields;
  /** `owner_resource`: stored as an owned relation, never returned. */
  ownerResource: string | null;
}

/** PUT: `name`, `trigger`, `actions` required; the other fields keep their stored value when absent. */
export type AutomationUpdateBody = Pick<AutomationFields, 'name' | 'trigger' | 'actions'> & Partial<AutomationFields>;

const CORE_KEYS = ['name', 'description', 'enabled', 'tags', 'trigger', 'actions', 'actions_on_trigger', 'actions_on_resolve'];
const BODY: Loc = ['body'];

export function parseAutomationCreate(body: unknown, opts: AutomationParseOptions): Parsed<AutomationCreateBody> {
  const issues: Issues = [];
  const o = bodyObject(body, 'AutomationCreate', [...CORE_KEYS, 'owner_resource'], issues);
  if (!o) return { ok: false, issues };
  const fields = coreFields(o, opts, issues, false) as AutomationFields | null;
  let ownerResource: string | null = null;
  if (o.owner_resource !== undefined && o.owner_resource !== null)
    ownerResource = stringField(o.owner_resource, ['body', 'owner_resource'], issues);
  if (!fields || issues.length > 0) return { ok: false, issues };
  checkInfiniteLoop(fields, issues);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: { fields, ownerResource } };
}

/**
 * A PUT body. The infinite-loop guard needs the merged result (`enabled` may come from storage), so
 * the caller runs `checkInfiniteLoop` after merging.
 */
export function parseAutomationUpdate(body: unknown, opts: AutomationParseOptions): Parsed<AutomationUpdateBody> {
  const issues: Issues = [];
  const o = bodyObject(body, 'AutomationUpdate', CORE_KEYS, issues);
  if (!o) return { ok: false, issues };
  const fields = coreFields(o, opts, issues, true);
  if (!fields || issues.length > 0) return { ok: false, issues };
  return { ok: true, value: fields as AutomationUpdateBody };
}

/** A PATCH body: only `{"enabled": bool}` (default true). */
export function parseAutomationPartialUpdate(body: unknown): Parsed<{ enabled: boolean }> {
  const issues: Issues = [];
  const o = body === undefined || body === null || body === '' ? {} : bodyObject(body, 'AutomationPartialUpdate', ['enabled'], issues);
  if (!o) return { ok: false, issues };
  const enabled = o.enabled === undefined ? true : laxBool(o.enabled, ['body', 'enabled'], issues);
  return enabled === null || issues.length > 0 ? { ok: false, issues } : { ok: true, value: { enabled } };
}

/**
 * Full validation of a stored automation about to be saved again without a new body (PATCH):
 * the same rules as create, trigger ids kept. Returns the issues (empty = valid).
 */
export function revalidateAutomation(automation: Automation, opts: AutomationParseOptions): ValidationIssue[] {
  const issues: Issues = [];
  const body: Obj = {};
  for (const key of CORE_KEYS) body[key] = automation[key as keyof Automation];
  const fields = coreFields(body, opts, issues, false, true) as AutomationFields | null;
  if (fields && issues.length === 0) checkInfiniteLoop(fields, issues);
  return issues;
}

function bodyObject(body: unknown, className: string, allowed: readonly string[], issues: Issues): Obj | null {
  if (!isPlainObject(body)) {
    issues.push(
      issue(BODY, 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', body ?? null, {
        class_name: className,
      }),
    );
    return null;
  }
  return strictObject(body, BODY, className, allowed, issues);
}

/** The AutomationCore fields. `partial`: optional fields absent stay absent (PUT) instead of defaulting. */
function coreFields(
  o: Obj,
  opts: AutomationParseOptions,
  issues: Issues,
  partial: boolean,
  keepIds = false,
): Partial<AutomationFields> | null {
  const before = issues.length;
  const out: Partial<AutomationFields> = {};
  const bounds = opts.automationLimits ?? DEFAULT_AUTOMATION_LIMITS;

  const name = requiredString(o, 'name', BODY, issues);
  if (name !== null && checkStringLength(name, bounds.maxNameLength, ['body', 'name'], issues)) out.name = name;

  if (o.description !== undefined) {
    const d = stringField(o.description, ['body', 'description'], issues);
    if (d !== null && checkStringLength(d, bounds.maxDescriptionLength, ['body', 'description'], issues)) out.description = d;
  } else if (!partial) out.description = '';

  if (o.enabled !== undefined) {
    const e = laxBool(o.enabled, ['body', 'enabled'], issues);
    if (e !== null) out.enabled = e;
  } else if (!partial) out.enabled = true;

  if (o.tags !== undefined) {
    const t = validateStringList(o.tags, ['body', 'tags'], issues);
    if (t) out.tags = t;
  } else if (!partial) out.tags = [];

  if (!hasOwn(o, 'trigger')) issues.push(missing(['body', 'trigger'], o));
  else {
    const t = parseTriggerTree(o.trigger, ['body', 'trigger'], { newId: opts.newId, keepIds, limits: bounds }, issues);
    if (t) out.trigger = t;
  }

  const actionOpts = { limits: opts.limits, automationLimits: bounds };
  if (!hasOwn(o, 'actions')) issues.push(missing(['body', 'actions'], o));
  else {
    const a = parseActions(o.actions, ['body', 'actions'], actionOpts, issues);
    if (a) out.actions = a;
  }
  for (const key of ['actions_on_trigger', 'actions_on_resolve'] as const) {
    if (o[key] !== undefined) {
      const a = parseActions(o[key], ['body', key], actionOpts, issues);
      if (a) out[key] = a;
    } else if (!partial) out[key] = [];
  }
  return issues.length > before ? null : out;
}

/** `deployment_id`s of selected run-deployment actions in `actions` (Prefect's relation rule, [compat S3.2]). */
export function selectedDeploymentIds(actions: readonly Action[]): string[] {
  const ids = new Set<string>();
  for (const a of actions) {
    if (a.type === 'run-deployment' && a.source !== 'inferred' && typeof a.deployment_id === 'string') ids.add(a.deployment_id);
  }
  return [...ids];
}
