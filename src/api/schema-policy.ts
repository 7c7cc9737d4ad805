// How Herald uses the route schemas (docs/server.md "API schemas"), for every route at once:
//
//   - Requests: a route's `body` / `querystring` / `params` / `headers` schemas describe what its
//     hand-written parser accepts, for the OpenAPI document; they do not validate. The parsers
//     (src/events/validate.ts, src/api/query-body.ts, src/automations/parse-*.ts,
//     src/actions/destinations.ts) own Prefect's exact 422 bodies — pydantic's `loc`, `msg`, `type`,
//     and its lax coercions — which Ajv's errors cannot reproduce ([compat S2], [arch I1]).
//     test/api/request-schemas.property.test.ts checks that what the parsers accept validates
//     against the published schemas, so the description cannot drift from the parser.
//   - Responses: serialised with JSON.stringify, not Fastify's schema-driven serializer, which
//     silently drops fields a schema does not list and coerces values to the declared type — that
//     would hide a drift instead of exposing it. The response schemas are held to the real
//     responses by the tests instead (response-contract.ts, turned on for every test server).

import type { FastifyInstance } from 'fastify';
import { DOCS_PREFIX } from './docs.js';
import { type ContractViolation, installResponseContract } from './response-contract.js';
import { UNMATCHED_ROUTE_RESPONSES } from './schemas/errors.js';

export interface SchemaPolicyOptions {
  /** Tests: called for every response that does not match its route's published schema. */
  checkResponses?: (violation: ContractViolation) => void;
}

/** Installs the policy on the root instance; call it before any route or plugin is registered. */
export function installSchemaPolicy(app: FastifyInstance, opts: SchemaPolicyOptions = {}): void {
  app.setValidatorCompiler(() => acceptAsDescribed);
  app.setSerializerCompiler(() => serialise);
  if (opts.checkResponses) {
    installResponseContract(app, { onViolation: opts.checkResponses, exemptPrefixes: [DOCS_PREFIX], unmatched: UNMATCHED_ROUTE_RESPONSES });
  }
}

/** Every request part passes: the route's parser decides, with Prefect's error texts. */
const acceptAsDescribed = () => true;

const serialise = (data: unknown) => JSON.stringify(data);
