// The request side of "one source of truth per wire shape" (docs/server.md "API schemas"): requests
// are validated by hand-written parsers (they own Prefect's 422 texts) while the OpenAPI document
// shows the routes' TypeBox request schemas (src/api/schema-policy.ts). For each parsed body, this
// generates varied bodies in the published JSON types — every string form of datetimes and UUIDs
// the parsers take, optional keys left out or null, unknown keys — and checks that every body the
// parser ACCEPTS validates against the schema the route publishes, so the docs can never refuse
// what the server takes. (Pydantic's scalar coercions, "5" for 5, are accepted but not published.)
// Bounded runs from the recorded seed (test/helpers/property.ts).
import { randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDestinationCreate } from '../../src/actions/destinations.js';
import { parseCountByRequest, parseFilterRequest } from '../../src/api/query-body.js';
import * as automationRoutes from '../../src/api/schemas/automations.js';
import * as destinationRoutes from '../../src/api/schemas/destinations.js';
import * as eventRoutes from '../../src/api/schemas/events.js';
import { parseAutomationQuery } from '../../src/automations/filter.js';
import { parseAutomationCreate, parseAutomationPartialUpdate, parseAutomationUpdate } from '../../src/automations/parse-automation.js';
import { DEFAULT_EVENT_LIMITS, validateEventBatch } from '../../src/events/validate.js';
import { propertyRuns } from '../helpers/property.js';

const ajv = new Ajv({ strict: false, allErrors: true });
(formatsModule as unknown as FormatsPlugin)(ajv);
const NOW = '2026-06-01T12:00:00.000000Z';
const RUNS = 150;

/**
 * Every generated body the parser accepts validates against `schema`; and enough of them are
 * accepted for that to mean something.
 */
function acceptedBodiesValidate<T>(arb: fc.Arbitrary<T>, accepts: (body: T) => boolean, schema: object): void {
  const validate: ValidateFunction = ajv.compile(schema);
  let accepted = 0;
  fc.assert(
    fc.property(arb, (body) => {
      if (!accepts(body)) return;
      accepted++;
      const ok = validate(body);
      expect(ok, `accepted by the parser but refused by the published schema: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }),
    propertyRuns(RUNS),
  );
  expect(accepted).toBeGreaterThan(RUNS / 3);
}

/** Extra top-level keys (ignored by parsers that ignore them, refused by the others). */
const withExtras = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc
    .tuple(
      arb,
      fc.option(fc.dictionary(fc.constantFrom('x_extra', 'received', 'note'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }), {
        nil: undefined,
      }),
    )
    .map(([body, extra]) => ({ ...extra, ...body }));

/** A datetime in one of the string forms the parsers accept (time.ts). */
const dateTimeArb = fc
  .tuple(
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom('Z', 'z', '+02:00', '-0530', '', '+00:00'),
    fc.constantFrom('T', ' ', 't'),
    fc.integer({ min: 0, max: 9 }),
    fc.boolean(),
  )
  .map(([d, offset, sep, digits, dateOnly]) => {
    const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
    if (dateOnly) return iso.slice(0, 10);
    const fraction = digits === 0 ? '' : `.${`${iso.slice(20, 23)}123456`.slice(0, digits)}`;
    return `${iso.slice(0, 10)}${sep}${iso.slice(11, 19)}${fraction}${offset}`;
  });

/** A UUID in one of the forms parseUuid accepts. */
const uuidArb = fc.tuple(fc.uuid(), fc.constantFrom('plain', 'upper', 'simple', 'braced', 'urn')).map(([u, form]) => {
  switch (form) {
    case 'upper':
      return u.toUpperCase();
    case 'simple':
      return u.replace(/-/g, '');
    case 'braced':
      return `{${u}}`;
    case 'urn':
      return `urn:uuid:${u}`;
    default:
      return u;
  }
});

const text = (maxLength = 12) => fc.string({ maxLength }).filter((s) => !s.includes('\u0000'));
const nonEmpty = text().filter((s) => s.length > 0);
const labels = fc.dictionary(fc.constantFrom('a', 'b', 'prefect.resource.name', 'x.y'), text(), { maxKeys: 3 });

// ---- events ----

const resourceArb = fc.tuple(labels, nonEmpty).map(([l, id]) => ({ ...l, 'prefect.resource.id': id }));
const relatedArb = fc.tuple(resourceArb, nonEmpty).map(([r, role]) => ({ ...r, 'prefect.resource.role': role }));

const eventArb = withExtras(
  fc.record(
    {
      occurred: dateTimeArb,
      event: nonEmpty,
      resource: resourceArb,
      related: fc.array(relatedArb, { maxLength: 3 }),
      payload: fc.dictionary(text(6), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      id: uuidArb,
      follows: fc.option(uuidArb, { nil: null }),
    },
    { requiredKeys: ['occurred', 'event', 'resource', 'id'] },
  ),
);

// ---- event filters ----

const stringList = fc.option(fc.array(text(), { maxLength: 3 }), { nil: null });
const spec = fc.option(
  fc.dictionary(fc.constantFrom('prefect.resource.id', 'a', 'b'), fc.oneof(text(), fc.array(text(), { maxLength: 2 })), { maxKeys: 2 }),
  {
    nil: null,
  },
);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const optional = { requiredKeys: [] as never[] };

const relatedFilter = fc.record(
  { id: stringList, role: stringList, resources_in_roles: nullable(fc.array(fc.tuple(text(), text()), { maxLength: 2 })), labels: spec },
  optional,
);
const anyResourceFilter = fc.record({ id: stringList, id_prefix: stringList, labels: spec }, optional);

const eventFilterArb = fc.record(
  {
    occurred: nullable(fc.record({ since: nullable(dateTimeArb), until: nullable(dateTimeArb) }, optional)),
    event: nullable(fc.record({ prefix: stringList, exclude_prefix: stringList, name: stringList, exclude_name: stringList }, optional)),
    resource: nullable(fc.record({ id: stringList, id_prefix: stringList, labels: spec, distinct: fc.boolean() }, optional)),
    related: nullable(fc.oneof(relatedFilter, fc.array(relatedFilter, { maxLength: 2 }))),
    any_resource: nullable(fc.oneof(anyResourceFilter, fc.array(anyResourceFilter, { maxLength: 2 }))),
    id: nullable(fc.record({ id: nullable(fc.array(uuidArb, { maxLength: 3 })) }, optional)),
    text: nullable(fc.record({ query: text(40) })),
    order: fc.constantFrom('ASC', 'DESC'),
  },
  optional,
);

describe('bodies the parsers accept validate against the published request schema', () => {
  it('POST /events (validateEventBatch)', () => {
    acceptedBodiesValidate(
      fc.array(eventArb, { maxLength: 3 }),
      (body) => validateEventBatch(body, DEFAULT_EVENT_LIMITS).ok,
      eventRoutes.ingestEvents.body,
    );
  });

  it('POST /events/filter (parseFilterRequest)', () => {
    const arb = withExtras(fc.record({ filter: nullable(eventFilterArb), limit: fc.integer({ min: 0, max: 60 }) }, optional));
    acceptedBodiesValidate(arb, (body) => parseFilterRequest(body, NOW).ok, eventRoutes.filterEvents.body);
  });

  it('POST /events/count-by/{countable} (parseCountByRequest)', () => {
    const arb = fc.tuple(
      fc.constantFrom('day', 'time', 'event', 'resource'),
      withExtras(
        fc.record(
          {
            filter: eventFilterArb,
            time_unit: fc.constantFrom('week', 'day', 'hour', 'minute', 'second'),
            time_interval: fc.double({ min: 0.01, max: 1000, noNaN: true }),
          },
          { requiredKeys: ['filter'] },
        ),
      ),
    );
    const params = ajv.compile(eventRoutes.countEvents.params);
    acceptedBodiesValidate(arb, ([countable, body]) => parseCountByRequest(countable, body, NOW).ok && params({ countable }), {
      type: 'array',
      items: [{}, eventRoutes.countEvents.body],
    });
  });

  it('POST /automations/filter (parseAutomationQuery)', () => {
    const operator = fc.constantFrom('and_', 'or_');
    const arb = fc.record(
      {
        sort: fc.constantFrom('CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC', 'NAME_DESC'),
        limit: fc.integer({ min: 0, max: 200 }),
        offset: fc.integer({ min: 0, max: 1000 }),
        automations: nullable(
          fc.record(
            {
              operator,
              name: fc.record({ any_: fc.array(text(), { maxLength: 2 }) }, optional),
              created: fc.record({ before_: dateTimeArb }, optional),
              tags: fc.record(
                { operator, all_: fc.array(text(), { maxLength: 2 }), any_: fc.array(text(), { maxLength: 2 }), is_null_: fc.boolean() },
                optional,
              ),
            },
            optional,
          ),
        ),
      },
      optional,
    );
    acceptedBodiesValidate(arb, (body) => parseAutomationQuery(body).ok, automationRoutes.filterAutomations.body);
  });

  it('PATCH /automations/{id} (parseAutomationPartialUpdate)', () => {
    const arb = fc.record({ enabled: fc.boolean() }, optional);
    acceptedBodiesValidate(arb, (body) => parseAutomationPartialUpdate(body).ok, automationRoutes.patchAutomation.body);
  });

  it('POST /automations/ and PUT /automations/{id} (parseAutomationCreate, parseAutomationUpdate)', () => {
    const names = fc.array(fc.constantFrom('a.*', 'prefect.flow-run.Completed', 'x.y', '*'), { maxLength: 2 });
    const eventTrigger = fc.record(
      {
        type: fc.constant('event'),
        id: fc.oneof(uuidArb, text()),
        match: fc.dictionary(fc.constantFrom('prefect.resource.id', 'a'), fc.oneof(text(), fc.array(text(), { maxLength: 2 })), {
          maxKeys: 2,
        }),
        match_related: fc.oneof(
          fc.dictionary(fc.constantFrom('prefect.resource.role', 'a'), text(), { maxKeys: 2 }),
          fc.array(fc.dictionary(fc.constantFrom('prefect.resource.role'), text(), { maxKeys: 1 }), { maxLength: 2 }),
        ),
        after: names,
        expect: names,
        for_each: fc.array(fc.constantFrom('prefect.resource.id', 'a'), { maxLength: 2 }),
        posture: fc.constantFrom('Reactive', 'Proactive'),
        threshold: fc.integer({ min: 1, max: 5 }),
        within: fc.oneof(fc.constant(0), fc.double({ min: 10, max: 3600, noNaN: true })),
      },
      { requiredKeys: ['posture'] },
    );
    const trigger = fc.oneof(
      eventTrigger,
      fc.record({
        type: fc.constantFrom('compound', 'sequence'),
        triggers: fc.array(eventTrigger, { minLength: 1, maxLength: 2 }),
        within: nullable(fc.integer({ min: 10, max: 3600 })),
      }),
    );
    const action = fc.oneof(fc.constant({ type: 'do-nothing' }), fc.constant({ type: 'pause-automation', source: 'inferred' }));
    const arb = fc.record(
      {
        name: nonEmpty,
        description: text(),
        enabled: fc.boolean(),
        tags: fc.array(text(), { maxLength: 2 }),
        trigger,
        actions: fc.array(action, { minLength: 1, maxLength: 2 }),
        actions_on_trigger: fc.array(action, { maxLength: 1 }),
        actions_on_resolve: fc.array(action, { maxLength: 1 }),
        owner_resource: nullable(text()),
      },
      { requiredKeys: ['name', 'trigger', 'actions'] },
    );
    acceptedBodiesValidate(arb, (body) => parseAutomationCreate(body, { newId: randomUUID }).ok, automationRoutes.createAutomation.body);
    // PUT takes the same fields but `owner_resource`.
    const update = arb.map(({ owner_resource: _, ...rest }) => rest);
    acceptedBodiesValidate(
      update,
      (body) => parseAutomationUpdate(body, { newId: randomUUID }).ok,
      automationRoutes.replaceAutomation.body,
    );
  });

  it('POST /destinations (parseDestinationCreate)', () => {
    const arb = fc.oneof(
      fc.record(
        {
          name: nonEmpty,
          type: fc.constant('webhook'),
          config: fc.record(
            { url: fc.constantFrom('https://example.com/hook', 'http://10.0.0.1:8080/x'), method: fc.constantFrom('POST', 'PUT') },
            {
              requiredKeys: ['url'],
            },
          ),
          disabled: fc.boolean(),
        },
        { requiredKeys: ['name', 'type', 'config'] },
      ),
      fc.record(
        {
          name: nonEmpty,
          type: fc.constantFrom('slack', 'teams'),
          secrets: fc.record({ url: fc.constant('https://hooks.example.com/abc') }),
        },
        { requiredKeys: ['name', 'type', 'secrets'] },
      ),
    );
    const ctx = { id: randomUUID(), workspaceId: randomUUID(), now: NOW };
    acceptedBodiesValidate(arb, (body) => parseDestinationCreate(body, ctx).ok, destinationRoutes.createDestination.body);
  });
});
