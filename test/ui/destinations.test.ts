// The destinations pages in a real browser (Chromium via playwright-core) against a real Herald
// server serving the built UI, with a real local HTTP server as the webhook receiver: the empty
// state, a 422 shown at its field, create with the signing secret shown once, "Send test" with the
// receiver's answer, edit, rotation, the list, delete with a confirmation naming the automation that
// uses it, a Slack destination's write-only URL and re-enabling after a 410, an e-mail destination,
// and axe-core on each page.

import { createServer, type AddressInfo } from 'node:net';
import { DestinationsClient, HeraldClient } from '../../sdk/index.js';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../actions/delivery-fixtures.js';
import { automationBody } from '../automations/api-helpers.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

const ID_URL = /\/destinations\/([0-9a-f-]{36})$/;

describe('the destinations pages in Chromium', () => {
  let t: TestServer;
  let receiver: Receiver;
  let client: HeraldClient;
  let destinations: DestinationsClient;
  let browser: Browser;
  let page: Page;
  /** The webhook created through the UI, and the signing secret the UI showed once. */
  let id: string;
  let shownSecret: string;

  beforeAll(async () => {
    // The receiver listens on loopback, which the SSRF guard refuses unless private networks are allowed.
    t = await startTestServer({ settings: { uiDir: builtUi(), webhookAllowPrivateNetworks: true } });
    receiver = await startReceiver();
    client = new HeraldClient({ url: t.url });
    destinations = new DestinationsClient(client);
    browser = await launchBrowser();
    page = await openPage(browser, { clipboard: true });
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  const heading = (name: string | RegExp) => page.getByRole('heading', { name });

  it('says what a destination is and how to add one when there is none', async () => {
    await page.goto(`${t.baseUrl}/destinations`);
    await page.getByText('No destinations yet.').waitFor();
    expect(await page.locator('.dest-empty').textContent()).toContain('A destination is where an automation delivers');
    expect(await page.getByRole('link', { name: /^New .* destination$/ }).allTextContents()).toEqual([
      'New Webhook destination',
      'New Slack destination',
      'New Microsoft Teams destination',
      'New E-mail destination',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows a 422 at the field it names, and creates nothing', async () => {
    await page.getByRole('link', { name: 'New Webhook destination' }).click();
    await page.waitForURL((url) => url.pathname === '/destinations/new' && url.searchParams.get('type') === 'webhook');
    await page.getByLabel('Name', { exact: true }).fill('ops receiver');
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Create Webhook destination' }).click();

    const url = page.getByLabel('URL', { exact: true });
    await page.locator('#dest-config-url-error').filter({ hasText: 'must be an http or https URL' }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description, and focus went to it.
    expect(await url.getAttribute('aria-describedby')).toContain('dest-config-url-error');
    expect(await page.evaluate('document.activeElement.id')).toBe('dest-config-url');
    expect(await page.locator('.dest-banner').count()).toBe(0);
    expect(await destinations.list()).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('creates a webhook and shows its generated signing secret once, with a copy button', async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${receiver.url}/hooks/herald`);
    await page.getByRole('group', { name: 'Secret headers' }).getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Secret headers: name of header 1').fill('Authorization');
    await page.getByLabel('Secret headers: value of header 1').fill('Bearer s3cret');
    await page.getByRole('button', { name: 'Create Webhook destination' }).click();

    await page.waitForURL(ID_URL);
    id = ID_URL.exec(page.url())![1];
    await heading(/you will not see them again/).waitFor();
    const once = page.locator('.dest-secrets-once');
    const generated = once.locator('div', { has: page.locator('dt', { hasText: 'Signing secret (generated)' }) });
    shownSecret = (await generated.locator('code').textContent())!;
    expect(shownSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await once.locator('dd code').allTextContents()).toEqual([shownSecret, 'Bearer s3cret']);

    await page.getByRole('button', { name: 'Copy Signing secret (generated)', exact: true }).click();
    await once.getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(shownSecret);

    expect(await destinations.read(id)).toMatchObject({
      name: 'ops receiver',
      config: { url: `${receiver.url}/hooks/herald`, method: 'POST' },
      secrets_set: ['headers.Authorization', 'signing_secrets.0'],
    });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Once: a reload shows the page without it, and nothing on it holds the secret.
    await page.reload();
    await heading('ops receiver Webhook').waitFor();
    expect(await page.locator('.dest-secrets-once').count()).toBe(0);
    expect(await page.content()).not.toContain(shownSecret);
    await page.getByText('Set: Authorization').waitFor();
  });

  it('sends a test: the receiver gets the signed request and the page shows its answer', async () => {
    receiver.respond((_req, res) => {
      res.statusCode = 202;
      res.end('queued by the test receiver');
    });
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    const answer = page.getByTestId('test-answer');
    await answer.filter({ hasText: 'Delivered' }).waitFor();
    expect(await answer.locator('.dest-answer-head').textContent()).toMatch(/^Delivered · HTTP 202 · \d+ ms round trip$/);
    expect(await answer.locator('pre').textContent()).toBe('queued by the test receiver');

    expect(receiver.requests).toHaveLength(before + 1);
    const got = receiver.requests[before];
    expect(got).toMatchObject({ method: 'POST', url: '/hooks/herald' });
    expect(got.headers.authorization).toBe('Bearer s3cret');
    // The secret the page showed is the one deliveries are signed with.
    expect(() => new Webhook(shownSecret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();

    receiver.respond((_req, res) => {
      res.statusCode = 500;
      res.end('receiver exploded');
    });
    await page.getByRole('button', { name: 'Send test' }).click();
    await answer.filter({ hasText: 'Failed' }).waitFor();
    expect(await answer.locator('.dest-answer-head').textContent()).toMatch(/^Failed · HTTP 500 · \d+ ms/);
    expect(await answer.locator('.dest-answer-error').textContent()).toContain('HTTP 500');
    expect(await answer.locator('pre').textContent()).toBe('receiver exploded');
    receiver.respond((_req, res) => res.end('ok'));
  });

  it('edits: a refused header is shown at its field, then a valid change is saved', async () => {
    const headers = page.getByRole('group', { name: 'Headers', exact: true });
    await headers.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Headers: name of header 1').fill('X-Api-Key');
    await page.getByLabel('Headers: value of header 1').fill('k-123');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#dest-config-headers-error').filter({ hasText: 'X-Api-Key: This header looks like a credential' }).waitFor();

    await headers.getByRole('button', { name: 'Remove header 1' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ops receiver (primary)');
    await page.getByLabel('Method').selectOption('PUT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    await heading('ops receiver (primary) Webhook').waitFor();
    expect(await page.locator('#dest-config-headers-error').count()).toBe(0);
    expect(await destinations.read(id)).toMatchObject({
      name: 'ops receiver (primary)',
      config: { method: 'PUT', headers: {} },
      // Secrets the form did not touch are kept.
      secrets_set: ['headers.Authorization', 'signing_secrets.0'],
    });
  });

  it('rotates the signing secret, keeping the old one when pasted, and shows the new one once', async () => {
    await page.getByRole('button', { name: 'Rotate signing secret…' }).click();
    await page.getByLabel('Current secret to keep signing with (optional)').fill(shownSecret);
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await heading(/you will not see it again/).waitFor();
    const fresh = (await page.locator('.dest-secrets-once dd code').textContent())!;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(shownSecret);
    expect((await destinations.read(id)).secrets_set).toEqual(['headers.Authorization', 'signing_secrets.0', 'signing_secrets.1']);

    // Deliveries are now signed with both: a receiver on either secret accepts them.
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('test-answer').filter({ hasText: 'Delivered · HTTP 200' }).waitFor();
    const got = receiver.requests[before];
    expect(got.method).toBe('PUT');
    for (const secret of [fresh, shownSecret])
      expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });

  it('lists destinations with where they deliver and their status', async () => {
    await destinations.create({
      name: 'on-call mail',
      type: 'email',
      config: { host: 'smtp.example.com', from: 'herald@example.com', to: ['oncall@example.com', 'ops@example.com'] },
      disabled: true,
    });
    await page.getByRole('link', { name: 'Destinations', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/destinations');
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await row('on-call mail').waitFor();
    expect(await row('ops receiver (primary)').locator('td').allTextContents()).toEqual([
      'Webhook',
      `PUT ${receiver.url}/hooks/herald`,
      'Enabled',
      expect.any(String),
    ]);
    expect(await row('on-call mail').locator('td').allTextContents()).toEqual([
      'E-mail',
      'oncall@example.com, ops@example.com via smtp.example.com',
      'Disabled by an operator',
      expect.any(String),
    ]);
    await screenshot(page, 'destinations.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The dark theme's colours (status, badges) pass too.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('deletes after a confirmation that names the automation using it', async () => {
    const automation = await client.requestJson<{ id: string }>(
      'POST',
      '/automations/',
      automationBody({ name: 'page ops on crash', actions: [{ type: 'call-webhook', block_document_id: id, payload: '{}' }] }),
    );
    await page.getByRole('link', { name: 'ops receiver (primary)' }).click();
    await page.waitForURL(ID_URL);

    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “ops receiver (primary)”?' });
    await dialog.getByText('1 automation delivers to it.').waitFor();
    expect(await dialog.getByRole('link', { name: 'page ops on crash' }).getAttribute('href')).toBe(`/automations/${automation.id}`);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Cancel keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await destinations.read(id)).id).toBe(id);

    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete destination' }).click();
    await page.waitForURL((url) => url.pathname === '/destinations');
    await page.getByRole('rowheader', { name: 'ops receiver (primary)' }).waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: 'on-call mail' }).waitFor();
    expect((await destinations.list()).map((d) => d.name)).toEqual(['on-call mail']);
  });

  it('creates a Slack destination whose webhook URL is write-only, and re-enables it after a 410', async () => {
    await page.getByRole('link', { name: 'New destination' }).click();
    await page.waitForURL((url) => url.pathname === '/destinations/new');
    await page.getByRole('radio', { name: /^Slack/ }).check();
    await page.waitForURL((url) => url.searchParams.get('type') === 'slack');
    await page.getByLabel('Name', { exact: true }).fill('ops channel');
    await page.getByRole('button', { name: 'Create Slack destination' }).click();
    // Required and missing: the server's 422 names the secret field.
    await page.locator('#dest-secrets-url-error').filter({ hasText: 'Field required' }).waitFor();

    await page.getByLabel('Incoming-webhook URL (secret)').fill(`${receiver.url}/slack/T000/B000/xyz`);
    await page.getByRole('button', { name: 'Create Slack destination' }).click();
    await page.waitForURL(ID_URL);
    await heading(/you will not see it again/).waitFor();
    expect(await page.locator('.dest-secrets-once dd code').textContent()).toBe(`${receiver.url}/slack/T000/B000/xyz`);
    expect(await page.getByLabel('Incoming-webhook URL (secret)').inputValue()).toBe('');
    await page.getByText('Set — hidden.').waitFor();

    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('test-answer').filter({ hasText: 'Delivered · HTTP 200' }).waitFor();
    expect(receiver.requests[before].url).toBe('/slack/T000/B000/xyz');

    // A 410 Gone disables it; the page shows why, and re-enables it.
    receiver.respond((_req, res) => {
      res.statusCode = 410;
      res.end();
    });
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('test-answer').filter({ hasText: 'Failed · HTTP 410' }).waitFor();
    await page
      .locator('.dest-status-line')
      .getByText(/^Disabled: Receiver answered 410 Gone at /)
      .waitFor();
    await page.getByRole('button', { name: 'Re-enable' }).click();
    await page.locator('.dest-status-line').getByText('Enabled', { exact: true }).waitFor();
    const slackId = ID_URL.exec(page.url())![1];
    expect(await destinations.read(slackId)).toMatchObject({ disabled: false, disabled_reason: null });
    receiver.respond((_req, res) => res.end('ok'));
  });

  it('creates an e-mail destination and shows a refused connection as the test answer', async () => {
    const closedPort = await freePort();
    await page.goto(`${t.baseUrl}/destinations/new?type=email`);
    await page.getByLabel('Name', { exact: true }).fill('mail ops');
    await page.getByLabel('SMTP host').fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(closedPort));
    await page.getByLabel('From', { exact: true }).fill('herald@example.com');
    await page.getByLabel('To', { exact: true }).fill('oncall@example.com, not-an-address');
    await page.getByLabel('Password (secret)').fill('smtp-pw');
    await page.getByRole('button', { name: 'Create E-mail destination' }).click();
    // Two issues, each at its own field: a recipient by index, and a password without a username.
    await page.locator('#dest-config-to-error').filter({ hasText: '1: must be an e-mail address' }).waitFor();
    await page.locator('#dest-secrets-password-error').filter({ hasText: 'needs config.username' }).waitFor();

    await page.getByLabel('To', { exact: true }).fill('oncall@example.com');
    await page.getByLabel('Username (optional)').fill('herald');
    await page.getByRole('button', { name: 'Create E-mail destination' }).click();
    await page.waitForURL(ID_URL);
    await page.locator('.dest-secrets-once').getByText('smtp-pw').waitFor();

    await page.getByRole('button', { name: 'Send test' }).click();
    const answer = page.getByTestId('test-answer');
    await answer.filter({ hasText: 'Failed' }).waitFor();
    expect(await answer.locator('.dest-answer-error').textContent()).toMatch(/ECONNREFUSED|refused/i);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
