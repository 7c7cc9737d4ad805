// OpenAPI document + interactive docs at /docs, generated from the same TypeBox schemas the routes
// declare (src/api/schemas/, src/events/schemas.ts), which the tests hold every response to
// (response-contract.ts; docs/server.md "API schemas").

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { heraldVersion } from './version.js';

/** Where the interactive docs and `/docs/json` (the OpenAPI document) are served. */
export const DOCS_PREFIX = '/docs';

/** Registers the generator; must run before any route is added (it collects them via onRoute). */
export async function installDocs(app: FastifyInstance, opts: { apiKey: boolean }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Herald',
        version: heraldVersion(),
        description:
          "Self-hosted events and automations server, wire-compatible with Prefect 3's events API. " +
          'WebSocket endpoints (`/api/events/in`, `/api/events/out`) are described in docs/server.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The server API key (HERALD_API_KEY).' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description: "Prefect's form: base64 of the auth string (any user, the key as password).",
          },
        },
      },
      security: opts.apiKey ? [{ bearer: [] }, { basic: [] }] : [],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
