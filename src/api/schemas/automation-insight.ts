// Route schemas of Herald's automation insight endpoints ([compat D10.33]): the engine's state, recent
// firings with their delivery outcomes, and explain. The views of src/automations/engine-control.ts
// are checked against these response schemas at compile time below.

import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AutomationStateView, ExplainView, TriggerExplanation } from '../../automations/engine-control.js';
import { UuidInput } from '../../events/index.js';
import type { Assert, Fits, Same } from '../../events/schema-types.js';
import type { FiringView as FiringViewBuilt } from '../../services/automation-insight.js';
import * as S from './automation-shapes.js';
import { described, errorResponses, HeraldErrorBody, ObjectNotFoundBody, validation } from './errors.js';

export const DEFAULT_FIRINGS_LIMIT = 50;
export const MAX_FIRINGS_LIMIT = 500;

const TAGS = ['automations'];
const Closed = { additionalProperties: false } as const;
const Time = () => Type.String({ format: 'date-time' });
const Labels = Type.Record(Type.String(), Type.String());
const TriggerType = Type.Union([Type.Literal('event'), Type.Literal('compound'), Type.Literal('sequence')]);

const WindowView = Type.Object(
  {
    key: Labels,
    start: Time(),
    end: Time(),
    count: Type.Integer(),
    threshold: Type.Integer(),
    next_deadline: Type.Union([Time(), Type.Null()], { description: 'When the engine next looks without an event (Proactive).' }),
    last_event_id: Type.Union([Type.String(), Type.Null()]),
  },
  Closed,
);

const ChildFiringView = Type.Object({ child_trigger_id: Type.String(), key: Labels, fired_at: Time(), firing_id: Type.String() }, Closed);

export const AutomationStateViewSchema = Type.Object(
  {
    automation_id: Type.String({ format: 'uuid' }),
    enabled: Type.Boolean(),
    events_clock: Type.Union([Time(), Type.Null()], { description: 'Event time the engine has reached; null before its first event.' }),
    triggers: Type.Array(
      Type.Object(
        {
          trigger_id: Type.String(),
          type: TriggerType,
          posture: Type.Optional(Type.Union([Type.Literal('Reactive'), Type.Literal('Proactive')])),
          windows: Type.Array(WindowView),
          child_firings: Type.Array(ChildFiringView),
        },
        Closed,
      ),
    ),
  },
  { title: 'AutomationState', ...Closed },
);

const explanationProperties = {
  trigger_id: Type.String(),
  type: TriggerType,
  matched: Type.Boolean({ description: 'The event would open a window (`after`) or count (`expect`).' }),
  role: Type.Optional(Type.String({ description: '`after`, `expect` or `after+expect` when matched.' })),
  reasons: Type.Array(Type.String(), { description: 'Why it did not match.' }),
  key: Type.Optional(Labels),
  window: Type.Optional(
    Type.Union([Type.Object({ start: Time(), end: Time(), count: Type.Integer(), contains_event: Type.Boolean() }, Closed), Type.Null()]),
  ),
};

/** A trigger's explanation; composites nest their children's (`Type.Recursive` for the tree). */
export const TriggerExplanationSchema = Type.Recursive(
  (This) => Type.Object({ ...explanationProperties, children: Type.Optional(Type.Array(This)) }, { ...Closed }),
  { $id: 'TriggerExplanation', title: 'TriggerExplanation' },
);

export const ExplainViewSchema = Type.Object(
  {
    automation_id: Type.String({ format: 'uuid' }),
    event_id: Type.String({ format: 'uuid' }),
    matched: Type.Boolean(),
    triggers: Type.Array(TriggerExplanationSchema),
  },
  { title: 'Explanation', ...Closed },
);

const delivery = {
  id: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer({ minimum: 0 }),
  last_error: Type.Union([Type.String(), Type.Null()]),
  next_attempt_at: Time(),
  updated: Time(),
};

export const FiringView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    automation_id: Type.String({ format: 'uuid' }),
    outcome: Type.Union([Type.Literal('acted'), Type.Literal('loop-stopped')], {
      description: '`loop-stopped`: the causation-depth limit stopped it; no action was queued.',
    }),
    recorded: Time(),
    expanded: Type.Boolean({
      description: 'False for a moment after the firing: its actions are queued and their rows (below) not written yet.',
    }),
    firing: Type.Object({}, { additionalProperties: true, description: 'The Firing (docs/prefect-compatibility.md#s4-1).' }),
    actions: Type.Array(
      Type.Object(
        {
          ...delivery,
          action_index: Type.Union([Type.Integer(), Type.Null()]),
          type: Type.Union([Type.String(), Type.Null()]),
          result: Type.Unknown(),
        },
        Closed,
      ),
    ),
    events: Type.Array(
      Type.Object(
        { ...delivery, event: Type.Union([Type.String(), Type.Null()]), event_id: Type.Union([Type.String(), Type.Null()]) },
        Closed,
      ),
      { description: 'Events the firing emits (prefect.automation.triggered, …) and their delivery.' },
    ),
  },
  { title: 'FiringView', ...Closed },
);
export type FiringView = Static<typeof FiringView>;
/** Compile-time: the view the insight service builds fits the published shape (`firing` is open). */
export type FiringViewFits = Assert<Fits<FiringViewBuilt, FiringView>>;

/** Compile-time: the engine's views are exactly the published response shapes. */
export type InsightViewsMatch = [
  Assert<Same<Static<typeof AutomationStateViewSchema>, AutomationStateView>>,
  Assert<Same<Static<typeof TriggerExplanationSchema>, TriggerExplanation>>,
  Assert<Same<Static<typeof ExplainViewSchema>, ExplainView>>,
];

const notFound = described(ObjectNotFoundBody, 'Prefect’s ObjectNotFound: {"exception_message": "Automation not found"} (+ `code`).');
const withNotFound = <T extends TSchema>(ok: T) => ({ ...errorResponses(), 200: ok, 404: notFound, 422: validation() });

export const automationState = {
  summary: 'The trigger engine’s state for an automation: open windows per key, held composite child firings.',
  tags: TAGS,
  params: S.IdParams,
  response: withNotFound(AutomationStateViewSchema),
};

export const automationFirings = {
  summary: 'Recent firings of an automation (newest first) with the outcome of each action.',
  tags: TAGS,
  params: S.IdParams,
  querystring: Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FIRINGS_LIMIT, default: DEFAULT_FIRINGS_LIMIT })),
  }),
  response: withNotFound(Type.Array(FiringView)),
};

export const explainAutomation = {
  summary: 'How each trigger of the automation treats a stored event: matched or not, and why.',
  tags: TAGS,
  params: S.IdParams,
  body: Type.Object({ event_id: UuidInput('A stored event’s id.') }, { additionalProperties: false }),
  response: {
    ...errorResponses({ body: true, query: true }),
    200: ExplainViewSchema,
    404: Type.Union([notFound, described(HeraldErrorBody, 'HERALD_ERR_NOT_FOUND: no stored event has that id.')], {
      description: 'The automation (Prefect’s body) or the event (Herald’s body) does not exist.',
    }),
    422: validation(),
  },
};
