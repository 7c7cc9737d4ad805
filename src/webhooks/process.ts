// One webhook request → one event, or the reason it is not one (docs/webhooks.md "Receiving").
// Pure: no I/O; the caller stores the event (or a webhook.failed event) and answers the sender.
//
//   1. signature check, when the webhook has one          → failure `auth`
//   2. the template context (method, headers, body, query) → failure `body` (JSON that is not JSON)
//   3. render the template                                 → failure `template`
//   4. parse the output as one JSON object                 → failure `json`
//   5. fill Prefect Cloud's defaults: `occurred` = now, `id` = a new UUID (or derived from the
//      dedup key), the webhook appended to `related`, and the request as `payload` if none
//   6. validate as an event (same rules as POST /events)   → failure `validation` (or `size`)

import { uuidv7 } from '../../sdk/uuidv7.js';
import { EVENT_TOO_LARGE, findTooDeep, isPlainObject, validateEvent, type EventLimits, type ValidationIssue } from '../events/index.js';
import type { Event, Timestamp } from '../events/types.js';
import { render, TemplateError, type Template, type TemplateLimits } from '../templates/index.js';
import type { WebhookRecord } from '../storage/webhook-store.js';
import { templateContext, type TemplateContext, type WebhookRequest } from './http-context.js';
import { verifySignature, type SignatureConfig } from './signatures.js';
import { uuidv5 } from './uuidv5.js';
import { requestRecord, webhookRelated, type WebhookFailure } from './webhook-events.js';

/** A webhook ready to receive: its record and its templates, compiled once. */
export interface ReadyWebhook {
  record: WebhookRecord;
  /** The templates, or why a saved one no longer compiles (every request then fails with it). */
  compiled: { template: Template; dedupKey: Template | null } | { error: string };
}

export interface ProcessOptions {
  now: Timestamp;
  nowMs: number;
  eventLimits: EventLimits;
  templateLimits?: Partial<TemplateLimits>;
  maxJsonDepth: number;
}

export type Processed = { ok: true; event: Event } | { ok: false; failure: WebhookFailure };

const fail = (type: WebhookFailure['type'], message: string, rendered: string | null = null): Processed => ({
  ok: false,
  failure: { type, message, rendered },
});

export function processWebhookRequest(hook: ReadyWebhook, request: WebhookRequest, o: ProcessOptions): Processed {
  const { record } = hook;
  const signature = record.settings.signature as SignatureConfig | null;
  if (signature) {
    const checked = verifySignature(
      signature,
      activeSecrets(record, o.now),
      { headers: lowerHeaders(request), body: request.body },
      o.nowMs,
    );
    if (!checked.ok) return fail('auth', `signature check (${signature.preset}) failed: ${checked.message}`);
  }

  let context: TemplateContext;
  try {
    context = templateContext(request);
  } catch (err) {
    return fail('body', `the body is not valid JSON although its Content-Type says so: ${(err as Error).message}`);
  }
  if (findTooDeep(context.body, o.maxJsonDepth) !== null) {
    return fail('body', `the body's JSON is nested deeper than the limit of ${o.maxJsonDepth} levels`);
  }

  if ('error' in hook.compiled) return fail('template', hook.compiled.error);
  const { template, dedupKey } = hook.compiled;
  const vars = context as unknown as Record<string, unknown>;
  const options = { limits: o.templateLimits, nowMs: () => o.nowMs };
  let rendered: string;
  let key = '';
  try {
    rendered = render(template, vars, options);
    if (dedupKey) key = render(dedupKey, vars, options).trim();
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const where = err.line > 0 ? ` (line ${err.line})` : '';
    return { ok: false, failure: { type: 'template', message: `${err.reason}${where}`, rendered: null, line: err.line } };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch (err) {
    return fail('json', `the template's output is not JSON: ${(err as Error).message}`, rendered);
  }
  if (!isPlainObject(parsed))
    return fail('json', `the template's output must be one JSON object (an event), not ${jsonKind(parsed)}`, rendered);
  if (findTooDeep(parsed, o.maxJsonDepth) !== null) {
    return fail('json', `the template's output is nested deeper than the limit of ${o.maxJsonDepth} levels`, rendered);
  }

  const event = withDefaults(parsed, hook, request, key, o);
  const checked = validateEvent(event, o.eventLimits);
  if (!checked.ok) {
    const tooLarge = checked.issues.find((i) => i.type === EVENT_TOO_LARGE);
    if (tooLarge)
      return fail(
        'size',
        `the event is ${tooLarge.ctx?.size} bytes; the limit is ${tooLarge.ctx?.limit} (setting maxEventBytes)`,
        rendered,
      );
    return fail('validation', `the template's output is not a valid event: ${describeIssues(checked.issues)}`, rendered);
  }
  return { ok: true, event: checked.event };
}

/** The current secret, and the previous one while its rotation overlap lasts. */
function activeSecrets(record: WebhookRecord, now: Timestamp): string[] {
  const { current, previous } = record.secrets;
  const secrets = current === null ? [] : [current];
  if (previous && previous.expires > now) secrets.push(previous.secret);
  return secrets;
}

/** Node's lower-cased header map, from the raw pairs (repeated headers as arrays). */
function lowerHeaders(request: WebhookRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i].toLowerCase();
    const value = request.rawHeaders[i + 1];
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

function withDefaults(parsed: Record<string, unknown>, hook: ReadyWebhook, request: WebhookRequest, key: string, o: ProcessOptions) {
  const event: Record<string, unknown> = { ...parsed };
  if (event.occurred === undefined || event.occurred === null || event.occurred === '') event.occurred = o.now;
  if (key !== '') event.id = uuidv5(`${hook.record.id}\n${key}`);
  else if (event.id === undefined || event.id === null || event.id === '') event.id = uuidv7(o.nowMs);
  if (event.related === undefined || event.related === null) event.related = [];
  if (Array.isArray(event.related)) event.related = [...event.related, webhookRelated(hook.record)];
  if (event.payload === undefined) event.payload = requestRecord(request);
  return event;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** The first issues as `field: message`, e.g. `resource.prefect.resource.id: Field required`. */
function describeIssues(issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.loc.join('.') || '(event)'}: ${i.msg}`);
  return shown.join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
}
