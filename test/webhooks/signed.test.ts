// Signature checks end to end: each preset with a real signature as its provider computes it (the
// standardwebhooks library as the sender; GitHub, Stripe and Slack HMACs as they document them), a
// bad one answered 400 and recorded as webhook.failed with type `auth`, and a secret rotation whose
// previous secret keeps working for the overlap only.

import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, startTestServer, type TestServer } from '../helpers/server.js';
import { hookApi } from './helpers.js';

const TEMPLATE = '{"event": "signed.{{ body.kind }}", "resource": {"prefect.resource.id": "signed.sender"}}';
const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

describe('signed webhooks', () => {
  let t: TestServer;
  const api = hookApi(() => t);
  const unixNow = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Sends `body` twice: signed by `sign`, then with the body altered after signing. */
  async function genuineAndTampered(slug: string, body: string, sign: (body: string) => Record<string, string>) {
    const headers = { 'content-type': 'application/json', ...sign(body) };
    const genuine = await api.hook(slug, { headers, body });
    const tampered = await api.hook(slug, { headers, body: body.replace('push', 'pull') });
    return [genuine.status, tampered.status];
  }

  async function authFailures(id: string): Promise<string[]> {
    const failed = await api.events('prefect-cloud.webhook.failed', { resource: { id: [`prefect-cloud.webhook.${id}`] } });
    return failed.map((e) => `${e.payload.error.type}: ${e.payload.error.message}`);
  }

  it('Standard Webhooks: the standardwebhooks library signs, Herald verifies', async () => {
    const hook = await api.create({ name: 'std', template: TEMPLATE, signature: { preset: 'standard-webhooks' } });
    const sender = new Webhook(hook.signing_secret as string);
    const statuses = await genuineAndTampered(hook.slug, '{"kind": "push"}', (body) => {
      const id = `msg_${Math.random()}`;
      return { 'webhook-id': id, 'webhook-timestamp': String(unixNow()), 'webhook-signature': sender.sign(id, new Date(), body) };
    });
    expect(statuses).toEqual([204, 400]);
    expect(await api.events('signed.push')).toHaveLength(1);
    const [failure] = await authFailures(hook.id);
    expect(failure).toMatch(/^auth: signature check \(standard-webhooks\) failed/);
  });

  it('GitHub, Stripe and Slack signatures as each documents them', async () => {
    const secret = 'shared-secret-value';
    const presets: [string, (body: string) => Record<string, string>][] = [
      ['github', (body) => ({ 'X-Hub-Signature-256': `sha256=${hmacHex(secret, body)}`, 'X-GitHub-Delivery': '1' })],
      ['stripe', (body) => ({ 'Stripe-Signature': `t=${unixNow()},v1=${hmacHex(secret, `${unixNow()}.${body}`)},v0=ignored` })],
      [
        'slack',
        (body) => ({
          'X-Slack-Request-Timestamp': String(unixNow()),
          'X-Slack-Signature': `v0=${hmacHex(secret, `v0:${unixNow()}:${body}`)}`,
        }),
      ],
    ];
    for (const [preset, sign] of presets) {
      const hook = await api.create({ name: preset, template: TEMPLATE, signature: { preset, secret } });
      expect(hook.signing_secret, preset).toBeUndefined();
      expect(await genuineAndTampered(hook.slug, '{"kind": "push"}', sign), preset).toEqual([204, 400]);
      // No signature at all: refused, and the failed event says which header is missing.
      expect((await api.hook(hook.slug, { body: '{"kind": "push"}' })).status).toBe(400);
      const failures = await authFailures(hook.id);
      expect(failures, preset).toHaveLength(2);
      expect(failures[1], preset).toMatch(/missing/i);
    }
  });

  it('a rotated secret keeps working during the overlap, and not without one', async () => {
    const hook = await api.create({
      name: 'rotated',
      template: TEMPLATE,
      signature: { preset: 'hmac', header: 'X-Signature', prefix: 'sha256=', secret: 'old-secret' },
    });
    const send = (key: string) =>
      api.hook(hook.slug, { headers: { 'X-Signature': `sha256=${hmacHex(key, '{"kind": "rot"}')}` }, body: '{"kind": "rot"}' });
    const rotated = await jsonBody(
      await api.call('POST', `/webhooks/${hook.id}/rotate-secret`, { secret: 'new-secret', overlap_seconds: 3600 }),
    );
    expect(rotated.signing_secret).toBeUndefined();
    expect(rotated.signature.previous_secret_expires).not.toBeNull();
    expect((await send('old-secret')).status).toBe(204);
    expect((await send('new-secret')).status).toBe(204);
    await api.call('POST', `/webhooks/${hook.id}/rotate-secret`, { secret: 'newest-secret', overlap_seconds: 0 });
    expect((await send('new-secret')).status).toBe(400);
    expect((await send('newest-secret')).status).toBe(204);
  });
});
