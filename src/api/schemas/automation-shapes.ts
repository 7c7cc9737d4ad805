// Wire shapes of the automations API as TypeBox / JSON Schema (docs/server.md "API schemas"): the
// OpenAPI document and the tests' response contract come from them. Bodies are validated by
// src/automations/parse-*.ts (Prefect's 422 issues); the request shapes here describe what those
// parsers accept. Triggers and actions stay open: their fields depend on their type.

import { Type } from '@sinclair/typebox';
import { ACTION_TYPES } from '../../automations/parse-actions.js';
import { AUTOMATION_SORTS, MAX_AUTOMATIONS_LIMIT } from '../../automations/filter.js';
import { DateTimeInput, schemas, UuidInput } from '../../events/index.js';

const Open = { additionalProperties: true } as const;
const Seconds = (description: string) => Type.Number({ minimum: 0, description });

const TriggerType = Type.Union([Type.Literal('event'), Type.Literal('compound'), Type.Literal('sequence')], { default: 'event' });

const triggerProperties = {
  match: Type.Optional(schemas.ResourceSpecification),
  match_related: Type.Optional(Type.Union([schemas.ResourceSpecification, Type.Array(schemas.ResourceSpecification)])),
  after: Type.Optional(Type.Array(Type.String(), { description: 'A set: duplicates collapse.' })),
  expect: Type.Optional(Type.Array(Type.String(), { description: 'A set: duplicates collapse.' })),
  for_each: Type.Optional(Type.Array(Type.String(), { description: 'A set: duplicates collapse.' })),
  posture: Type.Optional(
    Type.Union([Type.Literal('Reactive'), Type.Literal('Proactive')], { description: 'Required for event triggers.' }),
  ),
  threshold: Type.Optional(Type.Integer({ default: 1 })),
  within: Type.Optional(
    Type.Union([Seconds('Window in seconds (event: ≥ 0, Proactive ≥ 10, 0 → 10; composite: null = no limit).'), Type.Null()]),
  ),
  triggers: Type.Optional(Type.Array(Type.Object({}, { ...Open, description: 'A nested trigger.' }), { minItems: 1 })),
  require: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('all'), Type.Integer({ minimum: 1 })])),
};

/** A trigger as stored and returned: `type` and the `id` the server assigned are always there. */
export const Trigger = Type.Object(
  {
    type: TriggerType,
    id: Type.String({ format: 'uuid', description: 'Assigned by the server on create and PUT.' }),
    ...triggerProperties,
  },
  { ...Open, title: 'Trigger', description: 'An event, compound or sequence trigger (metric triggers are not supported).' },
);

/** A trigger as sent: `type` defaults to `event`, and any `id` is ignored. */
export const TriggerInput = Type.Object(
  {
    type: Type.Optional(TriggerType),
    id: Type.Optional(Type.Unknown({ description: 'Ignored: the server assigns fresh ids on create and PUT.' })),
    ...triggerProperties,
  },
  { ...Open, title: 'TriggerInput', description: 'An event, compound or sequence trigger (metric triggers are not supported).' },
);

export const Action = Type.Object(
  { type: Type.Union(ACTION_TYPES.map((t) => Type.Literal(t))) },
  {
    ...Open,
    title: 'Action',
    description: 'An action; its fields depend on `type` (docs/prefect-compatibility.md#s5-2). Unknown fields are kept as given.',
  },
);

const coreProperties = {
  name: Type.String(),
  description: Type.String({ default: '' }),
  enabled: Type.Boolean({ default: true }),
  tags: Type.Array(Type.String(), { default: [] }),
  trigger: Trigger,
  actions: Type.Array(Action),
  actions_on_trigger: Type.Array(Action, { default: [] }),
  actions_on_resolve: Type.Array(Action, { default: [] }),
};

export const Automation = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    created: Type.String({ format: 'date-time' }),
    updated: Type.String({ format: 'date-time' }),
    ...coreProperties,
  },
  { title: 'Automation', additionalProperties: false, description: '`owner_resource` is accepted on create but never returned.' },
);

/** What a client sends on create and PUT: the optional fields keep their defaults (or stored values). */
const inputProperties = {
  ...coreProperties,
  trigger: TriggerInput,
  description: Type.Optional(coreProperties.description),
  enabled: Type.Optional(coreProperties.enabled),
  tags: Type.Optional(coreProperties.tags),
  actions_on_trigger: Type.Optional(coreProperties.actions_on_trigger),
  actions_on_resolve: Type.Optional(coreProperties.actions_on_resolve),
};

export const AutomationCreate = Type.Object(
  {
    ...inputProperties,
    owner_resource: Type.Optional(Type.Union([Type.String({ description: 'e.g. prefect.deployment.<id>; not returned.' }), Type.Null()])),
  },
  { title: 'AutomationCreate', additionalProperties: false },
);

export const AutomationUpdate = Type.Object(inputProperties, {
  title: 'AutomationUpdate',
  additionalProperties: false,
  description: 'Optional fields left out keep their stored value.',
});

export const AutomationPartialUpdate = Type.Object(
  { enabled: Type.Optional(Type.Boolean({ default: true })) },
  { title: 'AutomationPartialUpdate', additionalProperties: false },
);

const Operator = Type.Union([Type.Literal('and_'), Type.Literal('or_')], { default: 'and_' });

export const AutomationFilterRequest = Type.Object(
  {
    sort: Type.Optional(
      Type.Union(
        AUTOMATION_SORTS.map((s) => Type.Literal(s)),
        { default: 'NAME_ASC' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AUTOMATIONS_LIMIT, default: MAX_AUTOMATIONS_LIMIT })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    automations: Type.Optional(
      Type.Union([
        Type.Object(
          {
            operator: Type.Optional(Operator),
            name: Type.Optional(Type.Object({ any_: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false })),
            created: Type.Optional(
              Type.Object({ before_: Type.Optional(DateTimeInput('Created before this instant.')) }, { additionalProperties: false }),
            ),
            tags: Type.Optional(
              Type.Object(
                {
                  operator: Type.Optional(Operator),
                  all_: Type.Optional(Type.Array(Type.String())),
                  any_: Type.Optional(Type.Array(Type.String())),
                  is_null_: Type.Optional(Type.Boolean()),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { title: 'AutomationFilter', additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
  },
  { ...Open, title: 'AutomationFilterRequest' },
);

export const IdParams = Type.Object({ id: UuidInput('The automation’s id.') });
export const ResourceParams = Type.Object({ resource_id: Type.String({ description: 'A resource id (cannot contain `/`).' }) });
