// DestinationsClient against a real server and a real local receiver: the create → read → replace →
// test → delete round trip, the one-time signing secret, 422 details the UI maps to fields, and
// which automations use a destination.

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DestinationsClient, HeraldClient, HeraldSdkError } from '../../sdk/index.js';
import { type Receiver, startReceiver } from '../actions/delivery-fixtures.js';
import { automationBody } from '../automations/api-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('DestinationsClient', () => {
  let t: TestServer;
  let client: HeraldClient;
  let destinations: DestinationsClient;
  let receiver: Receiver;

  beforeAll(async () => {
    // The receiver listens on loopback, which the SSRF guard refuses unless private networks are allowed.
    t = await startTestServer({ settings: { webhookAllowPrivateNetworks: true } });
    client = new HeraldClient({ url: t.url });
    destinations = new DestinationsClient(client);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('creates a webhook with a one-time signing secret, reads, replaces, tests and deletes it', async () => {
    const created = await destinations.create({ name: 'ops hook', type: 'webhook', config: { url: `${receiver.url}/in` } });
    expect(created.signing_secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({ name: 'ops hook', type: 'webhook', secrets_set: ['signing_secrets.0'], disabled: false });

    const read = await destinations.read(created.id);
    expect(read).not.toHaveProperty('signing_secret');
    expect(read.config).toEqual({ url: `${receiver.url}/in`, method: 'POST', headers: {} });
    expect((await destinations.list()).map((d) => d.id)).toContain(created.id);

    const replaced = await destinations.replace(created.id, {
      name: 'ops hook 2',
      type: 'webhook',
      config: { url: `${receiver.url}/v2`, method: 'PUT' },
      secrets: { headers: { Authorization: 'Bearer t0k' } },
    });
    expect(replaced).toMatchObject({ name: 'ops hook 2', secrets_set: ['headers.Authorization', 'signing_secrets.0'] });

    receiver.respond((_req, res) => {
      res.statusCode = 202;
      res.end('queued');
    });
    const before = receiver.requests.length;
    expect(await destinations.test(created.id)).toEqual({ ok: true, status_code: 202, response_body: 'queued', error: null });
    const got = receiver.requests[before];
    expect(got).toMatchObject({ method: 'PUT', url: '/v2' });
    expect(got.headers.authorization).toBe('Bearer t0k');
    // The secret shown once is the one the kept signing secret signs with.
    expect(() => new Webhook(created.signing_secret!).verify(got.body, got.headers as Record<string, string>)).not.toThrow();

    await destinations.delete(created.id);
    const gone = await destinations.read(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(HeraldSdkError);
    expect((gone as HeraldSdkError).status).toBe(404);
  });

  it('reports a failing receiver without throwing', async () => {
    const teams = await destinations.create({ name: 'teams', type: 'teams', secrets: { url: `${receiver.url}/teams` } });
    receiver.respond((_req, res) => {
      res.statusCode = 500;
      res.end('teams is down');
    });
    expect(await destinations.test(teams.id)).toEqual({
      ok: false,
      status_code: 500,
      response_body: 'teams is down',
      error: 'Notification failed (Teams webhook): HTTP 500',
    });
  });

  it('rejects an invalid body with a 422 whose detail names the field', async () => {
    const err = (await destinations.create({ name: 'bad', type: 'webhook', config: { url: 'ftp://example.com/x' } }).then(
      () => null,
      (e: unknown) => e,
    )) as HeraldSdkError;
    expect(err).toBeInstanceOf(HeraldSdkError);
    expect(err.status).toBe(422);
    expect((err.detail as { loc: unknown[] }[]).map((d) => d.loc)).toEqual([['body', 'config', 'url']]);
  });

  it('lists the automations whose actions deliver to a destination', async () => {
    const used = await destinations.create({ name: 'used', type: 'slack', secrets: { url: `${receiver.url}/slack` } });
    const unused = await destinations.create({ name: 'unused', type: 'slack', secrets: { url: `${receiver.url}/slack` } });
    const notify = { type: 'send-notification', block_document_id: used.id, subject: 's', body: 'b' };
    const onTrigger = await client.requestJson<{ id: string }>(
      'POST',
      '/automations/',
      automationBody({ name: 'pages ops', actions: [notify] }),
    );
    const onResolve = await client.requestJson<{ id: string }>(
      'POST',
      '/automations/',
      automationBody({ name: 'all clear', enabled: false, actions_on_resolve: [notify] }),
    );
    await client.requestJson('POST', '/automations/', automationBody({ name: 'unrelated' }));

    expect(await destinations.usedBy(used.id)).toEqual([
      { id: onResolve.id, name: 'all clear', enabled: false },
      { id: onTrigger.id, name: 'pages ops', enabled: true },
    ]);
    expect(await destinations.usedBy(unused.id)).toEqual([]);
  });
});
