// Wire shapes of the event model as TypeBox / JSON Schema: the one definition the OpenAPI document,
// the response contract check of the tests and the TS types are held to (docs/server.md "API schemas").
// Event requests are validated by `validate.ts` (faster, and with Prefect's issue format) and
// filters by `filter-parse.ts`; the request schemas here describe what those parsers accept, and
// test/api/request-schemas.property.test.ts checks that they do. `types.ts` keeps the same shapes
// as plain interfaces for the SDK; `schema-types.ts` proves at compile time that they are equal.

import { Type, type Static } from '@sinclair/typebox';

// Requests and responses differ in their datetimes and UUIDs: the parsers accept every string form
// pydantic does (time.ts, uuid.ts), responses carry only the canonical one. Pydantic's scalar
// coercions (a number for a datetime, "5" for 5, "yes" for true) are accepted for compatibility but
// not published (docs/server.md "API schemas").
const DateTime = (description: string) => Type.String({ format: 'date-time', description, examples: ['2026-08-21T10:00:00.123456Z'] });
export const DateTimeInput = (description: string) =>
  Type.String({
    description: `${description} ISO 8601 with any offset, \`Z\` or none (naive = UTC), \`T\` or a space; a date alone is midnight UTC.`,
    examples: ['2026-08-21T10:00:00.123456Z', '2026-08-21 12:00:00+02:00'],
  });
const Uuid = (description: string) => Type.String({ format: 'uuid', description });
/** Any form parseUuid accepts: hyphenated (any case), 32 hex digits, `{hyphenated}` or `urn:uuid:…`. */
const UUID_INPUT =
  '^(?:(?:urn:uuid:)?(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\})$';
export const UuidInput = (description: string) =>
  Type.String({ pattern: UUID_INPUT, description: `${description} Any UUID form; returned lower-case hyphenated.` });
const StringList = (description: string) => Type.Union([Type.Array(Type.String()), Type.Null()], { description });

export const Resource = Type.Record(Type.String(), Type.String(), {
  title: 'Resource',
  description: 'Label name → value. Must contain a non-empty `prefect.resource.id`; at most 500 labels (setting).',
});

export const RelatedResource = Type.Record(Type.String(), Type.String(), {
  title: 'RelatedResource',
  description: 'A resource with a non-empty `prefect.resource.role` label as well.',
});

const eventProperties = {
  occurred: DateTime('When the event happened (UTC, microseconds).'),
  event: Type.String({ description: 'Event name, at most 1024 characters (setting).', examples: ['prefect.flow-run.Completed'] }),
  resource: Resource,
  related: Type.Array(RelatedResource, { default: [], description: 'At most 100 entries (setting).' }),
  payload: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
  id: Uuid('Client-supplied identity, used for de-duplication (any UUID version).'),
  follows: Type.Union([Uuid('An event known to precede this one.'), Type.Null()], { default: null }),
};

/**
 * What clients send: `related`, `payload` and `follows` may be left out (their defaults). Unknown
 * keys are ignored (and a client `received` is discarded). After validation it is `types.ts`'s
 * `Event`: every field set, datetimes and UUIDs canonical.
 */
export const Event = Type.Object(
  {
    ...eventProperties,
    occurred: DateTimeInput('When the event happened.'),
    related: Type.Optional(eventProperties.related),
    payload: Type.Optional(eventProperties.payload),
    id: UuidInput('Client-supplied identity, used for de-duplication (any UUID version).'),
    follows: Type.Optional(Type.Union([UuidInput('An event known to precede this one.'), Type.Null()], { default: null })),
  },
  {
    title: 'Event',
    additionalProperties: true,
    description: 'An event as sent by a client (Prefect `Event`). Its JSON may be at most 1.5 MB (setting).',
  },
);

/** What the server stores and returns: exactly these fields (closed, so a stray field is a contract violation). */
export const ReceivedEvent = Type.Object(
  { ...eventProperties, received: DateTime('Stamped by the server when it accepted the event.') },
  {
    title: 'ReceivedEvent',
    additionalProperties: false,
    description: 'An event as stored and returned; datetimes are UTC with microseconds.',
  },
);

export const ResourceSpecification = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]), {
  title: 'ResourceSpecification',
  description: 'Label → glob pattern or list of patterns (OR-ed); a leading `!` negates; all labels must match.',
});

const Strict = { additionalProperties: false } as const;

export const EventOccurredFilter = Type.Object(
  {
    since: Type.Optional(Type.Union([DateTimeInput('Inclusive; default UTC midnight today minus 180 days.'), Type.Null()])),
    until: Type.Optional(Type.Union([DateTimeInput('Inclusive; default now.'), Type.Null()])),
  },
  Strict,
);

export const EventNameFilter = Type.Object(
  {
    prefix: Type.Optional(StringList('Name starts with any of these.')),
    exclude_prefix: Type.Optional(StringList('Name starts with none of these.')),
    name: Type.Optional(StringList('Name equals any of these.')),
    exclude_name: Type.Optional(StringList('Name equals none of these.')),
  },
  Strict,
);

export const EventResourceFilter = Type.Object(
  {
    id: Type.Optional(StringList('Primary resource id is one of these.')),
    id_prefix: Type.Optional(StringList('Primary resource id starts with any of these.')),
    labels: Type.Optional(Type.Union([ResourceSpecification, Type.Null()])),
    distinct: Type.Optional(Type.Boolean({ default: false, description: 'One event per primary resource.' })),
  },
  Strict,
);

export const EventRelatedFilter = Type.Object(
  {
    id: Type.Optional(StringList('Related resource id is one of these.')),
    role: Type.Optional(StringList('Related resource role is one of these.')),
    resources_in_roles: Type.Optional(
      Type.Union([Type.Array(Type.Tuple([Type.String(), Type.String()])), Type.Null()], { description: '[id, role] pairs.' }),
    ),
    labels: Type.Optional(Type.Union([ResourceSpecification, Type.Null()])),
  },
  { ...Strict, description: 'Matches when ONE related resource satisfies every given criterion.' },
);

export const EventAnyResourceFilter = Type.Object(
  {
    id: Type.Optional(StringList('Resource id is one of these.')),
    id_prefix: Type.Optional(StringList('Resource id starts with any of these.')),
    labels: Type.Optional(Type.Union([ResourceSpecification, Type.Null()])),
  },
  { ...Strict, description: 'Matches when the primary or any related resource satisfies every given criterion.' },
);

export const EventIDFilter = Type.Object({ id: Type.Optional(Type.Union([Type.Array(UuidInput('An event id.')), Type.Null()])) }, Strict);

export const EventTextFilter = Type.Object(
  { query: Type.String({ maxLength: 200, description: 'Terms (OR), "phrases", -exclude / !exclude, +required.' }) },
  Strict,
);

export const Order = Type.Union([Type.Literal('ASC'), Type.Literal('DESC')], { default: 'DESC' });

export const EventFilter = Type.Object(
  {
    occurred: Type.Optional(Type.Union([EventOccurredFilter, Type.Null()])),
    event: Type.Optional(Type.Union([EventNameFilter, Type.Null()])),
    resource: Type.Optional(Type.Union([EventResourceFilter, Type.Null()])),
    related: Type.Optional(Type.Union([EventRelatedFilter, Type.Array(EventRelatedFilter), Type.Null()])),
    any_resource: Type.Optional(Type.Union([EventAnyResourceFilter, Type.Array(EventAnyResourceFilter), Type.Null()])),
    id: Type.Optional(Type.Union([EventIDFilter, Type.Null()])),
    text: Type.Optional(Type.Union([EventTextFilter, Type.Null()])),
    order: Type.Optional(Order),
  },
  { title: 'EventFilter', additionalProperties: false, description: 'All sub-filters are AND-ed; unknown keys are rejected.' },
);

export const EventPage = Type.Object(
  {
    events: Type.Array(ReceivedEvent),
    total: Type.Integer({ minimum: 0 }),
    next_page: Type.Union([Type.String({ description: 'URL of the next page.' }), Type.Null()]),
  },
  { title: 'EventPage', additionalProperties: false },
);

export const EventCount = Type.Object(
  {
    value: Type.String(),
    label: Type.String(),
    count: Type.Integer({ minimum: 0 }),
    start_time: DateTime('Earliest event (or bucket start).'),
    end_time: DateTime('Latest event (or bucket end).'),
  },
  { title: 'EventCount', additionalProperties: false },
);

/** `POST /events/filter` body. */
export const EventFilterRequest = Type.Object(
  {
    filter: Type.Optional(Type.Union([EventFilter, Type.Null()])),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 50 })),
  },
  { additionalProperties: true },
);

// `as const` keeps the literals in the static type (`Static<typeof TimeUnit>` is the union, not string).
export const TimeUnit = Type.Union(
  (['week', 'day', 'hour', 'minute', 'second'] as const).map((u) => Type.Literal(u)),
  { default: 'day' },
);

/** `POST /events/count-by/{countable}` body. */
export const EventCountRequest = Type.Object(
  {
    filter: EventFilter,
    time_unit: Type.Optional(TimeUnit),
    time_interval: Type.Optional(Type.Number({ minimum: 0.01, default: 1.0 })),
  },
  { additionalProperties: true },
);

export const Countable = Type.Union((['day', 'time', 'event', 'resource'] as const).map((c) => Type.Literal(c)));

/** One pydantic-style issue of a 422 body (`issues.ts` builds them). */
export const ValidationIssue = Type.Object(
  {
    loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
    msg: Type.String(),
    type: Type.String(),
    input: Type.Optional(Type.Unknown()),
    ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { title: 'ValidationIssue', additionalProperties: false },
);

/** Prefect's 422 body. */
export const ValidationErrorBody = Type.Object(
  {
    exception_message: Type.Literal('Invalid request received.'),
    exception_detail: Type.Array(ValidationIssue),
    request_body: Type.Unknown(),
  },
  { title: 'ValidationErrorBody' },
);

/** All schemas, for `import { schemas } from './index.js'`. */
export const schemas = {
  Resource,
  RelatedResource,
  Event,
  ReceivedEvent,
  ResourceSpecification,
  EventOccurredFilter,
  EventNameFilter,
  EventResourceFilter,
  EventRelatedFilter,
  EventAnyResourceFilter,
  EventIDFilter,
  EventTextFilter,
  EventFilter,
  EventPage,
  EventCount,
  EventFilterRequest,
  EventCountRequest,
  Countable,
  TimeUnit,
  Order,
  ValidationIssue,
  ValidationErrorBody,
} as const;

export type EventJson = Static<typeof Event>;
export type ReceivedEventJson = Static<typeof ReceivedEvent>;
