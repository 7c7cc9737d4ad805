// Route schemas of the events API ([compat S2.1]–[compat S2.7]): what each route accepts and every
// status it can answer. The request parts describe what the hand-written parsers accept
// (src/events/validate.ts, src/api/query-body.ts) and are not used to validate (schema-policy.ts).

import { Type, type Static } from '@sinclair/typebox';
import { schemas } from '../../events/index.js';
import { described, errorResponses, HeraldErrorBody, validation } from './errors.js';

const TAGS = ['events'];

/** Herald extension: the 200 of POST /events with `Prefer: return=representation` or `?report=1`. */
export const IngestReport = Type.Object(
  {
    accepted: Type.Array(Type.String({ format: 'uuid' }), { description: 'Ids stored by this request.' }),
    duplicates: Type.Array(Type.String({ format: 'uuid' }), {
      description: 'Ids already stored (or repeated in this request): stored once, not again.',
    }),
  },
  {
    title: 'IngestReport',
    additionalProperties: false,
    description: 'Herald extension: sent instead of 204 when the request has `Prefer: return=representation` or `?report=1`.',
  },
);
export type IngestReport = Static<typeof IngestReport>;

export const ingestEvents = {
  summary: 'Ingest a batch of events; answers after they are durably stored.',
  tags: TAGS,
  body: Type.Array(schemas.Event),
  querystring: Type.Object({ report: Type.Optional(Type.String({ description: '`1` = answer 200 with the ingest report.' })) }),
  headers: Type.Object({
    prefer: Type.Optional(Type.String({ description: '`return=representation` = answer 200 with the ingest report.' })),
  }),
  response: {
    ...errorResponses({ body: true }),
    200: IngestReport,
    204: Type.Null({ description: 'Every event is stored (or was already).' }),
    413: described(
      HeraldErrorBody,
      'HERALD_ERR_BATCH_TOO_LARGE (more than maxEventsPerRequest events) / HERALD_ERR_REQUEST_TOO_LARGE (body over the byte limit).',
    ),
    422: validation('Prefect’s validation body; HERALD_ERR_EVENT_TOO_LARGE (with `detail`) for an event over maxEventBytes.'),
    429: described(HeraldErrorBody, 'HERALD_ERR_OVERLOADED: the ingest queue or admission budget is full; see Retry-After.'),
    503: described(HeraldErrorBody, 'HERALD_ERR_SHUTTING_DOWN: the server is stopping; retry against another instance.'),
  },
};

/**
 * Prefect's EventPage plus one optional Herald extension ([compat D10.34]): `total_relation: "gte"`
 * when `total` is a lower bound (more than `queryExactTotalLimit` events match). Without it `total`
 * is exact, and the body is exactly Prefect's.
 */
export const HeraldEventPage = Type.Object(
  {
    ...schemas.EventPage.properties,
    total_relation: Type.Optional(
      Type.Literal('gte', {
        description:
          'Herald extension, present only when `total` is a lower bound: at least `total` events match (`queryExactTotalLimit`). Absent: `total` is exact.',
      }),
    ),
  },
  { title: 'EventPage', additionalProperties: false },
);
export type HeraldEventPage = Static<typeof HeraldEventPage>;

export const filterEvents = {
  summary: 'One page of events matching a filter (newest first by default), with the link to the next.',
  tags: TAGS,
  body: schemas.EventFilterRequest,
  response: { ...errorResponses({ body: true, query: true }), 200: HeraldEventPage, 422: validation() },
};

/** Prefect's answer to every page-token problem: 403 `{"detail": "Forbidden"}` (+ `code`). */
export const PageTokenForbidden = Type.Object(
  { code: Type.Literal('HERALD_ERR_PAGE_TOKEN'), detail: Type.Literal('Forbidden') },
  {
    title: 'PageTokenForbidden',
    additionalProperties: false,
    description: 'The page token is missing, malformed, tampered with or signed by another key ([compat D10.12]).',
  },
);

export const nextEventsPage = {
  summary: 'The next page of a filter, from the `next_page` link of the previous one.',
  tags: TAGS,
  querystring: Type.Object({ 'page-token': Type.String({ description: 'The signed token of the `next_page` link.' }) }),
  response: {
    ...errorResponses({ query: true }),
    200: HeraldEventPage,
    403: PageTokenForbidden,
    422: validation('Prefect’s validation body: the `page-token` parameter is missing.'),
  },
};

export const countEvents = {
  summary: 'Counts of matching events per time bucket (`day`, `time`), event name (`event`) or resource (`resource`).',
  tags: TAGS,
  params: Type.Object({ countable: schemas.Countable }),
  body: schemas.EventCountRequest,
  response: {
    ...errorResponses({ body: true, query: true }),
    200: Type.Array(schemas.EventCount),
    422: Type.Union([validation(), described(HeraldErrorBody, 'HERALD_ERR_TOO_MANY_BUCKETS: more than 1000 buckets.')], {
      description: 'Prefect’s validation body, or HERALD_ERR_TOO_MANY_BUCKETS (more than 1000 buckets, Prefect’s text).',
    }),
  },
};

/**
 * The WebSocket routes are hidden from the OpenAPI document (docs/server.md describes their
 * protocol); what is declared here is what a plain HTTP request to them can be answered.
 */
const socketRoute = (summary: string) => ({
  summary,
  tags: TAGS,
  hide: true,
  response: {
    ...errorResponses(),
    404: Type.Null({ description: 'A plain GET, not a WebSocket upgrade: @fastify/websocket answers 404 without a body.' }),
    503: described(HeraldErrorBody, 'HERALD_ERR_WS_TOO_MANY_UNAUTHENTICATED: too many sockets are waiting to authenticate.'),
  },
});

export const eventsInSocket = socketRoute('WebSocket: stream events in (Prefect’s handshake; docs/server.md).');
export const eventsOutSocket = socketRoute('WebSocket: subscribe to events, backfill then live (Prefect’s handshake; docs/server.md).');
