// The inbound webhooks pages in a real browser (Chromium via playwright-core) against a real Herald
// server serving the built UI: the empty state, the template checked as you type and a refused save
// at its fields, "Try it" on a draft (the event it makes; a failure with its line and what was
// rendered), create with the Static preset, a real HTTP request to the URL the list shows becoming an
// event the "Events" link finds, the enabled switch, a GitHub signature whose generated secret is
// shown once, an unsigned request found through "Failures", "Try it" on a saved webhook, rotating the
// URL and the secret, delete, and axe-core on each page.

import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeraldClient, WebhooksClient } from '../../sdk/index.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, feedCount, feedRows, launchBrowser, openPage, screenshot, seriousA11yViolations } from './browser.js';

const ID_URL = /\/webhooks\/([0-9a-f-]{36})$/;

describe('the webhooks pages in Chromium', () => {
  let t: TestServer;
  let webhooks: WebhooksClient;
  let browser: Browser;
  let page: Page;
  /** The webhook created through the UI, and the URL the UI showed for it. */
  let id: string;
  let hookUrl: string;
  let githubSecret: string;

  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi() } });
    webhooks = new WebhooksClient(new HeraldClient({ url: t.url }));
    browser = await launchBrowser();
    page = await openPage(browser, { clipboard: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const heading = (name: string | RegExp) => page.getByRole('heading', { name });
  const template = () => page.getByLabel('Event template');
  const answer = () => page.getByTestId('try-answer');
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('says what a webhook is and how to create one when there is none', async () => {
    await page.goto(`${t.baseUrl}/webhooks`);
    await page.getByText('No webhooks yet.').waitFor();
    expect(await page.locator('.wh-empty').textContent()).toContain('A webhook is a URL on this server that turns requests');
    expect(await page.getByRole('link', { name: 'Webhooks', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('checks the template as you type and shows a refused save at its fields', async () => {
    await page.getByRole('link', { name: 'New webhook' }).click();
    await page.waitForURL((url) => url.pathname === '/webhooks/new');
    await heading('New webhook').waitFor();

    await template().fill('{"event": "{{ body.event_name "}');
    const error = page.locator('#wh-template-error');
    await error.filter({ hasText: /^Line 1: unexpected char/ }).waitFor();
    expect(await template().getAttribute('aria-invalid')).toBe('true');
    expect(await template().getAttribute('aria-describedby')).toContain('wh-template-error');

    // Saving anyway: the server refuses, each issue at its field, and focus goes to the first.
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.locator('#wh-name-error').filter({ hasText: 'not blank' }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('wh-name');
    // Said once, though both the save and the check as you type found it.
    expect(await error.textContent()).toMatch(/^Line 1: unexpected char [^;]*$/);
    expect(await page.locator('.wh-banner').count()).toBe(0);
    expect(await webhooks.list()).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('tries a draft: the event it makes, and a failure with its line and what was rendered', async () => {
    await page.getByRole('button', { name: 'Dynamic', exact: true }).click();
    await page.locator('#wh-template-error').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Try it', exact: true }).click();
    await answer().filter({ hasText: 'Makes this event' }).waitFor();
    const event = JSON.parse((await page.getByTestId('try-event').textContent())!);
    expect(event).toMatchObject({
      event: 'order.created',
      resource: { 'prefect.resource.id': 'my.resource.42' },
      payload: { event_name: 'order.created', id: '42' },
      related: [{ 'prefect.resource.role': 'webhook' }],
    });

    // A template that fails on this request, at line 3.
    await template().fill('{\n  "event": "x",\n  "n": {{ 1 // body.zero }}\n}');
    await page.getByLabel('Body', { exact: true }).fill('{"zero": 0}');
    await page.getByRole('button', { name: 'Try it', exact: true }).click();
    await answer().filter({ hasText: 'Would fail' }).waitFor();
    expect(await answer().locator('.wh-answer-head').textContent()).toBe('Would fail template · line 3');
    expect(await page.getByTestId('try-error').textContent()).toContain('division');

    // Output that is not an event: the message, and what the template rendered.
    await template().fill('{\n  "event": "x",\n  "resource": {{ body.zero }}\n}');
    await page.getByRole('button', { name: 'Try it', exact: true }).click();
    await answer().filter({ hasText: 'Would fail validation' }).waitFor();
    expect(await page.getByTestId('try-error').textContent()).toContain('not a valid event');
    expect(await page.getByTestId('try-rendered').textContent()).toBe('{\n  "event": "x",\n  "resource": 0\n}');

    // A header line without a colon is named before anything is sent.
    await page.getByLabel('Headers', { exact: true }).fill('Content-Type: application/json\nnot a header');
    await page.getByRole('button', { name: 'Try it', exact: true }).click();
    await page.locator('#wh-try-headers-error').filter({ hasText: 'Line 2' }).waitFor();
    await page.getByLabel('Headers', { exact: true }).fill('Content-Type: application/json');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('creates a webhook with the Static preset: it is listed with its URL, and a POST to it makes an event', async () => {
    await page.getByRole('button', { name: 'Static', exact: true }).click();
    expect(await template().inputValue()).toBe('{"event": "my.event", "resource": {"prefect.resource.id": "my.resource"}}');
    await page.getByLabel('Name', { exact: true }).fill('ci hooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.waitForURL(ID_URL);
    id = ID_URL.exec(page.url())![1];
    await heading('ci hooks Enabled').waitFor();
    // Unsigned: no secret to show.
    expect(await page.locator('.wh-secret-once').count()).toBe(0);
    const stored = await webhooks.read(id);
    hookUrl = `${t.baseUrl}/hooks/${stored.slug}`;
    expect(stored).toMatchObject({ name: 'ci hooks', enabled: true, signature: null, template: expect.stringContaining('my.event') });
    expect(await page.getByTestId('hook-url').textContent()).toBe(hookUrl);

    await page.getByRole('link', { name: 'Webhooks', exact: true }).first().click();
    await page.waitForURL((url) => url.pathname === '/webhooks');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'ci hooks', exact: true }) });
    await row.waitFor();
    expect(await row.locator('.wh-url').textContent()).toBe(hookUrl);
    expect(await row.locator('td').nth(2).textContent()).toBe('unsigned');
    await row.getByRole('button', { name: 'Copy URL of ci hooks' }).click();
    await row.getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(hookUrl);

    const res = await post(hookUrl, '{"hello": "world"}');
    expect(res.status).toBe(204);

    await row.getByRole('link', { name: 'Events from ci hooks' }).click();
    await page.waitForURL((url) => url.pathname === '/events');
    const search = new URL(page.url()).searchParams;
    expect(Object.fromEntries(search)).toEqual({ role: 'webhook', related: `prefect-cloud.webhook.${id}` });
    await feedCount(page, '1 event');
    await feedRows(page).filter({ hasText: 'my.event' }).waitFor();
  });

  it('turns a webhook off and on with its switch', async () => {
    await page.goto(`${t.baseUrl}/webhooks`);
    const toggle = page.getByRole('switch', { name: 'Enabled: ci hooks' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.click();
    await page.locator('.wh-toggle').getByText('Off').waitFor();
    await expect.poll(async () => (await webhooks.read(id)).enabled).toBe(false);
    expect((await post(hookUrl, '{}')).status).toBe(404);

    await toggle.click();
    await page.locator('.wh-toggle').getByText('On').waitFor();
    await expect.poll(async () => (await webhooks.read(id)).enabled).toBe(true);
    expect((await post(hookUrl, '{}')).status).toBe(204);

    await screenshot(page, 'webhooks-list.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('sets a GitHub signature and shows the generated secret once, with a copy button', async () => {
    await page.getByRole('link', { name: 'ci hooks', exact: true }).click();
    await page.waitForURL(ID_URL);
    await page.getByLabel('Senders sign with').selectOption('github');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading('Store this signing secret now: you will not see it again').waitFor();
    githubSecret = (await page.locator('.wh-secret-once code').textContent())!;
    expect(githubSecret).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Copy signing secret' }).click();
    await page.locator('.wh-secret-once').getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(githubSecret);
    expect((await webhooks.read(id)).signature).toMatchObject({ preset: 'github', secret_set: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The secret works: a request signed with it is an event.
    const body = '{"ref": "refs/heads/main"}';
    const signature = `sha256=${createHmac('sha256', githubSecret).update(body).digest('hex')}`;
    expect((await post(hookUrl, body, { 'x-hub-signature-256': signature })).status).toBe(204);

    // Once: a reload shows the page without it, and nothing on it holds the secret.
    await page.reload();
    await heading('ci hooks Enabled').waitFor();
    expect(await page.locator('.wh-secret-once').count()).toBe(0);
    expect(await page.content()).not.toContain(githubSecret);
    await page.getByText('A secret is set (never shown).', { exact: false }).waitFor();
  });

  it('finds a refused request through the Failures link', async () => {
    expect((await post(hookUrl, '{"unsigned": true}')).status).toBe(400);
    await page.locator('.wh-endpoint').getByRole('link', { name: 'Failures' }).click();
    await page.waitForURL((url) => url.pathname === '/events');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      event: 'prefect-cloud.webhook.failed',
      resource: `prefect-cloud.webhook.${id}`,
    });
    await feedCount(page, '1 event');
    await feedRows(page).filter({ hasText: 'prefect-cloud.webhook.failed' }).waitFor();
    await page.goBack();
    await page.waitForURL(ID_URL);
  });

  it('tries a request on the saved webhook, with the template as edited', async () => {
    await heading('ci hooks Enabled').waitFor();
    await page.getByRole('button', { name: 'Dynamic', exact: true }).click();
    await page.getByRole('button', { name: 'Try it', exact: true }).click();
    await answer().filter({ hasText: 'Makes this event' }).waitFor();
    const event = JSON.parse((await page.getByTestId('try-event').textContent())!);
    expect(event).toMatchObject({
      event: 'order.created',
      related: [
        { 'prefect.resource.id': `prefect-cloud.webhook.${id}`, 'prefect.resource.name': 'ci hooks', 'prefect.resource.role': 'webhook' },
      ],
    });
    // Trying saves nothing.
    expect((await webhooks.read(id)).template).toContain('my.event');
    await screenshot(page, 'webhooks-edit.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('rotates the URL after a confirmation: the old one stops working', async () => {
    await page.getByRole('button', { name: 'Rotate URL…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Give this webhook a new URL?' });
    await dialog.getByText('The old URL stops working at once').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(`${t.baseUrl}/hooks/${(await webhooks.read(id)).slug}`).toBe(hookUrl);

    await page.getByRole('button', { name: 'Rotate URL…' }).click();
    await dialog.getByRole('button', { name: 'Rotate URL' }).click();
    await page.getByText('New URL in place: the old one no longer works.').waitFor();
    const fresh = `${t.baseUrl}/hooks/${(await webhooks.read(id)).slug}`;
    expect(fresh).not.toBe(hookUrl);
    expect(await page.getByTestId('hook-url').textContent()).toBe(fresh);
    expect((await post(hookUrl, '{}')).status).toBe(404);
    hookUrl = fresh;
  });

  it('rotates the secret and shows the new one once; the old one is still accepted for a while', async () => {
    await page.getByRole('button', { name: 'Rotate secret…' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await heading('Store this signing secret now: you will not see it again').waitFor();
    const fresh = (await page.locator('.wh-secret-once code').textContent())!;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(githubSecret);
    await page.getByText('The previous secret is still accepted until').waitFor();
    const body = '{}';
    for (const secret of [fresh, githubSecret]) {
      const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      expect((await post(hookUrl, body, { 'x-hub-signature-256': signature })).status).toBe(204);
    }
    await page.getByRole('button', { name: 'I have stored it: hide' }).click();
    await page.locator('.wh-secret-once').waitFor({ state: 'detached' });
  });

  it('deletes after a confirmation', async () => {
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “ci hooks”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL((url) => url.pathname === '/webhooks');
    await page.getByText('No webhooks yet.').waitFor();
    expect(await webhooks.list()).toEqual([]);
    expect((await post(hookUrl, '{}')).status).toBe(404);
  });
});
