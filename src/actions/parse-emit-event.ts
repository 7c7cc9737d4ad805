// The Herald extension action `emit-event`: when the automation fires, emit an event built from
// (templated) fields. Validated at save time like Prefect validates its templated actions:
//
//   event    string, required, non-empty; may be a template
//   resource object label → string, required, must hold a non-empty `prefect.resource.id`;
//            values may be templates
//   related  list of such objects, each with a non-empty `prefect.resource.role` (default [])
//   payload  an object (default {}), or a string: a template that renders a JSON object, or the
//            JSON text of an object

import { isPlainObject, issue, missing, stringType, type Loc } from '../events/index.js';
import { maybeTemplate, type TemplateLimits } from '../templates/index.js';
import { hasOwn, templateField, valueIssue, type Issues, type Obj } from '../model/parse-fields.js';

const RESOURCE_ID = 'prefect.resource.id';
const RESOURCE_ROLE = 'prefect.resource.role';

export function parseEmitEvent(o: Obj, loc: Loc, limits: Partial<TemplateLimits> | undefined, issues: Issues): Obj | null {
  const before = issues.length;
  const event = eventName(o, loc, limits, issues);
  const resource = hasOwn(o, 'resource') ? resourceTemplate(o.resource, [...loc, 'resource'], [RESOURCE_ID], limits, issues) : null;
  if (!hasOwn(o, 'resource')) issues.push(missing([...loc, 'resource'], o));
  const related = relatedTemplates(o.related, [...loc, 'related'], limits, issues);
  const payload = payloadTemplate(o.payload, [...loc, 'payload'], limits, issues);
  if (issues.length > before) return null;
  return { event, resource, related, payload };
}

function eventName(o: Obj, loc: Loc, limits: Partial<TemplateLimits> | undefined, issues: Issues): string | null {
  const l = [...loc, 'event'];
  if (!hasOwn(o, 'event')) {
    issues.push(missing(l, o));
    return null;
  }
  if (typeof o.event !== 'string') {
    issues.push(stringType(l, o.event));
    return null;
  }
  if (o.event.trim() === '') {
    issues.push(valueIssue(l, o.event, 'the event name must not be empty'));
    return null;
  }
  return maybeTemplate(o.event) && !templateField(o.event, l, 'event', limits, issues) ? null : o.event;
}

/** Label → string (template) with the `required` labels present and non-empty. */
function resourceTemplate(
  input: unknown,
  loc: Loc,
  required: string[],
  limits: Partial<TemplateLimits> | undefined,
  issues: Issues,
): Record<string, string> | null {
  if (!isPlainObject(input)) {
    issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
    return null;
  }
  const before = issues.length;
  const out: Record<string, string> = {};
  for (const label of Object.keys(input)) {
    const value = input[label];
    if (typeof value !== 'string') {
      issues.push(stringType([...loc, label], value));
      continue;
    }
    if (maybeTemplate(value)) templateField(value, [...loc, label], label, limits, issues);
    Object.defineProperty(out, label, { value, enumerable: true, writable: true, configurable: true });
  }
  for (const label of required) {
    if (!hasOwn(input, label)) issues.push(valueIssue(loc, input, `the resource must have a \`${label}\` label`));
    else if (typeof input[label] === 'string' && (input[label] as string).trim() === '') {
      issues.push(valueIssue([...loc, label], input[label], `\`${label}\` must not be empty`));
    }
  }
  return issues.length > before ? null : out;
}

function relatedTemplates(
  input: unknown,
  loc: Loc,
  limits: Partial<TemplateLimits> | undefined,
  issues: Issues,
): Record<string, string>[] | null {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    issues.push(issue(loc, 'list_type', 'Input should be a valid list', input));
    return null;
  }
  const out: Record<string, string>[] = [];
  let ok = true;
  input.forEach((item, i) => {
    const r = resourceTemplate(item, [...loc, i], [RESOURCE_ID, RESOURCE_ROLE], limits, issues);
    if (r) out.push(r);
    else ok = false;
  });
  return ok ? out : null;
}

function payloadTemplate(input: unknown, loc: Loc, limits: Partial<TemplateLimits> | undefined, issues: Issues): Obj | string | null {
  if (input === undefined) return {};
  if (isPlainObject(input)) return input;
  if (typeof input !== 'string') {
    issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary or a template string', input));
    return null;
  }
  if (maybeTemplate(input)) return templateField(input, loc, 'payload', limits, issues) ? input : null;
  // Not a template: it must already be the JSON text of an object.
  try {
    const parsed: unknown = JSON.parse(input);
    if (isPlainObject(parsed)) return input;
  } catch {
    // reported below
  }
  issues.push(valueIssue(loc, input, "'payload' must be an object, or a template (or JSON text) that produces a JSON object"));
  return null;
}
