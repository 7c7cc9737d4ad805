// send-notification against local stand-ins: HTTP receivers for Slack, Teams and a generic webhook
// (signatures verified with `standardwebhooks`), and a real SMTP server (`smtp-server`).

import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUBJECT, sendNotificationExecutor } from '../../src/actions/send-notification.js';
import { ActionFailed, ActionRetry, type ActionOutcome } from '../../src/actions/types.js';
import { generateSecret } from '../../src/actions/webhook/signing.js';
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
  t = deliveryDeps(backend.storage, { webhookTimeout: 5000 });
});
afterEach(async () => {
  await t.close();
  await receiver.close();
});

const notify = (d: DestinationRecord, fields: Record<string, unknown>): Promise<ActionOutcome> =>
  sendNotificationExecutor.execute(actionRun({ type: 'send-notification', block_document_id: d.id, ...fields }, t.clock), t.deps);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the notification to fail');
    },
    (e: unknown) => e,
  );
}

describe('send-notification over HTTP', () => {
  it('posts a Slack message with the rendered subject and body', async () => {
    const d = await storeDestination(backend.storage, t.clock, {
      type: 'slack',
      name: 'alerts',
      config: {},
      secrets: { url: `${receiver.url}/services/T0/B0/x` },
    });
    const outcome = await notify(d, { subject: 'Disk on {{ event.resource.name }}', body: '{{ event.payload.percent }}% used' });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].url).toBe('/services/T0/B0/x');
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ text: '*Disk on web-1*\n93% used' });
    expect(outcome.details.status_code).toBe(200);
    expect(outcome.related).toEqual([
      { 'prefect.resource.id': `prefect.block-document.${d.id}`, 'prefect.resource.role': 'block', 'prefect.resource.name': 'alerts' },
      { 'prefect.resource.id': 'prefect.block-type.slack-webhook', 'prefect.resource.role': 'block-type' },
    ]);
  });

  it('posts a Teams MessageCard, with Prefect’s default subject when none is given', async () => {
    const d = await storeDestination(backend.storage, t.clock, {
      type: 'teams',
      config: {},
      secrets: { url: `${receiver.url}/webhookb2/abc` },
    });
    await notify(d, { body: 'Automation {{ automation.name }} fired' });
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
      '@type': 'MessageCard',
      title: DEFAULT_SUBJECT,
      text: 'Automation Disk almost full fired',
    });
  });

  it('posts signed JSON {subject, body} to a generic webhook', async () => {
    const secret = generateSecret();
    const d = await storeDestination(backend.storage, t.clock, {
      type: 'webhook',
      config: { url: `${receiver.url}/notify`, method: 'PUT', headers: {} },
      secrets: { signing_secrets: [secret], headers: {} },
    });
    await notify(d, { subject: 'Hi', body: 'There' });
    const req = receiver.requests[0];
    expect(req.method).toBe('PUT');
    expect(new Webhook(secret).verify(req.body, req.headers as Record<string, string>)).toEqual({ subject: 'Hi', body: 'There' });
  });

  it('retries a 500 with a notification_log that does not reveal the secret URL', async () => {
    const d = await storeDestination(backend.storage, t.clock, {
      type: 'slack',
      config: {},
      secrets: { url: `${receiver.url}/services/SECRET-TOKEN` },
    });
    receiver.respond((_req, res) => {
      res.statusCode = 500;
      res.end('internal_error');
    });
    const err = await rejection(notify(d, { body: 'x' }));
    expect(err).toBeInstanceOf(ActionRetry);
    const retry = err as ActionRetry;
    expect(retry.message).toMatch(/^Notification failed \(Slack webhook\): HTTP 500/);
    expect(retry.details.notification_log).toBe('Slack webhook: HTTP 500 — response: internal_error');
    expect(JSON.stringify(retry.details) + retry.message).not.toContain('SECRET-TOKEN');
  });

  it('disables the destination on 410 and fails on other 4xx', async () => {
    const d = await storeDestination(backend.storage, t.clock, { type: 'teams', config: {}, secrets: { url: receiver.url } });
    receiver.respond((_req, res) => {
      res.statusCode = 404;
      res.end('no such webhook');
    });
    expect(await rejection(notify(d, { body: 'x' }))).toBeInstanceOf(ActionFailed);
    expect((await backend.storage.automation.destinations.get(d.workspaceId, d.id))?.disabled).toBe(false);
    receiver.respond((_req, res) => {
      res.statusCode = 410;
      res.end();
    });
    const gone = (await rejection(notify(d, { body: 'x' }))) as ActionFailed;
    expect(gone).toBeInstanceOf(ActionFailed);
    expect(gone.details.notification_log).toMatch(/410/);
    expect((await backend.storage.automation.destinations.get(d.workspaceId, d.id))?.disabled).toBe(true);
  });

  it('fails a template that cannot render, naming it', async () => {
    const d = await storeDestination(backend.storage, t.clock, { type: 'slack', config: {}, secrets: { url: receiver.url } });
    const err = (await rejection(notify(d, { subject: 'ok', body: '{% for %}' }))) as ActionFailed;
    expect(err).toBeInstanceOf(ActionFailed);
    expect(err.details.template_source).toBe('{% for %}');
    expect(receiver.requests).toHaveLength(0);
  });
});

interface Mail {
  from: string;
  to: string[];
  raw: string;
  user?: string;
  password?: string;
}

/** A local SMTP server that records what it accepts; `reject` answers a recipient with a code. */
async function startSmtp(options: { rejectRecipient?: { code: number; message: string } } = {}) {
  const mails: Mail[] = [];
  let auth: { user?: string; password?: string } = {};
  const config: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    onAuth(a, _session, cb) {
      auth = { user: a.username, password: a.password ?? undefined };
      cb(null, { user: a.username });
    },
    onRcptTo(address, _session, cb) {
      const r = options.rejectRecipient;
      if (r) return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          ...auth,
        });
        cb();
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('send-notification by e-mail', () => {
  const emailDestination = (port: number, extra: Record<string, unknown> = {}) =>
    storeDestination(backend.storage, t.clock, {
      type: 'email',
      name: 'on-call mail',
      config: {
        host: '127.0.0.1',
        port,
        secure: false,
        starttls: 'disabled',
        username: 'herald',
        from: 'herald@example.com',
        to: ['ops@example.com', 'dev@example.com'],
        ...extra,
      },
      secrets: { password: 'hunter2' },
    });

  it('sends from/to/subject/body over SMTP with the configured credentials', async () => {
    const smtp = await startSmtp();
    try {
      const d = await emailDestination(smtp.port);
      const outcome = await notify(d, { subject: 'Disk on {{ event.resource.name }}', body: 'Usage is {{ event.payload.percent }}%.' });
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0];
      expect(mail.from).toBe('herald@example.com');
      expect(mail.to).toEqual(['ops@example.com', 'dev@example.com']);
      expect(mail.raw).toMatch(/^Subject: Disk on web-1\r?$/m);
      expect(mail.raw).toContain('Usage is 93%.');
      expect(mail.user).toBe('herald');
      expect(mail.password).toBe('hunter2');
      expect(outcome.details.accepted).toEqual(['ops@example.com', 'dev@example.com']);
      expect(outcome.related[1]).toEqual({ 'prefect.resource.id': 'prefect.block-type.email', 'prefect.resource.role': 'block-type' });
    } finally {
      await smtp.close();
    }
  });

  it('retries an SMTP 4xx and fails an SMTP 5xx, with a notification_log', async () => {
    const busy = await startSmtp({ rejectRecipient: { code: 451, message: 'try again later' } });
    const refused = await startSmtp({ rejectRecipient: { code: 550, message: 'no such user' } });
    try {
      const retry = await rejection(notify(await emailDestination(busy.port), { body: 'x' }));
      expect(retry).toBeInstanceOf(ActionRetry);
      expect((retry as ActionRetry).details.notification_log).toMatch(/try again later/);
      const failed = await rejection(notify(await emailDestination(refused.port), { body: 'x' }));
      expect(failed).toBeInstanceOf(ActionFailed);
      expect((failed as ActionFailed).details).toMatchObject({
        smtp_response_code: 550,
        notification_log: expect.stringMatching(/no such user/),
      });
      expect(JSON.stringify((failed as ActionFailed).details)).not.toContain('hunter2');
    } finally {
      await busy.close();
      await refused.close();
    }
  });

  it('retries when the SMTP server cannot be reached, and refuses internal hosts by default', async () => {
    const smtp = await startSmtp();
    const port = smtp.port;
    await smtp.close();
    expect(await rejection(notify(await emailDestination(port), { body: 'x' }))).toBeInstanceOf(ActionRetry);

    const open = await startSmtp();
    try {
      const d = await emailDestination(open.port);
      const guarded = { ...t.deps, settings: { ...t.deps.settings, webhookAllowPrivateNetworks: false } };
      const err = await sendNotificationExecutor
        .execute(actionRun({ type: 'send-notification', block_document_id: d.id, body: 'x' }, t.clock), guarded)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(ActionFailed);
      expect((err as ActionFailed).message).toMatch(/internal address/);
      expect(open.mails).toHaveLength(0);
    } finally {
      await open.close();
    }
  });
});
