// Parsing the actions of an automation (spec §5.1, §5.2). Each action type checks its own fields
// and fills Prefect's defaults; keys an action type does not know are ignored, as Prefect does, but
// kept in the stored action exactly as given (a newer client's fields survive a round trip).

import { isPlainObject, issue, missing, validateUuidField, type Loc } from '../events/index.js';
import { checkParameters, invalidParametersMessage } from '../actions/hydration.js';
import type { TemplateLimits } from '../templates/index.js';
import { checkListLength, checkMaxDuration, DEFAULT_AUTOMATION_LIMITS, type AutomationLimits } from './automation-limits.js';
import type { Action } from './model.js';
import { parseEmitEvent } from './parse-emit-event.js';
import {
  expectedText,
  hasOwn,
  laxBool,
  literalField,
  nonNegativeSeconds,
  nullableString,
  requiredString,
  stringField,
  templateField,
  valueIssue,
  type Issues,
  type Obj,
} from './parse-fields.js';

export interface ActionParseOptions {
  /** Sandbox limits templates are validated with. */
  limits?: Partial<TemplateLimits>;
  /** Most actions per list, longest `schedule_after` (default: the settings' defaults). */
  automationLimits?: AutomationLimits;
}

type FieldsParser = (o: Obj, loc: Loc, opts: ActionParseOptions, issues: Issues) => Obj | null;

export const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;

export const DEFAULT_NOTIFICATION_SUBJECT = 'Prefect automated notification';

const none: FieldsParser = () => ({});

/** `source` selected|inferred with its id field: selected ⇔ the id is set (§5.1). */
function targeted(idField: string): FieldsParser {
  return (o, loc, _opts, issues) => {
    const before = issues.length;
    const source = o.source === undefined ? 'selected' : literalField(o.source, [...loc, 'source'], ['selected', 'inferred'] as const, issues);
    const raw = o[idField];
    const id = raw === undefined || raw === null ? null : validateUuidField(raw, [...loc, idField], issues);
    if (issues.length > before) return null;
    // Prefect's messages (its model validators), placed on the id field.
    if (source === 'selected' && id === null) {
      issues.push(valueIssue([...loc, idField], raw ?? null, `${idField} is required`));
      return null;
    }
    if (source === 'inferred' && id !== null) {
      issues.push(valueIssue([...loc, idField], raw, `${idField} is not allowed`));
      return null;
    }
    return { source, [idField]: id };
  };
}

const deploymentTarget = targeted('deployment_id');

const runDeployment: FieldsParser = (o, loc, opts, issues) => {
  const before = issues.length;
  const target = deploymentTarget(o, loc, opts, issues);
  const parameters = optionalObject(o.parameters, [...loc, 'parameters'], issues);
  if (parameters) {
    const problems = checkParameters(parameters, { limits: opts.limits });
    if (problems.length > 0) issues.push(valueIssue([...loc, 'parameters'], o.parameters, invalidParametersMessage(problems)));
  }
  const jobVariables = optionalObject(o.job_variables, [...loc, 'job_variables'], issues);
  let scheduleAfter = o.schedule_after === undefined ? 0 : nonNegativeSeconds(o.schedule_after, [...loc, 'schedule_after'], issues);
  const bounds = opts.automationLimits ?? DEFAULT_AUTOMATION_LIMITS;
  if (scheduleAfter !== null && !checkMaxDuration(scheduleAfter, o.schedule_after, bounds, [...loc, 'schedule_after'], issues)) scheduleAfter = null;
  if (issues.length > before || !target) return null;
  return { ...target, parameters, job_variables: jobVariables, schedule_after: scheduleAfter };
};

/** An object or null (absent = null). */
function optionalObject(input: unknown, loc: Loc, issues: Issues): Obj | null {
  if (input === undefined || input === null) return null;
  if (isPlainObject(input)) return input;
  issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
  return null;
}

const changeFlowRunState: FieldsParser = (o, loc, _opts, issues) => {
  const before = issues.length;
  let state: string | null = null;
  if (!hasOwn(o, 'state')) issues.push(missing([...loc, 'state'], o));
  else state = literalField(o.state, [...loc, 'state'], STATE_TYPES, issues, 'enum');
  const name = nullableString(o.name, [...loc, 'name'], issues);
  const message = nullableString(o.message, [...loc, 'message'], issues);
  const force = o.force === undefined ? false : laxBool(o.force, [...loc, 'force'], issues);
  if (issues.length > before) return null;
  return { state, name: name ?? null, message: message ?? null, force };
};

function blockDocument(o: Obj, loc: Loc, issues: Issues): string | null {
  if (!hasOwn(o, 'block_document_id')) {
    issues.push(missing([...loc, 'block_document_id'], o));
    return null;
  }
  return validateUuidField(o.block_document_id, [...loc, 'block_document_id'], issues);
}

const sendNotification: FieldsParser = (o, loc, opts, issues) => {
  const before = issues.length;
  const block = blockDocument(o, loc, issues);
  const subject = o.subject === undefined ? DEFAULT_NOTIFICATION_SUBJECT : stringField(o.subject, [...loc, 'subject'], issues);
  if (subject !== null) templateField(subject, [...loc, 'subject'], 'subject', opts.limits, issues);
  const body = requiredString(o, 'body', loc, issues);
  if (body !== null) templateField(body, [...loc, 'body'], 'body', opts.limits, issues);
  if (issues.length > before) return null;
  return { block_document_id: block, subject, body };
};

const callWebhook: FieldsParser = (o, loc, opts, issues) => {
  const before = issues.length;
  const block = blockDocument(o, loc, issues);
  let payload: string | null = '';
  if (o.payload !== undefined) {
    // Older UIs send an object: Prefect stores it as indented JSON text (a template that renders
    // to itself).
    payload = o.payload !== null && typeof o.payload !== 'string' ? JSON.stringify(o.payload, null, 2) : stringField(o.payload, [...loc, 'payload'], issues);
  }
  if (payload) templateField(payload, [...loc, 'payload'], 'payload', opts.limits, issues);
  if (issues.length > before) return null;
  return { block_document_id: block, payload };
};

const emitEvent: FieldsParser = (o, loc, opts, issues) => parseEmitEvent(o, loc, opts.limits, issues);

const PARSERS: Record<string, FieldsParser> = {
  'do-nothing': none,
  'run-deployment': runDeployment,
  'pause-deployment': deploymentTarget,
  'resume-deployment': deploymentTarget,
  'cancel-flow-run': none,
  'delete-flow-run': none,
  'change-flow-run-state': changeFlowRunState,
  'pause-work-queue': targeted('work_queue_id'),
  'resume-work-queue': targeted('work_queue_id'),
  'send-notification': sendNotification,
  'call-webhook': callWebhook,
  'pause-automation': targeted('automation_id'),
  'resume-automation': targeted('automation_id'),
  'suspend-flow-run': none,
  'resume-flow-run': none,
  'pause-work-pool': targeted('work_pool_id'),
  'resume-work-pool': targeted('work_pool_id'),
  // Herald extension.
  'emit-event': emitEvent,
};

/** Every action type the API accepts. */
export const ACTION_TYPES: readonly string[] = Object.keys(PARSERS);

/** Known to Prefect's client SDK but only served by Prefect Cloud. */
const UNSUPPORTED: Record<string, string> = {
  'declare-incident': 'the declare-incident action is not supported yet (it is a Prefect Cloud feature)',
};

/** Parses one action; null with issues pushed when invalid. */
export function parseAction(input: unknown, loc: Loc, opts: ActionParseOptions, issues: Issues): Action | null {
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
  const parse = typeof type === 'string' && hasOwn(PARSERS, type) ? PARSERS[type] : undefined;
  if (!parse) {
    const expected = expectedText(ACTION_TYPES);
    issues.push(
      issue([...loc, 'type'], 'union_tag_invalid', `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${expected}`, type, {
        discriminator: "'type'",
        tag: String(type),
        expected_tags: expected,
      }),
    );
    return null;
  }
  const fields = parse(input, loc, opts, issues);
  if (!fields) return null;
  return { ...input, type: type as string, ...fields } as Action;
}

/** Parses a list of actions (`actions`, `actions_on_trigger`, `actions_on_resolve`). */
export function parseActions(input: unknown, loc: Loc, opts: ActionParseOptions, issues: Issues): Action[] | null {
  if (!Array.isArray(input)) {
    issues.push(issue(loc, 'list_type', 'Input should be a valid list', input));
    return null;
  }
  // Before the items: 100,000 actions are refused without parsing (and echoing) each one.
  if (!checkListLength(input, (opts.automationLimits ?? DEFAULT_AUTOMATION_LIMITS).maxActions, loc, issues)) return null;
  const out: Action[] = [];
  let ok = true;
  input.forEach((item, i) => {
    const a = parseAction(item, [...loc, i], opts, issues);
    if (a) out.push(a);
    else ok = false;
  });
  return ok ? out : null;
}
