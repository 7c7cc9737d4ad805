// call-webhook end to end against a local HTTP receiver that verifies Standard Webhooks signatures
// with the reference `standardwebhooks` library; destinations in a real SQLite file.

import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callWebhookExecutor } from '../../src/actions/call-webhook.js';
import { ActionFailed, ActionRetry } from '../../src/actions/types.js';
import { classifyResponse, parseRetryAfter } from '../../src/actions/webhook/classify.js';
import { deliver, RESPONSE_READ_LIMIT } from '../../src/actions/webhook/deliver.js';
import { decodeSecret, generateSecret, signatureHeaders } from '../../src/actions/webhook/signing.js';
import { isBlockedAddress } from '../../src/actions/webhook/ssrf.js';
import type { DestinationRecord } from '../../src/storage/automation-store.js';
import { sqliteBackend, type Backend } from '../storage/backends.js';
import { actionRun, deliveryDeps, startReceiver, storeDestination, type DeliveryDeps, type Receiver } from './delivery-fixtures.js';

let backend: Backend;
let receiver: Receiver;
let t: DeliveryDeps;

beforeAll(async () => {
  backend = await sqliteBackend.create();
});
afterAll(async () => {
  await backend.cleanup();
});
beforeEach(async () => {
  receiver = await startReceiver();
  t = deliveryDeps(backend.storage, { webhookTimeout: 2000 });
});
afterEach(async () => {
  await t.close();
  await receiver.close();
});

const secretA = generateSecret();
const secretB = generateSecret();

function webhookDestination(overrides: Partial<DestinationRecord> = {}, path = '/hook'): Promise<DestinationRecord> {
  return storeDestination(backend.storage, t.clock, {
    type: 'webhook',
    name: 'ops receiver',
    config: { url: receiver.url + path, method: 'POST', headers: { 'x-team': 'ops' } },
    secrets: { signing_secrets: [secretA, secretB], headers: { authorization: 'Bearer s3cret' } },
    ...overrides,
  });
}

async function expectRejection<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as T;
}

describe('call-webhook', () => {
  it('sends the rendered payload signed with every secret; both verify with the reference library', async () => {
    const d = await webhookDestination();
    receiver.respond((_req, res) => {
      res.setHeader('x-request-id', 'r-1');
      res.setHeader('set-cookie', 'session=abc');
      res.setHeader('x-api-key', 'leaked');
      res.end('{"received": true}');
    });
    const run = actionRun(
      {
        type: 'call-webhook',
        block_document_id: d.id,
        payload: '{"event": "{{ event.event }}", "automation": "{{ automation.name }}", "host": "{{ labels[\'prefect.resource.id\'] }}"}',
      },
      t.clock,
    );
    const outcome = await callWebhookExecutor.execute(run, t.deps);

    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hook');
    expect(JSON.parse(req.body)).toEqual({ event: 'disk.filling', automation: 'Disk almost full', host: 'host.web-1' });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-team']).toBe('ops');
    expect(req.headers.authorization).toBe('Bearer s3cret');
    expect(req.headers['webhook-id']).toBe(run.idempotencyKey);
    expect(req.headers['webhook-timestamp']).toBe(String(Math.floor(t.clock.now() / 1000)));
    expect((req.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    const headers = req.headers as Record<string, string>;
    expect(new Webhook(secretA).verify(req.body, headers)).toEqual(JSON.parse(req.body));
    expect(new Webhook(secretB).verify(req.body, headers)).toEqual(JSON.parse(req.body));
    expect(() => new Webhook(generateSecret()).verify(req.body, headers)).toThrow(/signature/i);

    expect(outcome.details.status_code).toBe(200);
    expect(outcome.details.response_body).toBe('{"received": true}');
    const responseHeaders = outcome.details.response_headers as Record<string, string>;
    expect(responseHeaders['x-request-id']).toBe('r-1');
    expect(responseHeaders['set-cookie']).toBe('[REDACTED]');
    expect(responseHeaders['x-api-key']).toBe('[REDACTED]');
    expect(outcome.related).toEqual([
      {
        'prefect.resource.id': `prefect.block-document.${d.id}`,
        'prefect.resource.role': 'block',
        'prefect.resource.name': 'ops receiver',
      },
      { 'prefect.resource.id': 'prefect.block-type.webhook', 'prefect.resource.role': 'block-type' },
    ]);
  });

  it('sends text that is not JSON as text/plain', async () => {
    const d = await webhookDestination();
    await callWebhookExecutor.execute(
      actionRun({ type: 'call-webhook', block_document_id: d.id, payload: 'disk on {{ event.resource.name }}' }, t.clock),
      t.deps,
    );
    expect(receiver.requests[0].body).toBe('disk on web-1');
    expect(receiver.requests[0].headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('retries a 500, honouring Retry-After (seconds or HTTP date)', async () => {
    const d = await webhookDestination();
    receiver.respond((_req, res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '120');
      res.end('down for maintenance');
    });
    const run = actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock);
    const err = await expectRejection(callWebhookExecutor.execute(run, t.deps), ActionRetry);
    expect(err.message).toBe('Webhook call failed: HTTP 503');
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.details).toMatchObject({ status_code: 503, response_body: 'down for maintenance' });

    receiver.respond((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const plain = await expectRejection(callWebhookExecutor.execute(run, t.deps), ActionRetry);
    expect(plain.retryAfterMs).toBeUndefined();
  });

  it('a 410 Gone disables the destination; later calls fail without a request', async () => {
    const d = await webhookDestination();
    receiver.respond((_req, res) => {
      res.statusCode = 410;
      res.end('gone');
    });
    const run = actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock);
    const err = await expectRejection(callWebhookExecutor.execute(run, t.deps), ActionFailed);
    expect(err.message).toMatch(/410 Gone.*now disabled/);
    const stored = await backend.storage.automation.destinations.get(d.workspaceId, d.id);
    expect(stored?.disabled).toBe(true);
    expect(stored?.disabledReason).toMatch(/410/);

    const again = await expectRejection(callWebhookExecutor.execute(run, t.deps), ActionFailed);
    expect(again.message).toMatch(/is disabled/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('times out on the injected clock and retries', async () => {
    const d = await webhookDestination();
    receiver.respond(() => {
      // never answers
    });
    const pending = callWebhookExecutor.execute(
      actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock),
      t.deps,
    );
    await receiver.waitFor(1);
    t.clock.advance(1999);
    t.clock.advance(1);
    const err = await expectRejection(pending, ActionRetry);
    expect(err.message).toMatch(/timed out/);
  });

  it('does not follow redirects: a 3xx is a final failure', async () => {
    const d = await webhookDestination();
    receiver.respond((req, res) => {
      if (req.url === '/hook') {
        res.statusCode = 302;
        res.setHeader('location', '/elsewhere');
      }
      res.end();
    });
    const err = await expectRejection(
      callWebhookExecutor.execute(actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock), t.deps),
      ActionFailed,
    );
    expect(err.message).toMatch(/HTTP 302/);
    expect(err.details.status_code).toBe(302);
    expect(receiver.requests.map((r) => r.url)).toEqual(['/hook']);
  });

  it('keeps 1000 characters of a large answer', async () => {
    const d = await webhookDestination();
    receiver.respond((_req, res) => res.end('é'.repeat(200_000)));
    const outcome = await callWebhookExecutor.execute(
      actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock),
      t.deps,
    );
    expect(outcome.details.response_body).toBe('é'.repeat(1000));
  });

  it('is blocked from private networks by default (SSRF), by literal address and by name', async () => {
    const guarded = deliveryDeps(backend.storage); // default settings
    try {
      const blocked = { ...guarded.deps, settings: { ...guarded.deps.settings, webhookAllowPrivateNetworks: false } };
      for (const host of [receiver.url, receiver.url.replace('127.0.0.1', 'localhost')]) {
        const d = await webhookDestination({ config: { url: `${host}/hook`, method: 'POST', headers: {} } });
        const err = await expectRejection(
          callWebhookExecutor.execute(actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{}' }, t.clock), blocked),
          ActionFailed,
        );
        expect(err.message).toMatch(/private, loopback or otherwise internal/);
      }
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });

  it('fails clearly for a missing, mistyped or unrenderable destination', async () => {
    const missing = await expectRejection(
      callWebhookExecutor.execute(
        actionRun({ type: 'call-webhook', block_document_id: '0190aaaa-0000-7000-8000-0000000000ff', payload: '' }, t.clock),
        t.deps,
      ),
      ActionFailed,
    );
    expect(missing.message).toMatch(/not found/);
    const slack = await storeDestination(backend.storage, t.clock, { type: 'slack', config: {}, secrets: { url: receiver.url } });
    const wrong = await expectRejection(
      callWebhookExecutor.execute(actionRun({ type: 'call-webhook', block_document_id: slack.id, payload: '' }, t.clock), t.deps),
      ActionFailed,
    );
    expect(wrong.message).toMatch(/slack destination; call-webhook needs a webhook destination/);
    const d = await webhookDestination();
    const bad = await expectRejection(
      callWebhookExecutor.execute(actionRun({ type: 'call-webhook', block_document_id: d.id, payload: '{{ 1 / 0 }}' }, t.clock), t.deps),
      ActionFailed,
    );
    expect(bad.message).toMatch(/^Template rendering failed: /);
    expect(bad.details).toMatchObject({ template_source: '{{ 1 / 0 }}' });
    expect(bad.details.template_error).toEqual(expect.any(String));
    expect(bad.related.map((r) => r['prefect.resource.role'])).toEqual(['block', 'block-type']);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('delivery building blocks', () => {
  it('reads at most 64 KiB of an endless answer', async () => {
    receiver.respond((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const res = await deliver(
      { url: receiver.url, method: 'POST', headers: {}, body: '' },
      { clock: t.clock, timeoutMs: 5000, allowPrivateNetworks: true },
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('x'.repeat(1000));
    expect(RESPONSE_READ_LIMIT).toBe(65536);
  });

  it('classifies answers the Standard Webhooks way', () => {
    const now = Date.UTC(2026, 0, 1);
    const c = (status: number, retryAfter: string | null = null) => classifyResponse({ status, retryAfter }, now);
    expect(c(200).kind).toBe('success');
    expect(c(204).kind).toBe('success');
    expect(c(301).kind).toBe('fail');
    expect(c(400).kind).toBe('fail');
    expect(c(404).kind).toBe('fail');
    expect(c(410).kind).toBe('gone');
    expect(c(408).kind).toBe('retry');
    expect(c(429, '7')).toEqual({ kind: 'retry', reason: 'HTTP 429', retryAfterMs: 7000 });
    expect(c(502).kind).toBe('retry');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(24 * 3_600_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('signs "${id}.${timestamp}.${body}" with HMAC-SHA256 per secret', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const h = signatureHeaders([secret], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330_000, '{"test": 2432232314}');
    // The Standard Webhooks specification's own example.
    expect(h['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(decodeSecret('whsec_c2hvcnQ=')).toMatch(/24 to 64 bytes/);
    expect(decodeSecret('nope')).toMatch(/whsec_/);
    expect(() => signatureHeaders([secret], 'a.b', 0, '')).toThrow(/must not contain/);
  });

  it('knows which addresses are internal', () => {
    const blocked = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.100.100.200',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '168.63.129.16',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '64:ff9b::a00:1',
      '2002:a00:1::',
      '::127.0.0.1',
      '[::1]',
    ];
    const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::'];
    for (const a of blocked) expect(isBlockedAddress(a), a).toBe(true);
    for (const a of allowed) expect(isBlockedAddress(a), a).toBe(false);
  });
});
