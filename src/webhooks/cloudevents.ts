// CloudEvents 1.0 → one Herald event: the `from_cloud_event(headers)` template filter of Prefect
// Cloud's webhooks (docs/webhooks.md "CloudEvents"), for both modes of the HTTP binding:
//   structured  Content-Type application/cloudevents+json, the attributes and `data` in the body;
//   binary      the attributes in `ce-*` headers, the body is `data`.
// A batch (application/cloudevents-batch+json) cannot become one event: an error, so the request
// is answered 400 and recorded as a webhook.failed event.
//
// Mapping: event = `type`; resource = `subject`, else `source`; occurred = `time` when present (else
// the receive time, filled later); payload = {data, cloudevents: every other attribute}; id = UUIDv5
// of `source` and `id`, which CloudEvents defines as unique per source — so a redelivery (same
// source and id) is the same Herald event and is stored once.

import { parseTimestamp } from '../events/index.js';
import { fail } from '../templates/errors.js';
import type { Filter } from '../templates/index.js';
import { mediaType } from './http-context.js';
import { uuidv5 } from './uuidv5.js';

const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
const BINARY_PREFIX = 'ce-';

type Attributes = Record<string, unknown>;

function header(headers: unknown, name: string): string | undefined {
  const value = headers !== null && typeof headers === 'object' ? (headers as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The CloudEvent's attributes and data, from either mode; throws a template error naming what is wrong. */
function readCloudEvent(body: unknown, headers: unknown): { attributes: Attributes; data: unknown } {
  const type = mediaType(header(headers, 'content-type'));
  if (type === 'application/cloudevents-batch+json') {
    fail('runtime', 'from_cloud_event: a CloudEvents batch (application/cloudevents-batch+json) holds several events; a webhook makes one');
  }
  if (type === 'application/cloudevents+json') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      fail('runtime', 'from_cloud_event: a structured-mode CloudEvent must be a JSON object');
    }
    const { data, data_base64, ...attributes } = body as Attributes;
    return { attributes, data: data !== undefined ? data : data_base64 };
  }
  if (header(headers, 'ce-specversion') === undefined) {
    fail(
      'runtime',
      'from_cloud_event: neither a structured-mode CloudEvent (Content-Type application/cloudevents+json) nor binary mode (a ce-specversion header)',
    );
  }
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (lower.startsWith(BINARY_PREFIX) && typeof value === 'string') attributes[lower.slice(BINARY_PREFIX.length)] = decodeHeader(value);
  }
  if (type !== '') attributes.datacontenttype = header(headers, 'content-type');
  return { attributes, data: body };
}

/** Binary-mode header values are percent-encoded (the CloudEvents HTTP binding, "Metadata Headers"). */
function decodeHeader(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The Herald event (as a plain object, defaults still to be filled) for a CloudEvent. */
export function cloudEventToEvent(body: unknown, headers: unknown): Record<string, unknown> {
  const { attributes, data } = readCloudEvent(body, headers);
  for (const name of REQUIRED) {
    if (typeof attributes[name] !== 'string' || attributes[name] === '') {
      fail('runtime', `from_cloud_event: the CloudEvent has no '${name}' attribute (required by CloudEvents 1.0)`);
    }
  }
  const source = attributes.source as string;
  const subject = typeof attributes.subject === 'string' && attributes.subject !== '' ? attributes.subject : source;
  const event: Record<string, unknown> = {
    id: uuidv5(`${source}\n${attributes.id as string}`),
    event: attributes.type,
    resource: { 'prefect.resource.id': subject },
    payload: { data: data === undefined ? null : data, cloudevents: attributes },
  };
  // A `time` that is not a time is the sender's slip, not a reason to lose the event: receive time.
  if (typeof attributes.time === 'string' && parseTimestamp(attributes.time).ok) event.occurred = attributes.time;
  return event;
}

/** `{{ body | from_cloud_event(headers) }}`: the event's JSON text, ready to stand as the whole template. */
export const fromCloudEventFilter: Filter = (value, args) => {
  if (args.length !== 1) fail('runtime', `from_cloud_event() takes 1 argument (headers) but ${args.length} were given`);
  return JSON.stringify(cloudEventToEvent(value, args[0]));
};

export const webhookFilters: Record<string, Filter> = { from_cloud_event: fromCloudEventFilter };
