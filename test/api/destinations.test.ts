// The destinations API over HTTP on a real server, both backends: validation naming the field,
// secrets write-only (never in any response), PUT keeping omitted secrets, and the test endpoint
// delivering through the real code to a local receiver.

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/actions/webhook/signing.js';
import { jsonBody, startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { startReceiver, type Receiver } from '../actions/delivery-fixtures.js';

describe.each<Backend>(['sqlite', 'postgres'])('destinations API on %s', (backend) => {
  let t: TestServer;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestServer({ backend, settings: { webhookAllowPrivateNetworks: true } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('creates a webhook, generating a signing secret shown once', async () => {
    const res = await call('POST', '/destinations', {
      name: 'ops',
      type: 'webhook',
      config: { url: `${receiver.url}/hook`, headers: { 'x-team': 'ops' } },
      secrets: { headers: { Authorization: 'Bearer topsecret' } },
    });
    expect(res.status).toBe(201);
    const created = await jsonBody(res);
    expect(created.signing_secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({
      name: 'ops',
      type: 'webhook',
      config: { url: `${receiver.url}/hook`, method: 'POST', headers: { 'x-team': 'ops' } },
      secrets_set: ['headers.Authorization', 'signing_secrets.0'],
      disabled: false,
      disabled_reason: null,
    });

    const got = await call('GET', `/destinations/${created.id}`);
    expect(got.status).toBe(200);
    const text = await got.text();
    expect(text).not.toContain(created.signing_secret);
    expect(text).not.toContain('topsecret');
    expect(JSON.parse(text)).not.toHaveProperty('signing_secret');
    const list = await (await call('GET', '/destinations')).text();
    expect(list).toContain(created.id);
    expect(list).not.toContain('topsecret');

    // The generated secret is the one deliveries are signed with.
    const test = await jsonBody(await call('POST', `/destinations/${created.id}/test`));
    expect(test).toEqual({ ok: true, status_code: 200, response_body: 'ok', error: null });
    const req = receiver.requests.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer topsecret');
    expect(new Webhook(created.signing_secret).verify(req.body, req.headers as Record<string, string>)).toMatchObject({
      subject: 'Herald test notification',
    });
  });

  it('answers 422 naming the field, without echoing secrets', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ name: 'x', type: 'webhook', config: {} }, ['body', 'config', 'url']],
      [{ name: 'x', type: 'webhook', config: { url: 'ftp://example.com' } }, ['body', 'config', 'url']],
      [{ name: 'x', type: 'webhook', config: { url: 'https://example.com', method: 'BREW' } }, ['body', 'config', 'method']],
      [
        { name: 'x', type: 'webhook', config: { url: 'https://example.com', headers: { Authorization: 'Bearer leak' } } },
        ['body', 'config', 'headers', 'Authorization'],
      ],
      [
        {
          name: 'x',
          type: 'webhook',
          config: { url: 'https://example.com' },
          secrets: { signing_secrets: ['whsec_bm90IGxvbmcgZW5vdWdo'] },
        },
        ['body', 'secrets', 'signing_secrets', 0],
      ],
      [{ name: 'x', type: 'slack', config: { url: 'https://hooks.slack.com/services/leak' } }, ['body', 'config', 'url']],
      [{ name: 'x', type: 'slack', config: {} }, ['body', 'secrets', 'url']],
      [{ name: 'x', type: 'email', config: { host: 'smtp.example.com', from: 'a@example.com', to: [] } }, ['body', 'config', 'to']],
      [
        {
          name: 'x',
          type: 'email',
          config: { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] },
          secrets: { password: 'leak' },
        },
        ['body', 'secrets', 'password'],
      ],
      [{ name: 'x', type: 'pager' }, ['body', 'type']],
      [{ type: 'slack', secrets: { url: 'https://hooks.slack.com/x' } }, ['body', 'name']],
      [{ name: 'x', type: 'slack', secrets: { url: 'https://hooks.slack.com/x', token: 'leak' } }, ['body', 'secrets', 'token']],
    ];
    for (const [body, loc] of cases) {
      const res = await call('POST', '/destinations', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const text = await res.text();
      expect(text).not.toContain('leak');
      const parsed = JSON.parse(text);
      expect(parsed.code).toBe('HERALD_ERR_VALIDATION');
      expect(
        parsed.exception_detail.map((i: { loc: unknown }) => i.loc),
        JSON.stringify(body),
      ).toContainEqual(loc);
    }
  });

  it('PUT keeps omitted secrets, removes null ones, re-enables, and refuses a type change', async () => {
    const secret = generateSecret();
    const created = await jsonBody(
      await call('POST', '/destinations', {
        name: 'hook',
        type: 'webhook',
        config: { url: `${receiver.url}/a` },
        secrets: { signing_secrets: [secret], headers: { 'X-Token': 'abc' } },
      }),
    );
    expect(created).not.toHaveProperty('signing_secret');

    const renamed = await call('PUT', `/destinations/${created.id}`, {
      name: 'hook 2',
      type: 'webhook',
      config: { url: `${receiver.url}/b`, method: 'PATCH' },
    });
    expect(renamed.status).toBe(200);
    expect(await jsonBody(renamed)).toMatchObject({
      name: 'hook 2',
      config: { url: `${receiver.url}/b`, method: 'PATCH' },
      secrets_set: ['headers.X-Token', 'signing_secrets.0'],
    });
    await call('POST', `/destinations/${created.id}/test`);
    const req = receiver.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'PATCH', url: '/b' });
    expect(req.headers['x-token']).toBe('abc');
    expect(() => new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).not.toThrow();

    const rotated = generateSecret();
    const put = await call('PUT', `/destinations/${created.id}`, {
      name: 'hook 2',
      type: 'webhook',
      config: { url: `${receiver.url}/b` },
      secrets: { headers: null, signing_secrets: [rotated, secret] },
      disabled: true,
    });
    expect(await jsonBody(put)).toMatchObject({
      secrets_set: ['signing_secrets.0', 'signing_secrets.1'],
      disabled: true,
      disabled_reason: 'Disabled by an operator',
    });
    const enabled = await jsonBody(
      await call('PUT', `/destinations/${created.id}`, {
        name: 'hook 2',
        type: 'webhook',
        config: { url: `${receiver.url}/b` },
        disabled: false,
      }),
    );
    expect(enabled).toMatchObject({ disabled: false, disabled_reason: null });

    const typeChange = await call('PUT', `/destinations/${created.id}`, {
      name: 'hook 2',
      type: 'slack',
      secrets: { url: 'https://hooks.slack.com/x' },
    });
    expect(typeChange.status).toBe(422);
    expect((await jsonBody(typeChange)).exception_detail[0].loc).toEqual(['body', 'type']);
  });

  it('reports a failing receiver from the test endpoint and disables on 410', async () => {
    const created = await jsonBody(
      await call('POST', '/destinations', { name: 'teams', type: 'teams', secrets: { url: `${receiver.url}/teams` } }),
    );
    receiver.respond((_req, res) => {
      res.statusCode = 500;
      res.end('teams is down');
    });
    const failed = await jsonBody(await call('POST', `/destinations/${created.id}/test`));
    expect(failed).toEqual({
      ok: false,
      status_code: 500,
      response_body: 'teams is down',
      error: 'Notification failed (Teams webhook): HTTP 500',
    });
    receiver.respond((_req, res) => {
      res.statusCode = 410;
      res.end();
    });
    const gone = await jsonBody(await call('POST', `/destinations/${created.id}/test`));
    expect(gone.ok).toBe(false);
    expect(gone.status_code).toBe(410);
    const after = await jsonBody(await call('GET', `/destinations/${created.id}`));
    expect(after.disabled).toBe(true);
    expect(after.disabled_reason).toMatch(/410 Gone/);
    receiver.respond((_req, res) => res.end('ok'));
  });

  it('deletes, and answers 404 / 422 for unknown and malformed ids', async () => {
    const created = await jsonBody(
      await call('POST', '/destinations', {
        name: 'mail',
        type: 'email',
        config: { host: 'smtp.example.com', from: 'a@example.com', to: ['b@example.com'] },
      }),
    );
    expect(created.config).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      starttls: 'opportunistic',
      username: null,
      from: 'a@example.com',
      to: ['b@example.com'],
    });
    expect((await call('DELETE', `/destinations/${created.id}`)).status).toBe(204);
    for (const [method, path] of [
      ['GET', `/destinations/${created.id}`],
      ['DELETE', `/destinations/${created.id}`],
      ['POST', `/destinations/${created.id}/test`],
    ]) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(await jsonBody(res)).toEqual({ code: 'HERALD_ERR_NOT_FOUND', detail: 'Destination not found' });
    }
    const put = await call('PUT', `/destinations/${created.id}`, { name: 'x', type: 'email', config: {} });
    expect(put.status).toBe(404);
    const bad = await call('GET', '/destinations/not-a-uuid');
    expect(bad.status).toBe(422);
    expect((await jsonBody(bad)).exception_detail[0].loc).toEqual(['path', 'id']);
  });
});
