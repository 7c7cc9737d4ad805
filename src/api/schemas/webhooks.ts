// Route schemas of the inbound webhooks API (docs/webhooks.md): Prefect Cloud's webhook object plus
// Herald's fields, and every status each route can answer. The views built by src/webhooks/ are
// checked against these at compile time below.

import { Type, type Static } from '@sinclair/typebox';
import type { Assert, Same } from '../../events/schema-types.js';
import { UuidInput } from '../../events/index.js';
import type { WebhookView } from '../../webhooks/view.js';
import { described, errorResponses, HeraldErrorBody, validation } from './errors.js';

const TAGS = ['webhooks'];
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const SignatureBody = Type.Object(
  {
    preset: Type.Union(['standard-webhooks', 'github', 'stripe', 'slack', 'hmac'].map((p) => Type.Literal(p))),
    secret: Type.Optional(Type.String({ description: 'Write-only. Omitted: kept, or generated and returned once as `signing_secret`.' })),
    header: Type.Optional(Type.String({ description: 'hmac: the header carrying the signature.' })),
    algorithm: Type.Optional(Type.Union(['sha1', 'sha256', 'sha512'].map((a) => Type.Literal(a)))),
    encoding: Type.Optional(Type.Union([Type.Literal('hex'), Type.Literal('base64')])),
    prefix: Type.Optional(Type.String({ description: 'hmac: text before the digest, e.g. `sha256=`.' })),
    tolerance_seconds: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Timestamped presets: greatest age (either way); default 300.' }),
    ),
  },
  { title: 'WebhookSignatureBody', additionalProperties: false },
);

const RateLimit = Type.Object(
  { per_second: Type.Number({ exclusiveMinimum: 0 }), burst: Type.Integer({ minimum: 1 }) },
  { title: 'WebhookRateLimit', additionalProperties: false },
);

const bodyProperties = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  template: Type.String({ description: 'Jinja2 rendering to the JSON of one event (Prefect Cloud’s webhook template).' }),
  enabled: Type.Optional(Type.Boolean()),
  service_account_id: Type.Optional(Type.Null({ description: 'Service accounts arrive with tenancy: only null for now.' })),
  signature: Type.Optional(Nullable(SignatureBody)),
  dedup_key: Type.Optional(Nullable(Type.String({ description: 'A template; the same non-empty output makes the same event id.' }))),
  rate_limit: Type.Optional(Nullable(RateLimit)),
  emit_received: Type.Optional(Type.Boolean({ description: 'Emit prefect-cloud.webhook.received for every request.' })),
};

export const WebhookBody = Type.Object(bodyProperties, { title: 'WebhookBody', additionalProperties: false });
export const WebhookPatch = Type.Partial(WebhookBody, { title: 'WebhookPatch', additionalProperties: false });

const SignatureView = Type.Object(
  {
    preset: Type.String(),
    header: Type.Optional(Type.String()),
    algorithm: Type.Optional(Type.String()),
    encoding: Type.Optional(Type.String()),
    prefix: Type.Optional(Type.String()),
    tolerance_seconds: Type.Optional(Type.Integer()),
    secret_set: Type.Boolean({ description: 'Whether a secret is set (it is never shown).' }),
    previous_secret_expires: Nullable(Timestamp),
  },
  { additionalProperties: false },
);

const viewProperties = {
  id: Type.String({ format: 'uuid' }),
  created: Timestamp,
  updated: Timestamp,
  name: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  template: Type.String(),
  service_account_id: Nullable(Type.String()),
  account: Type.String({ format: 'uuid' }),
  workspace: Type.String({ format: 'uuid' }),
  slug: Type.String({ description: 'The endpoint is `<server>/hooks/<slug>`.' }),
  signature: Nullable(SignatureView),
  dedup_key: Nullable(Type.String()),
  rate_limit: Nullable(RateLimit),
  emit_received: Type.Boolean(),
};

export const Webhook = Type.Object(viewProperties, { title: 'Webhook', additionalProperties: false });
/** Compile-time: the view src/webhooks/ builds is the published shape. */
export type WebhookViewMatches = Assert<Same<Static<typeof Webhook>, WebhookView>>;

const WithSecret = Type.Object(
  { ...viewProperties, signing_secret: Type.Optional(Type.String({ description: 'A secret Herald generated: shown this once.' })) },
  { title: 'WebhookWithSecret', additionalProperties: false },
);

export const WebhookTestBody = Type.Object(
  {
    method: Type.Optional(Type.String({ description: 'Default POST.' })),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.Unknown({ description: 'Text as sent, or JSON (sent as JSON).' })),
    query: Type.Optional(Type.String()),
    template: Type.Optional(Type.String({ description: 'A draft template instead of the saved one (required without a webhook).' })),
    dedup_key: Type.Optional(Nullable(Type.String())),
    name: Type.Optional(Type.String()),
  },
  { title: 'WebhookTestBody', additionalProperties: false },
);

export const WebhookTestResult = Type.Union(
  [
    Type.Object({ ok: Type.Literal(true), event: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: false }),
    Type.Object(
      {
        ok: Type.Literal(false),
        error: Type.Object(
          { type: Type.String(), message: Type.String(), line: Nullable(Type.Integer()) },
          { additionalProperties: false },
        ),
        rendered: Nullable(Type.String()),
      },
      { additionalProperties: false },
    ),
  ],
  { title: 'WebhookTestResult' },
);

const IdParams = Type.Object({ id: UuidInput('The webhook’s id.') });
const notFound = described(HeraldErrorBody, 'HERALD_ERR_NOT_FOUND: {"code", "detail": "Webhook not found"}.');
const invalid = validation('Prefect’s validation body; a template error names its line; secrets are never echoed.');

export const createWebhook = {
  summary: 'Create an inbound webhook (its URL is /hooks/<slug>).',
  tags: TAGS,
  body: WebhookBody,
  response: { ...errorResponses({ body: true }), 201: WithSecret, 422: invalid },
};

export const listWebhooks = {
  summary: 'List webhooks, oldest first.',
  tags: TAGS,
  response: { ...errorResponses(), 200: Type.Array(Webhook) },
};

export const filterWebhooks = {
  summary: 'List webhooks (Prefect Cloud’s CLI: no body; `{"webhooks": {"name": {"any_": [...]}}, "limit", "offset"}`).',
  tags: TAGS,
  response: { ...errorResponses({ body: true }), 200: Type.Array(Webhook), 422: invalid },
};

export const readWebhook = {
  summary: 'Read a webhook (secrets are never returned).',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses(), 200: Webhook, 404: notFound, 422: invalid },
};

export const replaceWebhook = {
  summary: 'Replace a webhook’s fields; fields left out keep their values (so an older client cannot drop the signature check).',
  tags: TAGS,
  params: IdParams,
  body: WebhookBody,
  response: { ...errorResponses({ body: true }), 200: WithSecret, 404: notFound, 422: invalid },
};

export const patchWebhook = {
  summary: 'Change some fields of a webhook, e.g. {"enabled": false}.',
  tags: TAGS,
  params: IdParams,
  body: WebhookPatch,
  response: {
    ...errorResponses({ body: true }),
    200: described(WithSecret, 'Changed, and a signing secret was generated: shown this once.'),
    204: Type.Null({ description: 'Changed.' }),
    404: notFound,
    422: invalid,
  },
};

export const rotateWebhookSlug = {
  summary: 'Give the webhook a new slug (the old URL stops working at once).',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses({ body: true }), 200: Webhook, 404: notFound, 422: invalid },
};

export const rotateWebhookSecret = {
  summary: 'Set or generate a new signing secret; the previous one is accepted for `overlap_seconds` (default 86400).',
  tags: TAGS,
  params: IdParams,
  body: Type.Object(
    { secret: Type.Optional(Type.String()), overlap_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 604800 })) },
    { title: 'WebhookSecretRotation', additionalProperties: false },
  ),
  response: { ...errorResponses({ body: true }), 200: WithSecret, 404: notFound, 422: invalid },
};

export const deleteWebhook = {
  summary: 'Delete a webhook.',
  tags: TAGS,
  params: IdParams,
  response: { ...errorResponses({ body: true }), 204: Type.Null({ description: 'Deleted.' }), 404: notFound, 422: invalid },
};

export const testWebhook = {
  summary:
    'Render a sample request through the webhook (or a draft template): the event it would make, or the error and its line. Nothing is stored.',
  tags: TAGS,
  params: IdParams,
  body: WebhookTestBody,
  response: { ...errorResponses({ body: true }), 200: WebhookTestResult, 404: notFound, 422: invalid },
};

export const testDraftWebhook = {
  summary: 'Render a sample request through a draft template (`template` required). Nothing is stored.',
  tags: TAGS,
  body: WebhookTestBody,
  response: { ...errorResponses({ body: true }), 200: WebhookTestResult, 422: invalid },
};

const empty = (description: string) => Type.Null({ description });

/** ANY /hooks/{slug}: every answer has an empty body but the Event Grid handshake's. */
export const receiveHook = {
  summary: 'Receive a request for an inbound webhook (public: the slug is the credential).',
  tags: TAGS,
  params: Type.Object({ slug: Type.String({ description: 'The webhook’s slug (22 URL-safe characters).' }) }),
  response: {
    200: Type.Union([
      Type.Object({ validationResponse: Type.String() }, { additionalProperties: false, description: 'Azure Event Grid validation.' }),
      empty('CloudEvents abuse-protection handshake (OPTIONS with WebHook-Request-Origin).'),
    ]),
    204: empty('The event is stored (durable); also a plain OPTIONS.'),
    400: empty('Not turned into an event: the reason is in a prefect-cloud.webhook.failed event.'),
    404: empty('No such webhook, or it is disabled (indistinguishable).'),
    413: empty('The body is larger than HERALD_HOOK_MAX_BODY_BYTES (recorded as webhook.failed, type size).'),
    429: Type.Union([
      empty('The webhook’s rate limit (Retry-After says when).'),
      described(HeraldErrorBody, 'HERALD_ERR_OVERLOADED: the server is saturated (Retry-After).'),
    ]),
    500: described(HeraldErrorBody, 'HERALD_ERR_INTERNAL / HERALD_ERR_STORAGE: an unexpected failure.'),
    503: described(HeraldErrorBody, 'HERALD_ERR_SHUTTING_DOWN / HERALD_ERR_STORAGE_UNAVAILABLE.'),
  },
};
