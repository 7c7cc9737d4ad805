// Route schemas of the destinations API (docs/server.md "Destinations"): request shapes (what
// src/actions/destinations.ts accepts) and every status each route can answer. `DestinationView`
// of src/actions/ is checked against the response schema at compile time below.

import { Type, type Static } from '@sinclair/typebox';
import { DESTINATION_TYPES, type DestinationView } from '../../actions/destinations.js';
import type { Assert, Same } from '../../events/schema-types.js';
import type { DestinationTestResult as DestinationTestResultBuilt } from '../../services/destinations.js';
import { UuidInput } from '../../events/index.js';
import { described, errorResponses, HeraldErrorBody, validation } from './errors.js';

const TAGS = ['destinations'];
const Open = { additionalProperties: true } as const;
const DestinationType = Type.Union(DESTINATION_TYPES.map((t) => Type.Literal(t)));

export const DestinationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: DestinationType,
    config: Type.Optional(
      Type.Object({}, { ...Open, description: 'Non-secret settings; see docs (url, method, headers / host, port, from, to …).' }),
    ),
    secrets: Type.Optional(
      Type.Object({}, { ...Open, description: 'Write-only: signing_secrets, headers (webhook), url (slack, teams), password (email).' }),
    ),
    disabled: Type.Optional(Type.Boolean()),
  },
  { title: 'DestinationBody', additionalProperties: false },
);

const destinationProperties = {
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  type: DestinationType,
  config: Type.Record(Type.String(), Type.Unknown()),
  secrets_set: Type.Array(Type.String(), { description: 'Which secrets are set (paths), never their values.' }),
  disabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.String(), Type.Null()]),
  created: Type.String({ format: 'date-time' }),
  updated: Type.String({ format: 'date-time' }),
};

export const Destination = Type.Object(destinationProperties, { title: 'Destination', additionalProperties: false });

/** The 201 of a create: a webhook created without a signing secret gets one, returned this once. */
export const CreatedDestination = Type.Object(
  {
    ...destinationProperties,
    signing_secret: Type.Optional(
      Type.String({ description: 'Only in the 201 of a webhook created without a signing secret: store it now.' }),
    ),
  },
  { title: 'CreatedDestination', additionalProperties: false },
);

export const DestinationTestResult = Type.Object(
  {
    ok: Type.Boolean(),
    status_code: Type.Union([Type.Integer(), Type.Null()]),
    response_body: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'DestinationTestResult', additionalProperties: false },
);
export type DestinationTestResult = Static<typeof DestinationTestResult>;
/** Compile-time: what the destinations service reports is exactly the published shape. */
export type DestinationTestResultMatches = Assert<Same<DestinationTestResult, DestinationTestResultBuilt>>;

/** Compile-time: the view the actions part builds is exactly the published response shape. */
export type DestinationViewMatches = Assert<Same<Static<typeof Destination>, DestinationView>>;

const IdParams = Type.Object({ id: UuidInput('The destination’s id.') });
const notFound = described(HeraldErrorBody, 'HERALD_ERR_NOT_FOUND: {"code", "detail": "Destination not found"}.');
const badId = validation('Prefect’s validation body (e.g. an `id` that is not a UUID).');

export const createDestination = {
  summary: 'Create a destination for call-webhook / send-notification.',
  tags: TAGS,
  body: DestinationBody,
  response: {
    ...errorResponses({ body: true }),
    201: CreatedDestination,
    422: validation('Prefect’s validation body; secrets are never echoed.'),
  },
};

export const listDestinations = {
  summary: 'List destinations.',
  tags: TAGS,
  response: { ...errorResponses(), 200: Type.Array(Destination) },
};

export const readDestination = {
  summary: 'Read a destination (secrets are never returned).',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses(), 200: Destination, 404: notFound, 422: badId },
};

export const replaceDestination = {
  summary: 'Replace a destination; omitted secrets are kept, `disabled: false` re-enables it.',
  tags: TAGS,
  params: IdParams,
  body: DestinationBody,
  response: {
    ...errorResponses({ body: true }),
    200: Destination,
    404: notFound,
    422: validation('Prefect’s validation body; secrets are never echoed.'),
  },
};

export const deleteDestination = {
  summary: 'Delete a destination.',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses({ body: true }), 204: Type.Null({ description: 'Deleted.' }), 404: notFound, 422: badId },
};

export const testDestination = {
  summary: 'Send a test message through the same delivery code as the actions (a 410 answer disables the destination).',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses({ body: true }), 200: DestinationTestResult, 404: notFound, 422: badId },
};
