// The event model as it travels on the wire ([compat S1], [compat S2.5]). Its one definition lives
// here because the SDK ships alone and must not import the server; the server re-exports these types
// from src/events/types.ts. Type-only: this file emits no JavaScript anyone loads.
// Datetimes are canonical strings: UTC, microsecond precision, `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
// Fixed width means they compare correctly as plain strings, in JS and in SQL, with no parsing.

/** A canonical UTC timestamp string, e.g. `2026-08-21T10:00:00.123456Z`. */
export type Timestamp = string;

/** A flat map of label name to string value; always contains `prefect.resource.id`. */
export type Resource = Record<string, string>;

/** A related resource additionally carries `prefect.resource.role`. */
export type RelatedResource = Record<string, string>;

/** What a client sends ([compat S1.1]). After validation, datetimes are canonical. */
export interface Event {
  id: string;
  occurred: Timestamp;
  event: string;
  resource: Resource;
  related: RelatedResource[];
  payload: Record<string, unknown>;
  follows: string | null;
}

/** What the server stores and returns ([compat S1.2]): `received` is always stamped by the server. */
export interface ReceivedEvent extends Event {
  received: Timestamp;
}

/** Label name → glob pattern or list of patterns (OR-ed); a leading `!` negates ([compat S1.4]). */
export type ResourceSpecification = Record<string, string | string[]>;

export type Order = 'ASC' | 'DESC';

/** EventFilter as it appears in request JSON ([compat S2.5]). All keys optional; unknown keys rejected. */
export interface EventFilterInput {
  occurred?: { since?: string | null; until?: string | null } | null;
  event?: {
    prefix?: string[] | null;
    exclude_prefix?: string[] | null;
    name?: string[] | null;
    exclude_name?: string[] | null;
  } | null;
  resource?: {
    id?: string[] | null;
    id_prefix?: string[] | null;
    labels?: ResourceSpecification | null;
    distinct?: boolean;
  } | null;
  related?: RelatedFilterInput | RelatedFilterInput[] | null;
  any_resource?: AnyResourceFilterInput | AnyResourceFilterInput[] | null;
  id?: { id?: string[] | null } | null;
  text?: { query: string } | null;
  order?: Order;
}

export interface RelatedFilterInput {
  id?: string[] | null;
  role?: string[] | null;
  resources_in_roles?: [string, string][] | null;
  labels?: ResourceSpecification | null;
}

export interface AnyResourceFilterInput {
  id?: string[] | null;
  id_prefix?: string[] | null;
  labels?: ResourceSpecification | null;
}

/** Response of `/events/filter` and `/events/filter/next`. */
export interface EventPage {
  events: ReceivedEvent[];
  total: number;
  next_page: string | null;
}

/** Herald's EventPage: Prefect's plus `total_relation: "gte"` only when `total` is a lower bound. */
export interface HeraldEventPage extends EventPage {
  total_relation?: 'gte';
}

export type Countable = 'day' | 'time' | 'event' | 'resource';
export type TimeUnit = 'week' | 'day' | 'hour' | 'minute' | 'second';

/** One row of a `/events/count-by/*` response ([compat S2.4]). */
export interface EventCount {
  value: string;
  label: string;
  count: number;
  start_time: Timestamp;
  end_time: Timestamp;
}
