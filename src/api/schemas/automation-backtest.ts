// Route schema of POST /automations/backtest (Herald; docs/automations.md "Backtest"): the request
// (an AutomationCreate and a range) and the replay's answer. The answer built by
// src/automations/backtest-report.ts is checked against the published shape at compile time below.

import { Type, type Static } from '@sinclair/typebox';
import type { BacktestResult } from '../../automations/backtest.js';
import { ACTION_TYPES } from '../../automations/parse-actions.js';
import { DateTimeInput } from '../../events/index.js';
import type { Assert, Fits } from '../../events/schema-types.js';
import * as S from './automation-shapes.js';
import { described, errorResponses, HeraldErrorBody, validation } from './errors.js';

const Closed = { additionalProperties: false } as const;
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description && { description }) });
const Optional = (description: string) => Type.Optional(Type.Union([DateTimeInput(description), Type.Null()]));

export const BacktestRequest = Type.Object(
  {
    automation: S.AutomationCreate,
    since: Optional('Start of the range (inclusive); default `until` − 24 h.'),
    until: Optional('End of the range (inclusive); default now.'),
  },
  { title: 'BacktestRequest', ...Closed },
);

const EventRef = {
  id: Type.String({ format: 'uuid' }),
  event: Type.String(),
  occurred: Time(),
};

const BacktestFiring = Type.Object(
  {
    occurred: Time('When it fired, in event time: the event’s `occurred`, or a Proactive window’s end.'),
    trigger_id: Type.String({ description: 'The firing trigger (ids are assigned afresh for the backtest, as on create).' }),
    key: Type.String({ description: 'JSON of the firing’s `for_each` labels; "" without `for_each`.' }),
    state: Type.Union([Type.Literal('Triggered'), Type.Literal('Resolved')]),
    triggering_event: Type.Union([Type.Object({ ...EventRef, resource_id: Type.String() }, Closed), Type.Null()], {
      description: 'null for an absence (Proactive) firing without a last event.',
    }),
    events: Type.Array(Type.Object(EventRef, Closed), {
      description: 'The triggering events of the firing and of the child firings it consumed, oldest first.',
    }),
    actions: Type.Array(
      Type.Object(
        {
          type: Type.Union(ACTION_TYPES.map((t) => Type.Literal(t))),
          summary: Type.String({ description: 'One line; templates shown as written, not rendered.' }),
        },
        Closed,
      ),
      { description: 'What the runtime would run: `actions`, then `actions_on_trigger` (none for a loop-stopped firing).' },
    ),
    firing: Type.Object({}, { additionalProperties: true, description: 'The Firing, as GET /automations/{id}/firings shows it.' }),
  },
  { title: 'BacktestFiring', ...Closed },
);

export const BacktestResultSchema = Type.Object(
  {
    since: Time(),
    until: Time(),
    events_replayed: Type.Integer({ minimum: 0, description: 'Events of the range the triggers could look at, fed to the engine.' }),
    firings: Type.Array(BacktestFiring, { description: 'Oldest first.' }),
    truncated: Type.Boolean({ description: 'More firings than returned: the replay stopped after the first 1,000.' }),
  },
  { title: 'BacktestResult', ...Closed },
);

/** Compile-time: what the backtest builds fits the published shape (`firing` is open). */
export type BacktestResultFits = Assert<Fits<BacktestResult, Static<typeof BacktestResultSchema>>>;

export const backtestAutomation = {
  summary: 'Replay stored events through the trigger engine for an automation that is not saved: what would it have fired?',
  description:
    'Nothing is saved, emitted or delivered. Ranges holding more events than HERALD_BACKTEST_MAX_EVENTS (the triggers could look at) are refused with 422 HERALD_ERR_BACKTEST_TOO_LARGE.',
  tags: ['automations'],
  body: BacktestRequest,
  response: {
    ...errorResponses({ body: true, query: true }),
    200: BacktestResultSchema,
    422: Type.Union(
      [
        validation(
          'Prefect’s validation body: the automation’s issues as on create, under `body.automation`, or `body.since`/`body.until`.',
        ),
        described(HeraldErrorBody, 'HERALD_ERR_BACKTEST_TOO_LARGE: the range holds more events than HERALD_BACKTEST_MAX_EVENTS.'),
      ],
      { description: 'Invalid request, or a range too large to replay.' },
    ),
  },
};
