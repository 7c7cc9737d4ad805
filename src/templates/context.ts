// Building template contexts. Herald's JSON carries timestamps as strings; Prefect templates expect
// Python datetimes (`event.occurred.strftime(…)`), so callers mark which values are datetimes or
// timedeltas with these helpers. Nothing is converted implicitly: a string stays a string.
import { DateTime, parseDateTime, TimeDelta } from './datetime.js';
import { TemplateError } from './errors.js';
import { tagKind } from './filters-prefect.js';
import { isDict, markResource, type Dict } from './values.js';

/** A datetime value from an ISO-8601 string (Herald's canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ`), a Date or epoch ms. */
export function datetimeValue(value: string | Date | number): DateTime {
  if (typeof value === 'number') return new DateTime(Math.round(value * 1000));
  if (value instanceof Date) return new DateTime(value.getTime() * 1000);
  const dt = parseDateTime(value);
  if (!dt) throw new TemplateError('runtime', `not an ISO-8601 timestamp: ${JSON.stringify(value)}`);
  return dt;
}

/** A timedelta value from a number of seconds (how Herald's JSON carries durations, [compat S1.2]). */
export function timedeltaValue(seconds: number): TimeDelta {
  return TimeDelta.fromSeconds(seconds);
}

/**
 * An event as Prefect exposes it to templates: a shallow copy whose `occurred` and `received` are
 * datetimes, tagged so `ui_url` knows it is an event.
 */
export function eventForTemplate<T extends object>(event: T): Dict {
  if (!isDict(event)) throw new TemplateError('runtime', 'an event must be a plain object');
  const copy: Dict = { ...(event as Dict) };
  for (const key of ['occurred', 'received']) {
    const v = copy[key];
    if (typeof v === 'string') copy[key] = datetimeValue(v);
  }
  if (isDict(copy.resource)) copy.resource = resourceForTemplate(copy.resource);
  if (Array.isArray(copy.related)) copy.related = copy.related.map((r) => (isDict(r) ? resourceForTemplate(r) : r));
  return tagKind(copy, 'received-event');
}

/** A resource (labels object) that also answers `.id`, `.name` and `.role`, like Prefect's Resource. */
export function resourceForTemplate<T extends object>(resource: T): Dict {
  return markResource(resource);
}

/** An automation as Prefect exposes it to templates, tagged for `ui_url`/`ui_resource_events_url`. */
export function automationForTemplate<T extends object>(automation: T): Dict {
  return tagKind({ ...(automation as Dict) }, 'automation');
}

export { tagKind };
