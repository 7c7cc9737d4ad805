// End to end through a real server: an event ingested over HTTP fires an automation whose
// call-webhook action reaches a local receiver, signed per Standard Webhooks (verified with the
// `standardwebhooks` library), and the whole story is recorded as events and firings.
// Then the hard case: the server process is killed (SIGKILL) while a delivery is in flight; after
// a restart the action is delivered again with the same webhook-id and completes exactly once.

import { once } from 'node:events';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../actions/delivery-fixtures.js';
import { startCli, waitForOutput } from '../cli/run-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

vi.setConfig({ testTimeout: 60_000 });

async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Polls (real I/O) until `probe` returns a value. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function eventsNamed(base: string, name: string): Promise<any[]> {
  const r = await api(base, 'POST', '/events/filter', {
    filter: { event: { name: [name] }, occurred: { since: '2020-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' } },
    limit: 50,
  });
  return r.json.events;
}

async function setUp(base: string, receiver: Receiver): Promise<{ automationId: string; secret: string }> {
  const dest = await api(base, 'POST', '/destinations', { name: 'receiver', type: 'webhook', config: { url: `${receiver.url}/hook` } });
  expect(dest.status).toBe(201);
  const created = await api(base, 'POST', '/automations/', {
    name: 'ping to webhook',
    trigger: {
      type: 'event',
      posture: 'Reactive',
      expect: ['e2e.ping'],
      match: { 'prefect.resource.id': 'e2e.*' },
      threshold: 1,
      within: 0,
    },
    actions: [
      {
        type: 'call-webhook',
        block_document_id: dest.json.id,
        payload: '{"event_id": "{{ event.id }}", "automation": "{{ automation.name }}"}',
      },
    ],
  });
  expect(created.status).toBe(201);
  return { automationId: created.json.id, secret: dest.json.signing_secret };
}

describe.each(['sqlite', 'postgres'] as const)('automations end to end (%s)', (backend) => {
  let t: TestServer | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('an ingested event fires the automation and a signed webhook arrives; everything is recorded', async () => {
    receiver = await startReceiver();
    t = await startTestServer({ backend, settings: { webhookAllowPrivateNetworks: true } });
    const { automationId, secret } = await setUp(t.url, receiver);
    const eventId = crypto.randomUUID();
    const post = await api(t.url, 'POST', '/events', [
      { id: eventId, occurred: new Date().toISOString(), event: 'e2e.ping', resource: { 'prefect.resource.id': 'e2e.thing' } },
    ]);
    expect(post.status).toBe(204);

    await receiver.waitFor(1);
    const req = receiver.requests[0];
    expect(new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).toEqual({
      event_id: eventId,
      automation: 'ping to webhook',
    });

    const [triggered] = await eventually(async () => {
      const found = await eventsNamed(t!.url, 'prefect.automation.triggered');
      return found.length ? found : undefined;
    }, 'prefect.automation.triggered');
    expect(triggered.resource).toMatchObject({
      'prefect.resource.id': `prefect.automation.${automationId}`,
      'prefect.resource.name': 'ping to webhook',
      'prefect.posture': 'Reactive',
    });
    expect(triggered.related).toEqual([{ 'prefect.resource.id': `prefect.event.${eventId}`, 'prefect.resource.role': 'triggering-event' }]);
    expect(triggered.payload.triggering_event.id).toBe(eventId);

    const [executed] = await eventually(async () => {
      const found = await eventsNamed(t!.url, 'prefect.automation.action.executed');
      return found.length ? found : undefined;
    }, 'prefect.automation.action.executed');
    expect(executed.payload).toMatchObject({ action_index: 0, action_type: 'call-webhook', status_code: 200 });
    expect(executed.related.map((r: Record<string, string>) => r['prefect.resource.role'])).toEqual([
      'block',
      'block-type',
      'automation-triggered-event',
      'triggering-event',
    ]);

    const firings = await api(t.url, 'GET', `/automations/${automationId}/firings`);
    expect(firings.status).toBe(200);
    expect(firings.json).toHaveLength(1);
    expect(JSON.stringify(firings.json[0])).toContain('succeeded');
    const state = await api(t.url, 'GET', `/automations/${automationId}/state`);
    expect(state.status).toBe(200);
    const explained = await api(t.url, 'POST', `/automations/${automationId}/explain`, { event_id: eventId });
    expect(explained.status).toBe(200);
    expect(explained.json.matched).toBe(true);
  });
});

describe('a server killed mid-delivery', () => {
  it('redelivers after restart with the same webhook-id, and records the action exactly once', async () => {
    const dir = tempDir('herald-e2e-kill-');
    const receiver = await startReceiver();
    const env = { HERALD_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', HERALD_LOG_LEVEL: 'warn', HERALD_RETENTION_ENABLED: 'false' };
    const start = async () => {
      const server = startCli(['server', '--port', '0', '--data-dir', dir.path], env);
      const banner = await waitForOutput(server.stdout, /Press Ctrl-C/);
      return { server, url: `${/Herald listening on (http:\/\/\S+)/.exec(banner)![1]}/api` };
    };
    let first = await start();
    try {
      // The first delivery never gets an answer: the process dies while it waits.
      receiver.respond(() => {});
      const { automationId } = await setUp(first.url, receiver);
      await api(first.url, 'POST', '/events', [
        {
          id: crypto.randomUUID(),
          occurred: new Date().toISOString(),
          event: 'e2e.ping',
          resource: { 'prefect.resource.id': 'e2e.thing' },
        },
      ]);
      await receiver.waitFor(1);
      const exited = once(first.server, 'exit');
      first.server.kill('SIGKILL');
      await exited;

      receiver.respond((_req, res) => res.end('ok'));
      first = await start();
      await receiver.waitFor(2);
      const [a, b] = receiver.requests;
      expect(b.headers['webhook-id']).toBe(a.headers['webhook-id']);
      expect(b.body).toBe(a.body);

      const executed = await eventually(async () => {
        const found = await eventsNamed(first.url, 'prefect.automation.action.executed');
        return found.length ? found : undefined;
      }, 'action.executed');
      expect(executed).toHaveLength(1);
      expect((await eventsNamed(first.url, 'prefect.automation.triggered')).length).toBe(1);
      const firings = await api(first.url, 'GET', `/automations/${automationId}/firings`);
      expect(firings.json).toHaveLength(1);
      // A completed action is never repeated: a third restart delivers nothing more.
      const exited2 = once(first.server, 'exit');
      first.server.kill('SIGINT');
      await exited2;
      first = await start();
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(2);
    } finally {
      first.server.kill('SIGKILL');
      await receiver.close();
      dir.remove();
    }
  });
});
