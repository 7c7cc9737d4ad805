// Herald's answers to "why did (or didn't) my automation fire?" ([compat D10.33]: Prefect has no history API):
//   GET  /automations/{id}/state            the trigger engine's open windows and held child firings
//   GET  /automations/{id}/firings?limit=N  recent firings, each with its actions' delivery outcomes
//   POST /automations/{id}/explain          {"event_id"}: how each trigger would treat that event

import type { FastifyInstance } from 'fastify';
import { issue, validateUuidField, type ValidationIssue, validationError } from '../../events/index.js';
import { laxInt, strictObject } from '../../model/parse-fields.js';
import type { ServerDeps } from '../deps.js';
import { requestContext } from '../auth-hook.js';
import { automationIdParam } from './automations.js';
import * as R from '../schemas/automation-insight.js';
// The limits are published in the route's query schema, so they are defined with it.
import { DEFAULT_FIRINGS_LIMIT, MAX_FIRINGS_LIMIT } from '../schemas/automation-insight.js';

export async function automationInsightRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'services'>): Promise<void> {
  const insight = deps.services.automationInsight;

  app.get('/automations/:id/state', { schema: R.automationState }, async (request) =>
    insight.state(requestContext(request), automationIdParam(request.params)),
  );

  app.get('/automations/:id/firings', { schema: R.automationFirings }, async (request) => {
    const limit = firingsLimit((request.query as Record<string, unknown>).limit);
    return insight.firings(requestContext(request), automationIdParam(request.params), limit);
  });

  app.post('/automations/:id/explain', { schema: R.explainAutomation }, async (request) => {
    const issues: ValidationIssue[] = [];
    const body = strictObject(request.body ?? null, ['body'], 'ExplainRequest', ['event_id'], issues);
    let eventId: string | null = null;
    if (body && body.event_id === undefined) issues.push(issue(['body', 'event_id'], 'missing', 'Field required', body));
    else if (body) eventId = validateUuidField(body.event_id, ['body', 'event_id'], issues);
    if (issues.length > 0 || eventId === null) throw validationError(issues, request.body ?? null);
    return insight.explain(requestContext(request), automationIdParam(request.params), eventId);
  });
}

function firingsLimit(input: unknown): number {
  if (input === undefined || input === '') return DEFAULT_FIRINGS_LIMIT;
  const issues: ValidationIssue[] = [];
  const n = laxInt(input, ['query', 'limit'], issues);
  if (n !== null && (n < 1 || n > MAX_FIRINGS_LIMIT)) {
    issues.push(
      issue(
        ['query', 'limit'],
        n < 1 ? 'greater_than_equal' : 'less_than_equal',
        `Input should be between 1 and ${MAX_FIRINGS_LIMIT}`,
        input,
      ),
    );
  }
  if (issues.length > 0 || n === null) throw validationError(issues, null);
  return n;
}
