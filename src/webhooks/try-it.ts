// POST /webhooks/{id}/test and POST /webhooks/test: render a webhook's template (or a draft one)
// against a sample request and return the event it would make, or the failure with its line.
// Nothing is stored and no event is emitted. The signature check is not applied (a hand-written
// sample is not signed); everything after it — context, template, JSON, defaults, validation — is
// the receive path's own code (process.ts).

import { isPlainObject, type ValidationIssue } from '../events/index.js';
import type { Event } from '../events/types.js';
import { type Issues, hasOwn, strictObject, stringField, valueIssue } from '../model/parse-fields.js';
import type { WebhookRecord } from '../storage/webhook-store.js';
import type { TemplateLimits } from '../templates/index.js';
import type { WebhookRequest } from './http-context.js';
import { processWebhookRequest, type ProcessOptions, type ReadyWebhook } from './process.js';
import { newWebhookSettings } from './parse.js';
import { checkWebhookTemplate, compileWebhookTemplate } from './template-env.js';
import type { FailureType } from './webhook-events.js';

const FIELDS = ['method', 'headers', 'body', 'query', 'template', 'dedup_key', 'name'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const DRAFT_ID = '00000000-0000-0000-0000-000000000000';

export interface TryRequest {
  request: WebhookRequest;
  /** Draft templates replacing the saved ones (the editor tries before saving). */
  template: string | null;
  dedupKey: string | null | undefined;
  name: string | null;
}

export type TryResult =
  | { ok: true; event: Event }
  | { ok: false; error: { type: FailureType; message: string; line: number | null }; rendered: string | null };

export function parseTryRequest(
  body: unknown,
  needsTemplate: boolean,
  limits: Partial<TemplateLimits>,
): { ok: true; value: TryRequest } | { ok: false; issues: ValidationIssue[] } {
  const issues: Issues = [];
  const o = strictObject(body ?? {}, ['body'], 'WebhookTest', FIELDS, issues);
  if (o === null) return { ok: false, issues };
  const method = o.method === undefined ? 'POST' : stringField(o.method, ['body', 'method'], issues)?.toUpperCase();
  if (method && !METHODS.includes(method)) issues.push(valueIssue(['body', 'method'], o.method, `must be one of ${METHODS.join(', ')}`));
  const rawHeaders = headersField(o.headers, issues);
  const query = o.query === undefined ? '' : (stringField(o.query, ['body', 'query'], issues) ?? '');
  const template = o.template === undefined ? null : draftTemplate(o.template, ['body', 'template'], limits, issues);
  if (needsTemplate && o.template === undefined)
    issues.push({ type: 'missing', loc: ['body', 'template'], msg: 'Field required', input: o });
  const dedupKey = !hasOwn(o, 'dedup_key')
    ? undefined
    : o.dedup_key === null
      ? null
      : draftTemplate(o.dedup_key, ['body', 'dedup_key'], limits, issues);
  const name = o.name === undefined ? null : stringField(o.name, ['body', 'name'], issues);
  if (issues.length > 0) return { ok: false, issues };
  // A JSON body given as JSON is sent as JSON text, with a JSON Content-Type unless one was named.
  let bodyText = '';
  if (typeof o.body === 'string') bodyText = o.body;
  else if (o.body !== undefined && o.body !== null) {
    bodyText = JSON.stringify(o.body);
    if (!rawHeaders.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type')) rawHeaders.push('Content-Type', 'application/json');
  }
  return {
    ok: true,
    value: {
      request: { method: method ?? 'POST', rawHeaders, body: Buffer.from(bodyText, 'utf8'), query: query.replace(/^\?/, '') },
      template,
      dedupKey,
      name,
    },
  };
}

export function tryWebhook(existing: WebhookRecord | null, t: TryRequest, options: ProcessOptions): TryResult {
  const base = existing ?? draftRecord(t);
  const source = t.template ?? base.settings.template;
  const dedupSource = t.dedupKey === undefined ? base.settings.dedupKey : t.dedupKey;
  const record: WebhookRecord = {
    ...base,
    settings: { ...base.settings, name: t.name ?? base.settings.name, template: source, dedupKey: dedupSource, signature: null },
  };
  const hook: ReadyWebhook = {
    record,
    compiled: {
      template: compileWebhookTemplate(source, options.templateLimits),
      dedupKey: dedupSource ? compileWebhookTemplate(dedupSource, options.templateLimits) : null,
    },
  };
  const processed = processWebhookRequest(hook, t.request, options);
  if (processed.ok) return processed;
  const f = processed.failure;
  return { ok: false, error: { type: f.type, message: f.message, line: f.line ?? null }, rendered: f.rendered };
}

function draftRecord(t: TryRequest): WebhookRecord {
  return {
    id: DRAFT_ID,
    workspaceId: DRAFT_ID,
    slug: '',
    settings: newWebhookSettings(t.name ?? 'draft', t.template ?? ''),
    secrets: { current: null, previous: null },
    created: '',
    updated: '',
  };
}

/** `{name: value}` → Node's raw header pairs. */
function headersField(v: unknown, issues: Issues): string[] {
  if (v === undefined || v === null) return [];
  if (!isPlainObject(v)) {
    issues.push(valueIssue(['body', 'headers'], v, 'must be an object of header names to string values'));
    return [];
  }
  const raw: string[] = [];
  for (const [name, value] of Object.entries(v)) {
    if (typeof value !== 'string') issues.push(valueIssue(['body', 'headers', name], value, 'a header value must be a string'));
    else raw.push(name, value);
  }
  return raw;
}

function draftTemplate(v: unknown, loc: (string | number)[], limits: Partial<TemplateLimits>, issues: Issues): string | null {
  const source = stringField(v, loc, issues);
  return source !== null && checkWebhookTemplate(source, loc, limits, issues) ? source : null;
}
