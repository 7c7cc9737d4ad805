// Hostile requests to inbound webhooks: whatever the body, headers, method and query, every request
// is answered 204 (an event) or 400 (not one) — never 5xx, never a dropped connection — and every
// 400 left a prefect-cloud.webhook.failed event. Raw HTTP (node:http), so bodies on GET and invalid
// header bytes are sent as a hostile client would. Bounded runs from the recorded seed.

import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_RAW_BODIES, HOSTILE_STRINGS, anyJson } from '../api/fuzz/inputs.js';
import { PROPERTY_SEED } from '../helpers/property.js';
import { type Backend, jsonBody, startTestServer, type TestServer } from '../helpers/server.js';
import { hookApi } from './helpers.js';

const CASES = 120;
/** Templates a user might write, from the pass-through to one that reads everything. */
const TEMPLATES = [
  '{{ body | tojson }}',
  '{{ body | from_cloud_event(headers) }}',
  '{"event": "fuzz.{{ body.kind | default(method) }}", "resource": {"prefect.resource.id": "fuzz.{{ headers[\'x-id\'] }}"}, "payload": {"q": {{ query | tojson }}, "b": {{ body | tojson }}}}',
];
const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/cloudevents+json',
  'application/cloudevents-batch+json',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  '',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Case {
  hook: number;
  method: string;
  contentType: string;
  body: string;
  headers: [string, string][];
  query: string;
}

/** What HTTP can carry in a header value (Node refuses to send anything else). */
const sendable = (s: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s);
const headerValue = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 2000 && sendable(s))),
  fc.string({ maxLength: 40 }).filter(sendable),
  fc.constantFrom('1.0', '/src', 'com.acme.type', '2026-01-01T00:00:00Z', 'not-a-time'),
);
const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  hook: fc.nat({ max: TEMPLATES.length - 1 }),
  method: fc.constantFrom(...METHODS),
  contentType: fc.constantFrom(...CONTENT_TYPES),
  body: fc.oneof(
    fc.constantFrom(...HOSTILE_RAW_BODIES),
    anyJson.map((v) => JSON.stringify(v) ?? ''),
    fc.string({ maxLength: 200 }),
  ),
  headers: fc.array(
    fc.tuple(fc.constantFrom('x-id', 'ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-time', 'x-other'), headerValue),
    {
      maxLength: 5,
    },
  ),
  query: fc.constantFrom('', '?a=1', '?a=1&a=2', `?x=${encodeURIComponent('{{ 7*7 }}')}`, '?%zz', `?${'k=v&'.repeat(200)}`),
});

function send(t: TestServer, slug: string, c: Case): Promise<number | string> {
  const base = new URL(t.baseUrl);
  const body = Buffer.from(c.body);
  const headers: Record<string, string> = { 'content-length': String(body.length) };
  if (c.contentType) headers['content-type'] = c.contentType;
  for (const [name, value] of c.headers) headers[name] = value;
  return new Promise((resolve) => {
    const req = httpRequest(
      { agent: false, host: base.hostname, port: base.port, method: c.method, path: `/hooks/${slug}${c.query}`, headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', (err) => resolve(`response broken: ${err.message}`));
      },
    );
    req.on('error', (err) => resolve(`no answer: ${err.message}`));
    req.end(body);
  });
}

describe.each<Backend>(['sqlite', 'postgres'])(`inbound webhook fuzz on %s (seed ${PROPERTY_SEED})`, (backend) => {
  let t: TestServer;
  const api = hookApi(() => t);
  const hooks: { id: string; slug: string }[] = [];

  beforeAll(async () => {
    t = await startTestServer({ backend, settings: { hookCacheSeconds: 60 } });
    for (const [i, template] of TEMPLATES.entries()) hooks.push(await api.create({ name: `fuzz ${i}`, template }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 204 or 400, never anything else, and records every 400', async () => {
    const answers: string[] = [];
    const refused = new Map<string, number>();
    let accepted = 0;
    for (const c of fc.sample(caseArbitrary, { seed: PROPERTY_SEED, numRuns: CASES })) {
      const hook = hooks[c.hook];
      const status = await send(t, hook.slug, c);
      if (status === 204) accepted++;
      else if (status === 400) refused.set(hook.id, (refused.get(hook.id) ?? 0) + 1);
      else if (status !== 204)
        answers.push(
          `${status} ← ${c.method} ${c.contentType} ${JSON.stringify(c.headers)} ${c.query.slice(0, 40)} ${c.body.slice(0, 120)}`,
        );
    }
    expect(answers).toEqual([]);
    // Both outcomes well represented: the cases reach past the first check.
    expect(accepted).toBeGreaterThan(10);
    expect([...refused.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    for (const hook of hooks) {
      const filter = { event: { name: ['prefect-cloud.webhook.failed'] }, resource: { id: [`prefect-cloud.webhook.${hook.id}`] } };
      const res = await api.call('POST', '/events/filter', {
        filter: { ...filter, occurred: { since: '2000-01-01T00:00:00Z' } },
        limit: 1,
      });
      expect((await jsonBody(res)).total, hook.id).toBe(refused.get(hook.id) ?? 0);
    }
  });
});
