// The event validator: the ingest hot path, hand-written for speed (no schema interpreter), producing
// pydantic-style issues in Prefect's order ([compat S1.1]–[compat S1.3]). Unknown keys are ignored and a client's
// `received` is discarded: the result is built from the known fields only, in Prefect's key order.
// Label maps and the payload of a valid event are the input's own objects (not copied).

import type { Settings } from '../config.js';
import { codePointLength, validateTimestampField } from './fields.js';
import {
  dictType,
  EVENT_TOO_LARGE,
  isPlainObject,
  issue,
  listType,
  missing,
  modelType,
  stringType,
  valueError,
  type Loc,
  type ValidationIssue,
} from './issues.js';
import type { Event, ReceivedEvent, RelatedResource, Resource, Timestamp } from './types.js';
import { jsonHasLoneSurrogate, loneSurrogateIssues } from './surrogates.js';
import { canonicalUuid, validateUuidField } from './uuid.js';
import { parseTimestamp } from './time.js';

export interface EventLimits {
  /** Labels per resource, counting `prefect.resource.id` and `prefect.resource.role`. */
  maxLabelsPerResource: number;
  maxRelatedResources: number;
  /** In Unicode code points, like Python's `len`. */
  maxEventNameLength: number;
  /** UTF-8 bytes of the event's JSON as stored (with `received`), see `eventJsonSize`. */
  maxEventBytes: number;
}

export function eventLimitsFrom(
  settings: Pick<Settings, 'maxLabelsPerResource' | 'maxRelatedResources' | 'maxEventNameLength' | 'maxEventBytes'>,
): EventLimits {
  return {
    maxLabelsPerResource: settings.maxLabelsPerResource,
    maxRelatedResources: settings.maxRelatedResources,
    maxEventNameLength: settings.maxEventNameLength,
    maxEventBytes: settings.maxEventBytes,
  };
}

/** Prefect's defaults ([compat S0]). */
export const DEFAULT_EVENT_LIMITS: EventLimits = Object.freeze({
  maxLabelsPerResource: 500,
  maxRelatedResources: 100,
  maxEventNameLength: 1024,
  maxEventBytes: 1_500_000,
});

/** Bytes that `,"received":"<canonical timestamp>"` adds to an event's JSON. */
export const RECEIVED_JSON_BYTES = ',"received":""'.length + 27;

/** UTF-8 size of `event` serialised as compact JSON (what Prefect compares with the size limit). */
export function eventJsonSize(event: Event | ReceivedEvent): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

export type EventValidation = { ok: true; event: Event } | { ok: false; issues: ValidationIssue[] };
export type EventBatchValidation = { ok: true; events: Event[] } | { ok: false; issues: ValidationIssue[] };

const ID = 'prefect.resource.id';
// PostgreSQL text cannot hold U+0000; names and labels are stored as text, so one storage backend
// would fail the whole batch. Reject it up front, on every backend alike (payloads are stored as
// escaped JSON and may contain it).
const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';
const ROLE = 'prefect.resource.role';
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Validates one event. `loc` prefixes every issue's location (`['body', 3]` inside a batch).
 * Oversize events (HERALD extension, [compat D10.16]: Prefect drops them silently) give an
 * `event_too_large` issue at `loc` with `ctx: { size, limit }`.
 */
export function validateEvent(input: unknown, limits: EventLimits, loc: Loc = []): EventValidation {
  const issues: ValidationIssue[] = [];
  const event = validateEventInto(input, limits, loc, issues);
  if (event === null) return { ok: false, issues };
  return { ok: true, event };
}

/** Validates a `POST /events` body: an array of events; issues are located at `['body', index, …]`. */
export function validateEventBatch(input: unknown, limits: EventLimits): EventBatchValidation {
  // No body at all (an empty one is none, src/api/json-body.ts): FastAPI's missing-body issue.
  if (input === undefined) return { ok: false, issues: [missing(['body'], null)] };
  if (!Array.isArray(input)) return { ok: false, issues: [listType(['body'], input)] };
  const issues: ValidationIssue[] = [];
  const events: Event[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const e = validateEventInto(input[i], limits, ['body', i], issues);
    if (e !== null) events[i] = e;
  }
  return issues.length === 0 ? { ok: true, events } : { ok: false, issues };
}

function at(loc: Loc, ...more: (string | number)[]): Loc {
  return loc.concat(more);
}

function validateEventInto(input: unknown, limits: EventLimits, loc: Loc, issues: ValidationIssue[]): Event | null {
  if (!isPlainObject(input)) {
    issues.push(modelType(loc, input, 'Event'));
    return null;
  }
  const before = issues.length;

  // Loc arrays are only built on failure: this is the hot path.
  let occurred: Timestamp | null = null;
  if (input.occurred === undefined) issues.push(missing(at(loc, 'occurred'), input));
  else {
    const r = parseTimestamp(typeof input.occurred === 'boolean' ? undefined : input.occurred);
    if (r.ok) occurred = r.timestamp;
    else validateTimestampField(input.occurred, at(loc, 'occurred'), issues);
  }

  const name = input.event;
  if (name === undefined) issues.push(missing(at(loc, 'event'), input));
  else if (typeof name !== 'string') issues.push(stringType(at(loc, 'event'), name));
  else if (codePointLength(name, limits.maxEventNameLength) > limits.maxEventNameLength) {
    issues.push(valueError(at(loc, 'event'), name, `Event name must be at most ${limits.maxEventNameLength} characters`));
  } else if (name.includes(NUL)) {
    issues.push(valueError(at(loc, 'event'), name, NUL_MESSAGE));
  }

  let resource: Resource | null = null;
  if (input.resource === undefined) issues.push(missing(at(loc, 'resource'), input));
  else resource = validateLabels(input.resource, limits, loc, 'resource', -1, issues);

  let related: RelatedResource[] = [];
  const rawRelated = input.related;
  if (rawRelated !== undefined) {
    if (!Array.isArray(rawRelated)) issues.push(listType(at(loc, 'related'), rawRelated));
    else {
      related = rawRelated as RelatedResource[];
      for (let i = 0; i < rawRelated.length; i++) validateLabels(rawRelated[i], limits, loc, 'related', i, issues);
      if (rawRelated.length > limits.maxRelatedResources) {
        issues.push(valueError(at(loc, 'related'), rawRelated, `The maximum number of related resources is ${limits.maxRelatedResources}`));
      }
    }
  }

  let payload: Record<string, unknown> = {};
  if (input.payload !== undefined) {
    if (!isPlainObject(input.payload)) issues.push(dictType(at(loc, 'payload'), input.payload));
    else payload = input.payload;
  }

  let id: string | null = null;
  if (input.id === undefined) issues.push(missing(at(loc, 'id'), input));
  else if ((id = canonicalUuid(input.id)) === null) validateUuidField(input.id, at(loc, 'id'), issues);

  let follows: string | null = null;
  if (input.follows !== undefined && input.follows !== null) {
    if ((follows = canonicalUuid(input.follows)) === null) validateUuidField(input.follows, at(loc, 'follows'), issues);
  }

  if (issues.length !== before) return null;
  const event: Event = {
    occurred: occurred!,
    event: name as string,
    resource: resource!,
    related,
    payload,
    id: id!,
    follows,
  };
  // UTF-8 needs at most 3 bytes per UTF-16 unit: skip the exact count when that bound is enough.
  let json: string;
  try {
    json = JSON.stringify(event);
  } catch (err) {
    // Only in-process callers can get here (BigInt or a cycle in the payload); JSON input cannot.
    issues.push(valueError(at(loc, 'payload'), undefined, `payload is not JSON-serialisable: ${(err as Error).message}`));
    return null;
  }
  if (jsonHasLoneSurrogate(json)) {
    const found = loneSurrogateIssues(event, loc);
    if (found.length > 0) {
      issues.push(...found);
      return null;
    }
  }
  if (json.length * 3 + RECEIVED_JSON_BYTES <= limits.maxEventBytes) return event;
  const size = Buffer.byteLength(json, 'utf8') + RECEIVED_JSON_BYTES;
  if (size > limits.maxEventBytes) {
    const where = typeof loc[loc.length - 1] === 'number' ? `Event at index ${loc[loc.length - 1]}` : 'Event';
    issues.push(
      issue(loc, EVENT_TOO_LARGE, `${where} is ${size} bytes; the limit is ${limits.maxEventBytes} bytes`, undefined, {
        size,
        limit: limits.maxEventBytes,
      }),
    );
    return null;
  }
  return event;
}

/** Validates a resource (`index < 0`) or `related[index]`; returns it, or null with issues pushed. */
function validateLabels(
  input: unknown,
  limits: EventLimits,
  loc: Loc,
  field: 'resource' | 'related',
  index: number,
  issues: ValidationIssue[],
): Resource | null {
  if (!isPlainObject(input)) {
    issues.push(dictType(where(loc, field, index), input));
    return null;
  }
  let count = 0;
  let typed = true;
  for (const key in input) {
    count++;
    const v = input[key];
    if (typeof v !== 'string') {
      issues.push(stringType(where(loc, field, index).concat(key), v));
      typed = false;
    } else if (v.includes(NUL) || key.includes(NUL)) {
      issues.push(valueError(where(loc, field, index).concat(key), v, NUL_MESSAGE));
      typed = false;
    }
  }
  if (!typed) return null;
  const labels = input as Resource;
  let problem: string | undefined;
  if (!hasOwn.call(labels, ID)) problem = 'Resources must include the prefect.resource.id label';
  else if (labels[ID] === '') problem = 'The prefect.resource.id label must be non-empty';
  else if (index >= 0 && !hasOwn.call(labels, ROLE)) problem = 'Related Resources must include the prefect.resource.role label';
  else if (index >= 0 && labels[ROLE] === '') problem = 'The prefect.resource.role label must be non-empty';
  else if (count > limits.maxLabelsPerResource) {
    problem = `The maximum number of labels per resource is ${limits.maxLabelsPerResource}`;
  }
  if (problem !== undefined) {
    issues.push(valueError(where(loc, field, index), input, problem));
    return null;
  }
  return labels;
}

function where(loc: Loc, field: 'resource' | 'related', index: number): Loc {
  return index < 0 ? at(loc, field) : at(loc, field, index);
}

/** Stamps the server's receive time ([compat S1.2]), in Prefect's key order. */
export function receive(event: Event, now: Timestamp): ReceivedEvent {
  return {
    occurred: event.occurred,
    event: event.event,
    resource: event.resource,
    related: event.related,
    payload: event.payload,
    id: event.id,
    follows: event.follows,
    received: now,
  };
}
