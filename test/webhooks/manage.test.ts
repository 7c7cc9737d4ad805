// The webhooks management API on a real server, both backends: Prefect Cloud's shapes and codes,
// templates checked at save time with their line, PUT keeping what it does not name (the signature
// above all), slug and secret rotation, secrets never returned, change events, the filter endpoint
// and "try it" (nothing stored).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { hookApi } from './helpers.js';

const TEMPLATE = '{"event": "acme.{{ body.kind }}", "resource": {"prefect.resource.id": "acme.{{ body.id }}"}}';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each<Backend>(['sqlite', 'postgres'])('managing webhooks on %s', (backend) => {
  let t: TestServer;
  const api = hookApi(() => t);

  beforeAll(async () => {
    t = await startTestServer({ backend });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates with Prefect Cloud fields (201), reads, lists and filters like its CLI and Terraform', async () => {
    const res = await api.call('POST', '/webhooks', { name: 'orders', description: 'from the shop', template: TEMPLATE });
    expect(res.status).toBe(201);
    const created = await jsonBody(res);
    expect(created).toMatchObject({
      name: 'orders',
      description: 'from the shop',
      enabled: true,
      template: TEMPLATE,
      service_account_id: null,
      signature: null,
      dedup_key: null,
      rate_limit: null,
      emit_received: false,
    });
    expect(created.id).toMatch(UUID);
    expect(created.account).toMatch(UUID);
    expect(created.workspace).toMatch(UUID);
    expect(created.slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await jsonBody(await api.call('GET', `/webhooks/${created.id}`))).toEqual(created);
    const listed = await jsonBody(await api.call('GET', '/webhooks'));
    expect(listed.map((w: { id: string }) => w.id)).toContain(created.id);
    // Prefect's CLI: POST /webhooks/filter with no body at all.
    const all = await fetch(`${t.url}/webhooks/filter`, { method: 'POST' });
    expect(all.status).toBe(200);
    expect((await jsonBody(all)).map((w: { id: string }) => w.id)).toContain(created.id);
    const named = await jsonBody(await api.call('POST', '/webhooks/filter', { webhooks: { name: { any_: ['orders'] } } }));
    expect(named.map((w: { name: string }) => w.name)).toEqual(['orders']);
    const none = await jsonBody(await api.call('POST', '/webhooks/filter', { webhooks: { name: { any_: ['nope'] } } }));
    expect(none).toEqual([]);
  });

  it('refuses a template that does not compile with 422 naming the field and the line', async () => {
    const res = await api.call('POST', '/webhooks', { name: 'broken', template: '{\n  "event": "{{ body.kind "\n}' });
    expect(res.status).toBe(422);
    const body = await jsonBody(res);
    const issue = body.exception_detail.find((i: { loc: string[] }) => i.loc.join('.') === 'body.template');
    expect(issue.msg).toMatch(/line 2/);
    expect(issue.ctx.line).toBe(2);
    const unknown = await jsonBody(await api.call('POST', '/webhooks', { name: 'x', template: '{}', colour: 'red' }));
    expect(unknown.exception_detail.map((i: { loc: string[]; type: string }) => [i.loc.join('.'), i.type])).toEqual([
      ['body.colour', 'extra_forbidden'],
    ]);
    const nul = await jsonBody(await api.call('POST', '/webhooks', { name: 'a\u0000b', template: '{}' }));
    expect(nul.exception_detail.map((i: { loc: string[] }) => i.loc.join('.'))).toEqual(['body.name']);
    const missing = await jsonBody(await api.call('POST', '/webhooks', { name: 'x' }));
    expect(missing.exception_detail.map((i: { loc: string[] }) => i.loc.join('.'))).toEqual(['body.template']);
    const serviceAccount = await api.call('POST', '/webhooks', {
      name: 'x',
      template: '{}',
      service_account_id: '0b4f7a4e-7a8c-4d7e-9a51-2f6f0c1d2e3f',
    });
    expect(serviceAccount.status).toBe(422);
    expect(await api.call('GET', '/webhooks/not-a-uuid')).toHaveProperty('status', 422);
    expect(await api.call('GET', '/webhooks/0b4f7a4e-7a8c-4d7e-9a51-2f6f0c1d2e3f')).toHaveProperty('status', 404);
  });

  it('generates a signing secret shown once, never returned again, and never echoed in a 422', async () => {
    const created = await api.create({ name: 'signed', template: TEMPLATE, signature: { preset: 'github' } });
    expect(created.signing_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.signature).toEqual({ preset: 'github', secret_set: true, previous_secret_expires: null });
    const secret = created.signing_secret as string;
    for (const path of [`/webhooks/${created.id}`, '/webhooks']) expect(await (await api.call('GET', path)).text()).not.toContain(secret);
    const refused = await api.call('POST', '/webhooks', {
      name: 'bad',
      template: TEMPLATE,
      signature: { preset: 'nope', secret: 'my-own-secret' },
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).not.toContain('my-own-secret');
  });

  it('PUT keeps what it does not name (a Prefect client cannot drop the signature check); PATCH changes what it names', async () => {
    const created = await api.create({
      name: 'keep',
      template: TEMPLATE,
      signature: { preset: 'slack', secret: 'slack-secret' },
      rate_limit: { per_second: 5, burst: 10 },
    });
    // Prefect's CLI `update` sends exactly these three fields.
    const put = await api.call('PUT', `/webhooks/${created.id}`, { name: 'kept', description: 'new', template: TEMPLATE });
    expect(put.status).toBe(200);
    const replaced = await jsonBody(put);
    expect(replaced).toMatchObject({
      name: 'kept',
      description: 'new',
      signature: { preset: 'slack', secret_set: true },
      rate_limit: { per_second: 5, burst: 10 },
    });
    expect(replaced.slug).toBe(created.slug);
    expect(Date.parse(replaced.updated)).toBeGreaterThanOrEqual(Date.parse(created.updated));
    const patch = await api.call('PATCH', `/webhooks/${created.id}`, { enabled: false, signature: null });
    expect(patch.status).toBe(204);
    expect(await patch.text()).toBe('');
    expect(await jsonBody(await api.call('GET', `/webhooks/${created.id}`))).toMatchObject({
      enabled: false,
      signature: null,
      name: 'kept',
    });
    // A PATCH that makes Herald generate a secret answers 200 with it: the one time it can be shown.
    const signed = await api.call('PATCH', `/webhooks/${created.id}`, { signature: { preset: 'github' } });
    expect(signed.status).toBe(200);
    expect((await jsonBody(signed)).signing_secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rotating the slug retires the old URL at once; deleting retires the webhook', async () => {
    const created = await api.create({ name: 'rotating', template: TEMPLATE });
    expect((await api.hook(created.slug, { body: '{"kind": "a", "id": "1"}' })).status).toBe(204);
    const rotated = await jsonBody(await api.call('POST', `/webhooks/${created.id}/rotate`));
    expect(rotated.slug).not.toBe(created.slug);
    expect((await api.hook(created.slug, { body: '{"kind": "a", "id": "1"}' })).status).toBe(404);
    expect((await api.hook(rotated.slug, { body: '{"kind": "a", "id": "1"}' })).status).toBe(204);
    expect((await api.call('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    expect((await api.hook(rotated.slug)).status).toBe(404);
    expect((await api.call('GET', `/webhooks/${created.id}`)).status).toBe(404);
    expect((await api.call('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
  });

  it('announces every change as an event, naming rotated secrets and slugs but never showing them', async () => {
    const created = await api.create({ name: 'audited', template: TEMPLATE, signature: { preset: 'github', secret: 'first-secret' } });
    await api.call('PATCH', `/webhooks/${created.id}`, { name: 'audited2' });
    await api.call('POST', `/webhooks/${created.id}/rotate`);
    const rotation = await jsonBody(await api.call('POST', `/webhooks/${created.id}/rotate-secret`, { overlap_seconds: 600 }));
    expect(rotation.signing_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(rotation.signature.previous_secret_expires)).toBeGreaterThan(Date.now());
    await api.call('DELETE', `/webhooks/${created.id}`);
    const filter = { resource: { id: [`prefect-cloud.webhook.${created.id}`] } };
    const [made] = await api.events('prefect-cloud.webhook.created', filter);
    expect(made.resource).toEqual({ 'prefect.resource.id': `prefect-cloud.webhook.${created.id}`, 'prefect.resource.name': 'audited' });
    const updates = await api.events('prefect-cloud.webhook.updated', filter);
    expect(updates.map((e) => e.payload.changed)).toEqual([['name'], ['slug'], ['secret']]);
    expect(await api.events('prefect-cloud.webhook.deleted', filter)).toHaveLength(1);
    const everything = JSON.stringify([made, ...updates]);
    for (const secret of ['first-secret', rotation.signing_secret, rotation.slug, created.slug]) expect(everything).not.toContain(secret);
  });

  it('tries a sample request against a saved webhook or a draft template; nothing is stored', async () => {
    const created = await api.create({ name: 'trial', template: TEMPLATE });
    const ok = await jsonBody(await api.call('POST', `/webhooks/${created.id}/test`, { body: { kind: 'tried', id: '7' } }));
    expect(ok.ok).toBe(true);
    expect(ok.event).toMatchObject({ event: 'acme.tried', resource: { 'prefect.resource.id': 'acme.7' } });
    expect(ok.event.related[0]['prefect.resource.id']).toBe(`prefect-cloud.webhook.${created.id}`);
    const failed = await jsonBody(
      await api.call('POST', '/webhooks/test', { template: '{\n"event": "{{ body.n / 0 }}"\n}', body: { n: 1 } }),
    );
    expect(failed).toMatchObject({ ok: false, error: { type: 'template', line: 2 }, rendered: null });
    const invalid = await jsonBody(await api.call('POST', '/webhooks/test', { template: '{"event": "x"}', method: 'GET' }));
    expect(invalid).toMatchObject({ ok: false, error: { type: 'validation', line: null }, rendered: '{"event": "x"}' });
    expect(invalid.error.message).toContain('resource');
    expect((await api.call('POST', '/webhooks/test', { body: 'x' })).status).toBe(422);
    expect(await api.events('acme.tried')).toEqual([]);
  });
});
