// Herald's answers to "why did (or didn't) my automation fire?" ([compat D10.33]: Prefect has no history API):
//   GET  /automations/{id}/state            the trigger engine's open windows and held child firings
//   GET  /automations/{id}/firings?limit=N  recent firings, each with its actions' delivery outcomes
//   POST /automations/{id}/explain          {"event_id"}: how each trigger would treat that event

import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AutomationStateView } from '../../automations/engine-control.js';
import type { Automation, TriggeredAction } from '../../automations/model.js';
import { HeraldError } from '../../errors.js';
import { issue, MAX_TIMESTAMP, MIN_TIMESTAMP, validateUuidField, type ValidationIssue } from '../../events/index.js';
import type { Event } from '../../events/types.js';
import type { FiringRecord, OutboxRow } from '../../storage/automation-store.js';
import { DEFAULT_WORKSPACE_ID } from '../../storage/storage.js';
import { laxInt, strictObject } from '../../automations/parse-fields.js';
import type { ServerDeps } from '../deps.js';
import { validationError } from '../error-handler.js';
import { automationIdParam, automationNotFound } from './automations.js';
import * as S from './automation-schemas.js';

export const DEFAULT_FIRINGS_LIMIT = 50;
export const MAX_FIRINGS_LIMIT = 500;

const TAGS = ['automations'];
const documentedOnly = {
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};

const Open = Type.Object({}, { additionalProperties: true });

const FiringView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  automation_id: Type.String({ format: 'uuid' }),
  outcome: Type.Union([Type.Literal('acted'), Type.Literal('loop-stopped')], {
    description: '`loop-stopped`: the causation-depth limit stopped it; no action was queued.',
  }),
  recorded: Type.String({ format: 'date-time' }),
  firing: Type.Object({}, { additionalProperties: true, description: 'The Firing (docs/prefect-compatibility.md#s4-1).' }),
  actions: Type.Array(
    Type.Object({
      id: Type.String(),
      action_index: Type.Union([Type.Integer(), Type.Null()]),
      type: Type.Union([Type.String(), Type.Null()]),
      status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
      attempts: Type.Integer(),
      last_error: Type.Union([Type.String(), Type.Null()]),
      result: Type.Unknown(),
      next_attempt_at: Type.String({ format: 'date-time' }),
      updated: Type.String({ format: 'date-time' }),
    }),
  ),
  events: Type.Array(Open, { description: 'Events the firing emits (prefect.automation.triggered, …) and their delivery.' }),
});

export async function automationInsightRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'automations' | 'engine' | 'storage'>,
): Promise<void> {
  const ws = DEFAULT_WORKSPACE_ID;

  /** The automation, or Prefect's 404 (thrown). */
  const load = async (params: unknown): Promise<Automation> => {
    const automation = await deps.automations.get(ws, automationIdParam(params));
    if (!automation) throw automationNotFound();
    return automation;
  };

  const engine = () => {
    // Read at request time: the engine is attached after the routes are registered.
    if (!deps.engine) throw new HeraldError('HERALD_ERR_ENGINE_UNAVAILABLE');
    return deps.engine;
  };

  app.get(
    '/automations/:id/state',
    {
      schema: {
        summary: 'The trigger engine’s state for an automation: open windows per key, held composite child firings.',
        tags: TAGS,
        params: S.IdParams,
        response: { 200: Open, 404: S.NotFound, 503: S.ErrorBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const automation = await load(request.params);
      const view = engine().state(ws, automation.id);
      // Not (yet) loaded by the engine — e.g. disabled, or saved an instant ago: it holds nothing.
      const empty: AutomationStateView = { automation_id: automation.id, enabled: automation.enabled, events_clock: null, triggers: [] };
      return view ?? empty;
    },
  );

  app.get(
    '/automations/:id/firings',
    {
      schema: {
        summary: 'Recent firings of an automation (newest first) with the outcome of each action.',
        tags: TAGS,
        params: S.IdParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FIRINGS_LIMIT, default: DEFAULT_FIRINGS_LIMIT })),
        }),
        response: { 200: Type.Array(FiringView), 404: S.NotFound, 422: S.ValidationBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const limit = firingsLimit((request.query as Record<string, unknown>).limit);
      const automation = await load(request.params);
      const firings = await deps.storage.automation.engine.listFirings(ws, automation.id, limit);
      const rows = firings.length > 0 ? await deps.storage.automation.outbox.byFirings(firings.map((f) => f.id)) : [];
      return firings.map((f) =>
        firingView(
          f,
          rows.filter((r) => r.firingId === f.id),
        ),
      );
    },
  );

  app.post(
    '/automations/:id/explain',
    {
      schema: {
        summary: 'How each trigger of the automation treats a stored event: matched or not, and why.',
        tags: TAGS,
        params: S.IdParams,
        body: Type.Object({ event_id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Open, 404: Type.Union([S.NotFound, S.ErrorBody]), 422: S.ValidationBody, 503: S.ErrorBody },
      },
      ...documentedOnly,
    },
    async (request) => {
      const issues: ValidationIssue[] = [];
      const body = strictObject(request.body ?? null, ['body'], 'ExplainRequest', ['event_id'], issues);
      let eventId: string | null = null;
      if (body && body.event_id === undefined) issues.push(issue(['body', 'event_id'], 'missing', 'Field required', body));
      else if (body) eventId = validateUuidField(body.event_id, ['body', 'event_id'], issues);
      if (issues.length > 0 || eventId === null) throw validationError(issues, request.body ?? null);

      const automation = await load(request.params);
      // Any time: the caller knows the id, not when the event occurred.
      const [event] = await deps.storage.events.queryEvents(ws, {
        filter: { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, id: { id: [eventId] }, order: 'DESC' },
        limit: 1,
      });
      if (!event) throw new HeraldError('HERALD_ERR_NOT_FOUND', { what: 'Event' });
      return engine().explain(ws, automation, event);
    },
  );
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

function firingView(record: FiringRecord, rows: OutboxRow[]) {
  const delivery = (r: OutboxRow) => ({
    id: r.id,
    status: r.status,
    attempts: r.attempts,
    last_error: r.lastError,
    next_attempt_at: r.nextAttemptAt,
    updated: r.updated,
  });
  const byIndex = (a: OutboxRow, b: OutboxRow) => (a.actionIndex ?? 0) - (b.actionIndex ?? 0);
  return {
    id: record.id,
    automation_id: record.automationId,
    outcome: record.outcome,
    recorded: record.recorded,
    firing: record.firing,
    actions: rows
      .filter((r) => r.kind === 'action')
      .sort(byIndex)
      .map((r) => ({
        ...delivery(r),
        action_index: r.actionIndex,
        type: (r.body as Partial<TriggeredAction> | null)?.action?.type ?? null,
        result: r.result ?? null,
      })),
    events: rows
      .filter((r) => r.kind === 'event')
      .map((r) => ({
        ...delivery(r),
        event: (r.body as Partial<Event> | null)?.event ?? null,
        event_id: (r.body as Partial<Event> | null)?.id ?? null,
      })),
  };
}
