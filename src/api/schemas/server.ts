// Route schemas of the server routes (health, version, metrics) and of template validation
// ([compat S3.2]): every status each route can answer.

import { Type, type Static } from '@sinclair/typebox';
import { described, errorResponses, HeraldErrorBody, TemplateErrorBody } from './errors.js';

export const VersionResponse = Type.Object(
  {
    name: Type.Literal('herald'),
    version: Type.String({ description: "Herald's own version." }),
    prefect_api: Type.String({ description: 'Prefect API generation whose events wire protocol Herald speaks.' }),
    storage: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  },
  { title: 'VersionResponse', additionalProperties: false },
);
export type VersionResponse = Static<typeof VersionResponse>;

export const health = {
  summary: 'Liveness: true when storage answers.',
  tags: ['server'],
  security: [],
  response: {
    // Public: never 401.
    500: errorResponses()[500],
    200: Type.Boolean(),
    503: described(HeraldErrorBody, 'HERALD_ERR_STORAGE: storage does not answer ("not ready").'),
  },
};

export const version = {
  summary: 'Server version.',
  tags: ['server'],
  response: { ...errorResponses(), 200: VersionResponse },
};

export const metrics = {
  summary: 'Prometheus metrics.',
  tags: ['server'],
  produces: ['text/plain'],
  response: { ...errorResponses(), 200: Type.String({ description: 'Prometheus text exposition format.' }) },
};

const templateSchema = {
  tags: ['automations'],
  body: Type.String({ description: 'The template as raw text (text/plain, form-urlencoded as is, or a JSON string).' }),
  consumes: ['text/plain', 'application/x-www-form-urlencoded', 'application/json'],
  response: {
    ...errorResponses({ body: true }),
    204: Type.Null({ description: 'The template is valid.' }),
    422: described(TemplateErrorBody, 'The first syntax or sandbox error (line 0: the whole template).'),
  },
};

export const validateTemplate = { ...templateSchema, summary: 'Validate a Jinja template (syntax and sandbox rules).' };
export const validateTemplateDeprecated = {
  ...templateSchema,
  summary: 'Deprecated alias of POST /templates/validate (used by Prefect’s UI).',
  deprecated: true,
};

/** The web UI's page and files (src/api/ui-static.ts): not part of the API, so hidden from its OpenAPI document. */
export const uiStatic = {
  hide: true,
  response: {
    ...errorResponses(),
    200: Type.String({ description: 'A file of the built UI, or index.html for any other navigation.' }),
    404: Type.String({ description: 'The "UI not built" page (text/html).' }),
  },
};
