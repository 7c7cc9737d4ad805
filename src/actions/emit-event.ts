// emit-event (Herald extension): an automation that emits an event of its
// own — e.g. to turn "3 failures within 10 minutes" into one `my.pipeline.degraded` event that
// other automations, dashboards and subscribers can follow.
//
// Action fields:
//   event     template string: the event name
//   resource  labels; values may be templates (must render a `prefect.resource.id`)
//   related   list of such label maps, each with `prefect.resource.role` (optional)
//   payload   object whose string values may be templates, or one template string that renders a
//             JSON object (optional)
//
// The event is validated like any ingested event (limits from settings) and ingested through the
// group-commit writer. It carries a related `creator` resource naming the automation, with the
// causation depth that stops automation loops (src/automations/causation.ts, [compat D10.18b]).

import { isHeraldError } from '../errors.js';
import { eventLimitsFrom, isPlainObject, nowTimestamp, setOwn, timestampToMicros, validateEvent } from '../events/index.js';
import type { Event, RelatedResource, Resource } from '../events/types.js';
import { CAUSATION_DEPTH_LABEL } from '../model/automation.js';
import { deterministicUuid } from '../model/ids.js';
import type { Obj } from '../model/parse-fields.js';
import { parseEmitEvent } from './parse-emit-event.js';
import type { ActionBase, ActionDefinition, ActionFields } from './definition.js';
import { renderActionTemplate } from './template-context.js';
import { ActionFailed, ActionRetry, type ActionDeps, type ActionExecutor, type ActionRun } from './types.js';

export interface EmitEventAction extends ActionBase<'emit-event'> {
  event: string;
  resource: Record<string, string>;
  related: Record<string, string>[];
  /** An object, or a template (or the JSON text) of one. */
  payload: Obj | string;
}

/** "Tight timing" ([compat S0]): an event only `follows` a leader that occurred within 5 minutes of it. */
const FOLLOWS_WINDOW_US = 5 * 60 * 1_000_000;

export const emitEventExecutor: ActionExecutor = {
  async execute(run, deps) {
    // Read as stored, unchecked: an action stored before the save-time rules, or written by hand,
    // fails with a reason instead of a crash.
    const action: Record<string, unknown> = run.triggered.action;
    // Strings without `{{`/`{%` are not templates and come back as they are.
    const render = (source: string): string => renderActionTemplate(source, run, deps);

    if (typeof action.event !== 'string')
      throw new ActionFailed(`event must be a template string, got ${JSON.stringify(action.event ?? null)}`);
    const name = render(action.event);
    const resource = renderLabels(action.resource, 'resource', render);
    const related = renderRelated(action.related, render);
    related.push(creatorResource(run));
    const payload = renderPayload(action.payload, render);

    const now = nowTimestamp(deps.clock);
    const candidate = {
      // Derived from the invocation and its (fixed) firing time, not the wall clock: a redelivered
      // action rebuilds the same id and ingest drops the second copy as a duplicate.
      id: deterministicUuid(`${run.idempotencyKey}:emitted`, timestampToMicros(run.triggered.triggered) / 1000),
      occurred: now,
      event: name,
      resource,
      related,
      payload,
      follows: followsId(run, now),
    };
    const checked = validateEvent(candidate, eventLimitsFrom(deps.settings));
    if (!checked.ok) {
      const problems = checked.issues.map((i) => `${i.loc.length > 0 ? i.loc.join('.') : 'event'}: ${i.msg}`);
      throw new ActionFailed(`The event to emit is invalid: ${problems.join('; ')}`, {
        validation_error: checked.issues.map((i) => ({ loc: i.loc, msg: i.msg, type: i.type })),
      });
    }
    await ingest(run, deps, checked.event);
    return { details: { emitted_event: checked.event.id }, related: [] };
  },
};

async function ingest(run: ActionRun, deps: ActionDeps, event: Event): Promise<void> {
  try {
    await deps.ingestor.ingest(run.workspaceId, [event]);
  } catch (err) {
    if (isHeraldError(err, 'HERALD_ERR_OVERLOADED')) {
      const seconds = Number(err.params.retryAfter);
      throw new ActionRetry(err.message, { retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined });
    }
    if (isHeraldError(err, 'HERALD_ERR_SHUTTING_DOWN')) throw new ActionRetry(err.message);
    if (isHeraldError(err) && err.statusCode < 500) throw new ActionFailed(`The event could not be ingested: ${err.message}`);
    throw err;
  }
}

/** Names the automation and carries the loop guard's depth (see the file comment). */
function creatorResource(run: ActionRun): RelatedResource {
  const automation = run.triggered.automation;
  return {
    'prefect.resource.id': `prefect.automation.${automation.id}`,
    'prefect.resource.role': 'creator',
    'prefect.resource.name': automation.name,
    [CAUSATION_DEPTH_LABEL]: String(run.triggered.causation_depth),
  };
}

function followsId(run: ActionRun, now: string): string | null {
  const leader = run.triggered.triggering_event;
  if (!leader) return null;
  const gap = Math.abs(timestampToMicros(now) - timestampToMicros(leader.occurred));
  return gap < FOLLOWS_WINDOW_US ? leader.id : null;
}

function renderLabels(input: unknown, field: string, render: (s: string) => string): Resource {
  if (!isPlainObject(input)) throw new ActionFailed(`${field} must be an object of labels, got ${JSON.stringify(input ?? null)}`);
  const out: Resource = {};
  for (const [label, value] of Object.entries(input)) {
    if (typeof value !== 'string') throw new ActionFailed(`${field}.${label} must be a string, got ${JSON.stringify(value)}`);
    setOwn(out, label, render(value));
  }
  return out;
}

function renderRelated(input: unknown, render: (s: string) => string): RelatedResource[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new ActionFailed(`related must be a list of label objects, got ${JSON.stringify(input)}`);
  return input.map((item, i) => renderLabels(item, `related[${i}]`, render));
}

function renderPayload(input: unknown, render: (s: string) => string): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input === 'string') {
    const text = render(input);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ActionFailed(`payload must render a JSON object: ${(err as Error).message}`, { template_source: input });
    }
    if (!isPlainObject(parsed))
      throw new ActionFailed(`payload must render a JSON object, got ${JSON.stringify(parsed)}`, { template_source: input });
    return parsed;
  }
  if (!isPlainObject(input)) throw new ActionFailed(`payload must be an object or a template string, got ${JSON.stringify(input)}`);
  return renderValues(input, render) as Record<string, unknown>;
}

/** Renders every string inside objects and lists; other values are copied as they are. */
function renderValues(value: unknown, render: (s: string) => string): unknown {
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((v) => renderValues(v, render));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, renderValues(v, render));
    return out;
  }
  return value;
}

export const emitEvent: ActionDefinition<EmitEventAction> = {
  type: 'emit-event',
  // Its save-time checks (parse-emit-event.ts) return exactly these fields.
  parse: (o, loc, opts, issues) => parseEmitEvent(o, loc, opts.limits, issues) as ActionFields<EmitEventAction> | null,
  executor: emitEventExecutor,
};
