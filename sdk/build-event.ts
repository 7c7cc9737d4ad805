// Turns what a caller writes into a wire Event ([compat S1.1], [compat S8.1]): fills `id` (UUIDv7)
// and `occurred` (now), decides `follows`, and validates locally with the server's rules and default
// limits, so a mistake throws at the call site instead of surfacing later as a 422 or an error frame.

import type { Event, RelatedResource, Resource } from './wire-types.js';
import { HeraldSdkError } from './errors.js';
import { parseTimestamp, toTimestamp } from './timestamps.js';
import { uuidv7, uuidv7Time } from './uuidv7.js';

export interface EventInput {
  event: string;
  resource: Resource;
  related?: RelatedResource[];
  payload?: Record<string, unknown>;
  /**
   * The event this one follows: an event (`{id, occurred}`) or an id. Like Prefect ([compat S8.1]) it is only
   * set when the two are within ±5 minutes; a bare UUIDv7 id is judged by the time inside it, any
   * other bare id is taken as given.
   */
  follows?: string | Pick<Event, 'id' | 'occurred'> | null;
  /** Defaults to a new UUIDv7. Re-sending the same id is harmless: the server stores it once. */
  id?: string;
  /** Defaults to now. Strings are ISO-8601 (naive = UTC). */
  occurred?: Date | string | number;
}

/** The server's limits (src/config.ts defaults); pass the server's values if it was configured differently. */
export interface EventLimits {
  maxLabelsPerResource: number;
  maxRelatedResources: number;
  maxEventNameLength: number;
  maxEventBytes: number;
}

export const defaultEventLimits: EventLimits = {
  maxLabelsPerResource: 500,
  maxRelatedResources: 100,
  maxEventNameLength: 1024,
  maxEventBytes: 1_500_000,
};

/** Prefect's "tight timing" window for `follows` ([compat S0], [compat S1.6]). */
export const FOLLOWS_WINDOW_MS = 5 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PreparedEvent {
  event: Event;
  /** The exact JSON that goes on the wire (its size was checked). */
  json: string;
}

export function prepareEvent(input: EventInput, nowMs: number, limits: EventLimits = defaultEventLimits): PreparedEvent {
  const invalid = (field: string, problem: string): never => {
    throw new HeraldSdkError('HERALD_SDK_INVALID_EVENT', `Invalid event "${String(input?.event)}": ${field} ${problem}`, { field });
  };
  if (typeof input !== 'object' || input === null) invalid('event', 'must be an object');
  if (typeof input.event !== 'string') invalid('event', 'must be a string (the event name)');
  if (input.event.length > limits.maxEventNameLength) invalid('event', `is longer than ${limits.maxEventNameLength} characters`);
  checkResource(input.resource, 'resource', false, limits, invalid);
  const related = input.related ?? [];
  if (!Array.isArray(related)) invalid('related', 'must be an array');
  if (related.length > limits.maxRelatedResources)
    invalid('related', `has ${related.length} entries; the limit is ${limits.maxRelatedResources}`);
  related.forEach((r, i) => checkResource(r, `related[${i}]`, true, limits, invalid));
  const payload = input.payload ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) invalid('payload', 'must be a JSON object');

  const id = input.id ?? uuidv7(nowMs);
  if (typeof id !== 'string' || !UUID.test(id)) invalid('id', `must be a UUID, got "${String(id)}"`);

  let occurredMs = nowMs;
  if (input.occurred !== undefined) {
    try {
      occurredMs =
        input.occurred instanceof Date
          ? input.occurred.getTime()
          : typeof input.occurred === 'number'
            ? input.occurred
            : parseTimestamp(input.occurred);
    } catch {
      occurredMs = NaN;
    }
    if (!Number.isFinite(occurredMs)) invalid('occurred', `is not a valid time: "${String(input.occurred)}"`);
  }

  const event: Event = {
    id: id.toLowerCase(),
    occurred: toTimestamp(occurredMs),
    event: input.event,
    resource: input.resource,
    related,
    payload,
    follows: resolveFollows(input.follows, occurredMs, invalid),
  };
  const json = JSON.stringify(event);
  // A UTF-16 unit is at most 3 UTF-8 bytes: only a JSON text that long can be over the limit.
  if (json.length * 3 > limits.maxEventBytes) {
    const size = utf8Length(json);
    if (size > limits.maxEventBytes) invalid('(whole event)', `is ${size} bytes as JSON; the limit is ${limits.maxEventBytes} bytes`);
  }
  return { event, json };
}

/** UTF-8 size of a string, counted by hand: browsers have no Buffer.byteLength, and encoding would copy it. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else bytes += 3; // lone surrogates become U+FFFD (3 bytes), as Buffer counts them
  }
  return bytes;
}

/** Builds and validates one event; throws HeraldSdkError `HERALD_SDK_INVALID_EVENT` naming the field. */
export function buildEvent(input: EventInput, nowMs: number = Date.now(), limits?: EventLimits): Event {
  return prepareEvent(input, nowMs, limits).event;
}

function checkResource(
  resource: unknown,
  where: string,
  isRelated: boolean,
  limits: EventLimits,
  invalid: (field: string, problem: string) => never,
): void {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) invalid(where, 'must be an object of label → string');
  const labels = Object.entries(resource as Record<string, unknown>);
  for (const [label, value] of labels) {
    if (typeof value !== 'string') invalid(`${where}["${label}"]`, `must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  const r = resource as Record<string, string>;
  if (!r['prefect.resource.id']) invalid(`${where}["prefect.resource.id"]`, 'is required and must not be empty');
  if (isRelated && !r['prefect.resource.role'])
    invalid(`${where}["prefect.resource.role"]`, 'is required on a related resource and must not be empty');
  if (labels.length > limits.maxLabelsPerResource)
    invalid(where, `has ${labels.length} labels; the limit is ${limits.maxLabelsPerResource}`);
}

function resolveFollows(
  follows: EventInput['follows'],
  occurredMs: number,
  invalid: (field: string, problem: string) => never,
): string | null {
  if (follows === undefined || follows === null) return null;
  const id = typeof follows === 'string' ? follows : follows.id;
  if (typeof id !== 'string' || !UUID.test(id)) invalid('follows', `must be an event id (UUID), got "${String(id)}"`);
  const leaderMs = typeof follows === 'string' ? uuidv7Time(id) : parseTimestamp(follows.occurred);
  if (leaderMs !== undefined && Math.abs(occurredMs - leaderMs) >= FOLLOWS_WINDOW_MS) return null;
  return id.toLowerCase();
}
