// Hostile inputs for the API fuzz test (test/api/fuzz.test.ts): valid seed bodies per route, values
// an attacker would try, and mutations that break a valid body in one place — deep enough to get
// past the first check, which is where 500s hide.

import fc from 'fast-check';

/** Strings that have broken servers: encodings, sizes, injections, templates, path tricks. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\uD800', // lone high surrogate
  'a\uDC00b', // lone low surrogate
  '\u202Eevil',
  '💥'.repeat(1000),
  'x'.repeat(200_000),
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '*',
  '[!a-z]*',
  '[',
  '\\',
  '{{ 7 * 7 }}',
  '{{ "".__class__.__mro__ }}',
  '{% for i in range(99999999) %}{{ i }}{% endfor %}',
  '{{ x',
  '__proto__',
  'constructor',
  'prefect.resource.id',
  'NaN',
  '1e308',
  '-1',
  '2026-13-45T99:99:99Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  'P99999999Y',
  'http://127.0.0.1:1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
];

/** Numbers at the edges of every check: zero, negatives, huge, fractional, unsafe integers. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -1,
  -0.5,
  0.5,
  1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  1e-308,
  86_400,
  1_000_001,
];

const ID = '0198c4b2-0000-7000-8000-000000000001';

export function validEvent(n = 0): Record<string, unknown> {
  return {
    id: `0198c4b2-0000-7000-8000-${String(100000000000 + n).slice(-12)}`,
    occurred: '2026-01-01T00:00:00.000000Z',
    event: 'fuzz.thing.happened',
    resource: { 'prefect.resource.id': 'fuzz.resource.1', 'prefect.resource.name': 'one', env: 'prod' },
    related: [{ 'prefect.resource.id': 'fuzz.flow.1', 'prefect.resource.role': 'flow' }],
    payload: { n },
  };
}

/** Raw bodies that are not a JSON value at all, or one too deep to handle recursively. */
export const HOSTILE_RAW_BODIES: readonly string[] = [
  '',
  '{',
  '{"a":',
  '[1,2,',
  'null',
  'true',
  '"just a string"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '['.repeat(20_000) + ']'.repeat(20_000),
  '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
  '\uFEFF{}',
  '{"a":1,"a":2}',
  // Deeper than any recursive code can go, inside otherwise valid requests.
  `[${JSON.stringify({ ...validEvent(9), payload: null }).replace('null', '['.repeat(10_000) + ']'.repeat(10_000))}]`,
  `{"filter":{"event":{"prefix":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`,
  // Lists far longer than a query can hold.
  JSON.stringify({ filter: { event: { prefix: Array.from({ length: 100_000 }, (_, i) => `p${i}.`) } } }),
  JSON.stringify({ filter: { resource: { labels: { env: Array.from({ length: 10_000 }, (_, i) => `v${i}*`) } } } }),
];

const FILTER = {
  occurred: { since: '2025-12-01T00:00:00Z', until: '2026-02-01T00:00:00Z' },
  event: { prefix: ['fuzz.'], exclude_name: ['x'] },
  resource: { id_prefix: ['fuzz.'], labels: { env: ['prod', '!dev'] }, distinct: false },
  related: { role: ['flow'], labels: { 'prefect.resource.id': ['fuzz.*'] } },
  any_resource: { id: ['fuzz.resource.1'] },
  text: { query: 'happened -nothing "quoted phrase"' },
  order: 'DESC',
};

const AUTOMATION = {
  name: 'fuzz',
  description: 'fuzzed',
  enabled: true,
  trigger: {
    type: 'compound',
    require: 'all',
    within: 60,
    triggers: [
      {
        type: 'event',
        match: { 'prefect.resource.id': 'fuzz.*' },
        expect: ['fuzz.thing.happened'],
        for_each: ['prefect.resource.id'],
        posture: 'Reactive',
        threshold: 2,
        within: 30,
      },
      { type: 'event', expect: ['fuzz.thing.done'], posture: 'Proactive', threshold: 1, within: 60 },
    ],
  },
  actions: [
    { type: 'do-nothing' },
    { type: 'send-notification', block_document_id: ID, subject: 'Hi {{ event.event }}', body: '{{ event.payload }}' },
    { type: 'pause-automation', source: 'inferred' },
  ],
  actions_on_trigger: [],
  actions_on_resolve: [],
};

const DESTINATION = {
  name: 'fuzz',
  type: 'webhook',
  config: { url: 'https://example.invalid/hook', method: 'POST', headers: { 'x-a': 'b' } },
};

/**
 * A valid body for each route that takes one (keyed `METHOD path-template`): the starting point of
 * mutations. Routes not listed get generated and hostile bodies only.
 */
const WEBHOOK = {
  name: 'fuzz hook',
  description: 'made by the fuzz test',
  template:
    '{"event": "fuzz.{{ body.kind }}", "resource": {"prefect.resource.id": "fuzz.{{ headers.host }}"}, "payload": {{ body | tojson }}}',
  signature: { preset: 'hmac', header: 'x-signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', secret: 'fuzz-secret' },
  dedup_key: "{{ headers['x-delivery'] }}",
  rate_limit: { per_second: 10, burst: 20 },
  emit_received: false,
};

const WEBHOOK_TRY = {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-delivery': 'd-1' },
  body: { kind: 'ping', n: 1 },
  query: 'a=1',
  template: WEBHOOK.template,
};

export const SEED_BODIES: Record<string, unknown> = {
  'POST /api/events': [validEvent(1), validEvent(2)],
  'POST /api/events/filter': { filter: FILTER, limit: 10 },
  'POST /api/events/count-by/{countable}': { filter: FILTER, time_unit: 'hour', time_interval: 1 },
  'POST /api/automations/': AUTOMATION,
  'POST /api/automations/filter': { sort: 'CREATED_DESC', limit: 5, offset: 0, automations: { name: { any_: ['fuzz'] } } },
  'POST /api/automations/count': { automations: { created: { before_: '2030-01-01T00:00:00Z' } } },
  'PUT /api/automations/{id}': AUTOMATION,
  'PATCH /api/automations/{id}': { enabled: false },
  'POST /api/automations/{id}/explain': { events: [validEvent(3)] },
  'POST /api/automations/backtest': { automation: AUTOMATION, since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z' },
  'POST /api/destinations': DESTINATION,
  'PUT /api/destinations/{id}': DESTINATION,
  'POST /api/webhooks': WEBHOOK,
  'PUT /api/webhooks/{id}': WEBHOOK,
  'PATCH /api/webhooks/{id}': { enabled: false, rate_limit: { per_second: 5, burst: 10 } },
  'POST /api/webhooks/filter': { webhooks: { name: { any_: ['fuzz'] } }, limit: 5, offset: 0 },
  'POST /api/webhooks/{id}/rotate-secret': { secret: 'fuzz-secret-value', overlap_seconds: 60 },
  'POST /api/webhooks/{id}/test': WEBHOOK_TRY,
  'POST /api/webhooks/test': WEBHOOK_TRY,
};

/** Any JSON value, hostile leaves included. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 24))), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** `seed` with one place broken: a value replaced, a key removed or added, a list blown up. */
export function mutated(seed: unknown): fc.Arbitrary<unknown> {
  const paths = allPaths(seed);
  return fc.tuple(fc.constantFrom(...paths), fc.nat({ max: 5 }), anyJson, fc.string({ maxLength: 16 })).map(([path, how, value, key]) => {
    const copy = structuredClone(seed) as unknown;
    return applyAt(copy, path, (target) => {
      switch (how) {
        case 0:
          return value; // replace
        case 1:
          return undefined; // remove
        case 2:
          return isRecord(target) ? { ...target, [key || 'unknown_key']: value } : [target, value]; // add
        case 3:
          return Array.isArray(target)
            ? Array.from({ length: 12_000 }, () => target[0] ?? value)
            : Array.from({ length: 12_000 }, () => target); // blow up
        case 4:
          return nest(target, 2_000); // deepen (JSON.stringify recurses: deeper ones are raw bodies)
        default:
          return typeof target === 'string' ? target + HOSTILE_STRINGS[key.length % HOSTILE_STRINGS.length] : String(target); // retype / append
      }
    });
  });
}

function nest(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

type Path = (string | number)[];

function allPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

function applyAt(root: unknown, path: Path, change: (target: unknown) => unknown): unknown {
  if (path.length === 0) return change(root);
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const next = change(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = next;
  return root;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
