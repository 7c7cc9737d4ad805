// ANY /hooks/{slug} on a real server, both backends: the documented template forms (static,
// form-encoded dynamic, JSON pass-through, CloudEvents structured and binary with the cloudevents
// SDK as the sender), Prefect Cloud's defaults, and every failure answered 400 with its
// prefect-cloud.webhook.failed event.

import { request as httpRequest } from 'node:http';
import { CloudEvent, HTTP } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { hookApi } from './helpers.js';

const STATIC = '{"event": "acme.static.ping", "resource": {"prefect.resource.id": "acme.pinger"}}';

describe.each<Backend>(['sqlite', 'postgres'])('receiving webhooks on %s', (backend) => {
  let t: TestServer;
  const api = hookApi(() => t);

  beforeAll(async () => {
    t = await startTestServer({ backend });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a static template makes the same event for a bodyless GET, with Prefect Cloud defaults', async () => {
    const hook = await api.create({ name: 'pinger', template: STATIC });
    expect(hook.slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const res = await api.hook(hook.slug, { method: 'GET', headers: { Authorization: 'Bearer nope', 'X-Trace': 'abc' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const [event] = await api.events('acme.static.ping');
    expect(event.resource).toEqual({ 'prefect.resource.id': 'acme.pinger' });
    expect(event.related).toEqual([
      { 'prefect.resource.id': `prefect-cloud.webhook.${hook.id}`, 'prefect.resource.name': 'pinger', 'prefect.resource.role': 'webhook' },
    ]);
    // No payload in the template: the request, credentials removed.
    expect(event.payload.method).toBe('GET');
    expect(event.payload.body).toBe('');
    expect(event.payload.headers['X-Trace'] ?? event.payload.headers['x-trace']).toBe('abc');
    expect(JSON.stringify(event.payload.headers).toLowerCase()).not.toContain('authorization');
    expect(Date.parse(event.occurred)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a dynamic template reads a form-encoded body, headers case-insensitively and the query string', async () => {
    const hook = await api.create({
      name: 'models',
      template: `{
        "event": "acme.model.{{ body.action }}",
        "resource": {"prefect.resource.id": "product.models.{{ body.model }}", "prefect.resource.name": "{{ body.friendly_name | default(body.model) }}"},
        "payload": {"agent": "{{ headers['user-agent'] }}", "CT": "{{ headers['CONTENT-TYPE'] }}", "env": "{{ query.env }}"}
      }`,
    });
    const res = await api.hook(hook.slug, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'curl/8' },
      body: 'model=resnet&action=trained&action=deployed',
      query: '?env=prod',
    });
    expect(res.status).toBe(204);
    const [event] = await api.events('acme.model.deployed');
    expect(event.resource).toEqual({ 'prefect.resource.id': 'product.models.resnet', 'prefect.resource.name': 'resnet' });
    expect(event.payload).toEqual({ agent: 'curl/8', CT: 'application/x-www-form-urlencoded', env: 'prod' });
  });

  it('passes a JSON event through, keeping its id and time, and a redelivery is stored once', async () => {
    const hook = await api.create({ name: 'pass', template: '{{ body | tojson }}' });
    const sent = {
      id: '0b4f7a4e-7a8c-4d7e-9a51-2f6f0c1d2e3f',
      occurred: '2026-03-01T10:00:00.000000Z',
      event: 'acme.pass.through',
      resource: { 'prefect.resource.id': 'acme.thing' },
      payload: { n: 1 },
    };
    const send = () => api.hook(hook.slug, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent) });
    expect((await send()).status).toBe(204);
    expect((await send()).status).toBe(204);
    const events = await api.events('acme.pass.through');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: sent.id, occurred: sent.occurred, payload: { n: 1 } });
  });

  it('turns CloudEvents into events in structured and binary mode (the cloudevents SDK sends them)', async () => {
    const hook = await api.create({ name: 'ce', template: '{{ body | from_cloud_event(headers) }}' });
    const ce = new CloudEvent({
      id: 'evt-1',
      source: '/acme/orders',
      type: 'com.acme.order.created',
      subject: 'acme.order.42',
      time: '2026-02-03T04:05:06.789Z',
      datacontenttype: 'application/json',
      data: { total: 12.5 },
      acmetenant: 'eu',
    });
    for (const message of [HTTP.structured(ce), HTTP.binary(new CloudEvent({ ...ce, id: 'evt-2', subject: undefined }))]) {
      const res = await api.hook(hook.slug, { headers: message.headers as Record<string, string>, body: message.body as string });
      expect(res.status).toBe(204);
    }
    const events = await api.events('com.acme.order.created');
    expect(events).toHaveLength(2);
    const [structured, binary] = events.sort((a, b) => a.payload.cloudevents.id.localeCompare(b.payload.cloudevents.id));
    expect(structured.resource['prefect.resource.id']).toBe('acme.order.42');
    expect(structured.occurred).toBe('2026-02-03T04:05:06.789000Z');
    expect(structured.payload.data).toEqual({ total: 12.5 });
    expect(structured.payload.cloudevents).toMatchObject({ id: 'evt-1', source: '/acme/orders', specversion: '1.0', acmetenant: 'eu' });
    // Binary mode without a subject: the source is the resource.
    expect(binary.resource['prefect.resource.id']).toBe('/acme/orders');
    expect(binary.payload.data).toEqual({ total: 12.5 });
    expect(binary.payload.cloudevents).toMatchObject({ id: 'evt-2', acmetenant: 'eu' });
    // The same CloudEvent redelivered is the same event.
    const again = await api.hook(hook.slug, {
      headers: HTTP.structured(ce).headers as Record<string, string>,
      body: HTTP.structured(ce).body as string,
    });
    expect(again.status).toBe(204);
    expect(await api.events('com.acme.order.created')).toHaveLength(2);
  });

  it('answers 400 with an empty body for every failure, and records why in a webhook.failed event', async () => {
    const hook = await api.create({
      name: 'strict',
      template: '{"event": "{{ body.name }}", "resource": {{ body.resource | tojson }}{% if body.boom %}{{ 1 / 0 }}{% endif %}}',
    });
    const cases: [string, string, string][] = [
      ['{"name": "a.b", "resource": "x"}', 'validation', 'resource'],
      ['{"name": "a.b", "resource": {}, "boom": true}', 'template', 'division by zero'],
      ['{"name": "say \\"hi\\"", "resource": {}}', 'json', 'not JSON'],
    ];
    for (const [body] of cases) {
      const res = await api.hook(hook.slug, { headers: { 'content-type': 'text/plain', authorization: 'Bearer secret-token' }, body });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe('');
    }
    const bad = await api.hook(hook.slug, { headers: { 'content-type': 'application/json' }, body: '{"broken":' });
    expect(bad.status).toBe(400);
    const failed = await api.events('prefect-cloud.webhook.failed', { resource: { id: [`prefect-cloud.webhook.${hook.id}`] } });
    expect(failed.map((e) => e.payload.error.type)).toEqual(['validation', 'template', 'json', 'body']);
    for (const [i, [, , words]] of cases.entries()) expect(failed[i].payload.error.message).toContain(words);
    expect(failed[2].payload.rendered).toContain('"event": "say "hi""');
    expect(failed[0].payload.body).toBe('{"name": "a.b", "resource": "x"}');
    expect(JSON.stringify(failed)).not.toContain('secret-token');
  });

  it('takes a chunked body (no Content-Length), as third-party senders often stream', async () => {
    const hook = await api.create({ name: 'chunked', template: '{{ body | tojson }}' });
    const event = { event: 'acme.chunked', resource: { 'prefect.resource.id': 'acme.c' } };
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${t.baseUrl}/hooks/${hook.slug}`);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      const text = JSON.stringify(event);
      req.write(text.slice(0, 10));
      req.end(text.slice(10));
    });
    expect(status).toBe(204);
    expect(await api.events('acme.chunked')).toHaveLength(1);
  });

  it('a disabled webhook and an unknown slug both answer 404, alike', async () => {
    const hook = await api.create({ name: 'off', template: STATIC, enabled: false });
    const disabled = await api.hook(hook.slug);
    const unknown = await api.hook('AAAAAAAAAAAAAAAAAAAAAA');
    const malformed = await api.hook('nope');
    for (const res of [disabled, unknown, malformed]) {
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('');
    }
    expect((await api.call('PATCH', `/webhooks/${hook.id}`, { enabled: true })).status).toBe(204);
    expect((await api.hook(hook.slug)).status).toBe(204);
  });

  it('answers the CloudEvents and Event Grid handshakes without making an event', async () => {
    const hook = await api.create({ name: 'grid', template: '{{ body | from_cloud_event(headers) }}' });
    const options = await api.hook(hook.slug, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(options.status).toBe(200);
    expect(options.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    const validation = await api.hook(hook.slug, {
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify([
        { id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'code-123' }, subject: '' },
      ]),
    });
    expect(validation.status).toBe(200);
    expect(await validation.json()).toEqual({ validationResponse: 'code-123' });
    expect(await api.events('prefect-cloud.webhook.failed', { resource: { id: [`prefect-cloud.webhook.${hook.id}`] } })).toEqual([]);
  });

  it('refuses a body over the limit with 413 and records it', async () => {
    const hook = await api.create({ name: 'big', template: STATIC });
    const res = await api.hook(hook.slug, { headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(t.settings.hookMaxBodyBytes + 1) });
    expect(res.status).toBe(413);
    const [failed] = await api.events('prefect-cloud.webhook.failed', { resource: { id: [`prefect-cloud.webhook.${hook.id}`] } });
    expect(failed.payload.error.type).toBe('size');
  });

  it('rate-limits a webhook with a token bucket: 429 with Retry-After', async () => {
    const hook = await api.create({ name: 'limited', template: STATIC, rate_limit: { per_second: 0.01, burst: 2 } });
    expect((await api.hook(hook.slug)).status).toBe(204);
    expect((await api.hook(hook.slug)).status).toBe(204);
    const limited = await api.hook(hook.slug);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('a dedup key makes one event of redeliveries', async () => {
    const hook = await api.create({
      name: 'gh',
      template: '{"event": "github.{{ headers[\'x-github-event\'] }}", "resource": {"prefect.resource.id": "github.repo"}}',
      dedup_key: "{{ headers['x-github-delivery'] }}",
    });
    const send = (delivery: string) =>
      api.hook(hook.slug, { headers: { 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': delivery }, body: '{}' });
    for (const delivery of ['d-1', 'd-1', 'd-2']) expect((await send(delivery)).status).toBe(204);
    expect(await api.events('github.push')).toHaveLength(2);
  });

  it('emits webhook.received for every request when asked', async () => {
    const hook = await api.create({ name: 'loud', template: STATIC, emit_received: true });
    await api.hook(hook.slug, { body: 'hello' });
    const [received] = await api.events('prefect-cloud.webhook.received', { resource: { id: [`prefect-cloud.webhook.${hook.id}`] } });
    expect(received.payload).toMatchObject({ method: 'POST', body: 'hello' });
  });

  it('counts what became of every request in herald_hook_requests_total (run after the tests above)', async () => {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    for (const outcome of ['stored', 'failed', 'not_found', 'rate_limited', 'handshake', 'too_large']) {
      const value = Number(new RegExp(`^herald_hook_requests_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      expect(value, outcome).toBeGreaterThan(0);
    }
  });
});
