// Events about webhooks themselves (Prefect Cloud's names): `prefect-cloud.webhook.failed` for every
// request that did not become an event — the caller only sees the status, the detail is here —
// and `prefect-cloud.webhook.received` for every request, when the webhook asks for it.
// Credentials never appear: `Authorization`, `Cookie` are removed from the headers (http-context.ts).

import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Event, RelatedResource, Resource, Timestamp } from '../events/types.js';
import type { WebhookRecord } from '../storage/webhook-store.js';
import { visibleHeaders, type WebhookRequest } from './http-context.js';

/** Request bodies and rendered templates are kept up to this many bytes in these events. */
export const MAX_RECORDED_BYTES = 64 * 1024;

/** Why a request did not become an event (the `error.type` of webhook.failed). */
export type FailureType = 'auth' | 'body' | 'template' | 'json' | 'validation' | 'size';

export interface WebhookFailure {
  type: FailureType;
  message: string;
  /** The template's output, when it got that far. */
  rendered: string | null;
  /** Line of the template where rendering failed (type `template`). */
  line?: number;
}

export const webhookResourceId = (id: string) => `prefect-cloud.webhook.${id}`;

export function webhookResource(record: Pick<WebhookRecord, 'id' | 'settings'>): Resource {
  return { 'prefect.resource.id': webhookResourceId(record.id), 'prefect.resource.name': record.settings.name };
}

/** The webhook as a related resource of the events it makes (role `webhook`). */
export function webhookRelated(record: Pick<WebhookRecord, 'id' | 'settings'>): RelatedResource {
  return { ...webhookResource(record), 'prefect.resource.role': 'webhook' };
}

/** Text cut to `max` UTF-8 bytes (never inside a character), with a marker saying so. */
export function truncated(text: string, max = MAX_RECORDED_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${cut}… [truncated]`;
}

/** What was received: the payload of webhook.received, and of a webhook's event whose template gives none. */
export function requestRecord(request: WebhookRequest | null): Record<string, unknown> {
  if (request === null) return { method: null, headers: {}, body: null };
  return {
    method: request.method.toUpperCase(),
    headers: { ...visibleHeaders(request.rawHeaders) },
    body: truncated(request.body.toString('utf8')),
  };
}

function webhookEvent(name: string, record: WebhookRecord, now: Timestamp, nowMs: number, payload: Record<string, unknown>): Event {
  return { occurred: now, event: name, resource: webhookResource(record), related: [], payload, id: uuidv7(nowMs), follows: null };
}

export function failedEvent(
  record: WebhookRecord,
  request: WebhookRequest | null,
  failure: WebhookFailure,
  now: Timestamp,
  nowMs: number,
): Event {
  return webhookEvent('prefect-cloud.webhook.failed', record, now, nowMs, {
    ...requestRecord(request),
    rendered: failure.rendered === null ? null : truncated(failure.rendered),
    error: { type: failure.type, message: failure.message },
  });
}

export function receivedEvent(record: WebhookRecord, request: WebhookRequest, now: Timestamp, nowMs: number): Event {
  return webhookEvent('prefect-cloud.webhook.received', record, now, nowMs, requestRecord(request));
}

export type WebhookChange = 'created' | 'updated' | 'deleted';

/**
 * `prefect-cloud.webhook.created|updated|deleted` (Prefect Cloud's audit events for webhooks), made
 * after the change is stored. `changed` names the fields an update touched — a rotated slug or
 * secret is named, never shown.
 */
export function changeEvent(
  change: WebhookChange,
  record: WebhookRecord,
  changed: readonly string[],
  nowMs: number,
  now: Timestamp,
): Event {
  return webhookEvent(`prefect-cloud.webhook.${change}`, record, now, nowMs, change === 'updated' ? { changed: [...changed] } : {});
}
