// The event feed and event detail in a real browser (Chromium via playwright-core) against a real
// Herald server on a temp SQLite file, serving the built UI: seeded events and their count, a name
// filter and a text search that change list and URL and survive a reload, drag-to-zoom, live tail
// of an event posted during the test, the detail page, the API key prompt, and axe-core.

import { HeraldClient, type EventInput } from '@herald/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, launchBrowser, screenshot, seriousA11yViolations } from './browser.js';

const MIN = 60_000;
const job = (n: number) => ({ 'prefect.resource.id': `acme.job.${n}`, 'prefect.resource.name': `Nightly import ${n}` });
const flow = { 'prefect.resource.id': 'prefect.flow.etl', 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' };
const tag = (t: string) => ({ 'prefect.resource.id': `prefect.tag.${t}`, 'prefect.resource.role': 'tag' });

/** 12 events over the last 40 minutes: 5 started, 3 failed (acme.*), 4 invoices (billing.*). */
function seed(now: number): EventInput[] {
  const events: EventInput[] = [];
  for (let i = 0; i < 5; i++)
    events.push({
      event: 'acme.job.started',
      resource: job(i),
      related: [flow, tag('nightly')],
      payload: { attempt: i },
      occurred: now - (40 - i) * MIN,
    });
  for (let i = 0; i < 3; i++)
    events.push({
      event: 'acme.job.failed',
      resource: job(i),
      related: [flow],
      payload: { error: { type: 'Timeout', seconds: 30 + i }, attempt: i },
      occurred: now - (20 - i) * MIN,
    });
  for (let i = 0; i < 4; i++)
    events.push({
      event: 'billing.invoice.paid',
      resource: { 'prefect.resource.id': `billing.invoice.${i}` },
      payload: { amount: 100 * (i + 1) },
      occurred: now - (10 - i) * MIN,
    });
  return events;
}

describe('the web UI in Chromium', () => {
  let t: TestServer;
  let client: HeraldClient;
  let browser: Browser;
  let page: Page;
  let ui: string;
  let seededAt: number;

  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi() } });
    ui = t.baseUrl;
    client = new HeraldClient({ url: t.url });
    seededAt = Date.now();
    await client.emitEvents(seed(seededAt));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
    // Fail with Playwright's message well before the test's own timeout.
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const count = (text: string) =>
    page
      .getByTestId('count')
      .filter({ hasText: new RegExp(`^${text}`) })
      .waitFor();
  const rows = () => page.locator('ol.events > li');

  it('shows the seeded events, newest first, with their count', async () => {
    await page.goto(`${ui}/events`);
    await count('12 events');
    await rows().nth(11).waitFor();
    expect(await rows().count()).toBe(12);
    const first = rows().first();
    expect(await first.locator('.label').textContent()).toBe('Billing Invoice Paid');
    expect(await first.locator('.name').textContent()).toBe('billing.invoice.paid');
    // Role-grouped related chips and the resource name before its id.
    const started = rows().filter({ hasText: 'acme.job.started' }).first();
    expect(await started.locator('.resource').textContent()).toMatch(/^Nightly import \d$/);
    expect(await started.locator('.group .role').allTextContents()).toEqual(['flow', 'tag']);
    await page.locator('.histogram canvas').first().waitFor();
    await screenshot(page, 'events-feed.png');
  });

  it('has no serious accessibility violations on the feed', async () => {
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('filters by an event-name prefix: list, count and URL change, and a reload restores the view', async () => {
    await page.getByText('Event names', { exact: false }).first().click();
    await page.getByRole('checkbox', { name: /^acme\.\*/ }).check();
    await page.waitForURL((url) => url.searchParams.get('event') === 'acme.*');
    await count('8 events');
    await page.keyboard.press('Escape');
    await page.reload();
    await count('8 events');
    expect(await rows().count()).toBe(8);
    expect(await page.getByRole('button', { name: 'Remove event filter acme.*' }).count()).toBe(1);
  });

  it('searches text from the `/` shortcut, in the URL too', async () => {
    await page.goto(`${ui}/events?range=1h`);
    await count('12 events');
    await page.keyboard.press('/');
    await page.keyboard.type('Timeout');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Timeout');
    await count('3 events');
    expect(await rows().count()).toBe(3);
  });

  it('zooms to a dragged range: an absolute since/until in the URL', async () => {
    await page.goto(`${ui}/events?range=1h`);
    await count('12 events');
    const box = (await page.locator('.histogram .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL((url) => url.searchParams.has('since') && url.searchParams.has('until'));
    const url = new URL(page.url());
    const since = Date.parse(url.searchParams.get('since')!);
    const until = Date.parse(url.searchParams.get('until')!);
    expect(until - since).toBeGreaterThan(10 * MIN);
    expect(until - since).toBeLessThan(25 * MIN);
    await page
      .getByRole('status')
      .filter({ hasText: /events?$/ })
      .waitFor();
  });

  it('shows a custom absolute range typed in', async () => {
    await page.goto(`${ui}/events`);
    await count('12 events');
    // datetime-local takes local time; the browser runs in this process's time zone.
    const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * MIN).toISOString().slice(0, 16);
    await page.getByText('Custom range').click();
    await page.getByLabel('From', { exact: true }).fill(local(seededAt - 30 * MIN));
    await page.getByLabel('To', { exact: true }).fill(local(seededAt - 15 * MIN));
    await page.getByRole('button', { name: 'Show range' }).click();
    await page.waitForURL((url) => url.searchParams.has('since') && url.searchParams.has('until'));
    await count('3 events');
    expect(await rows().locator('.name').allTextContents()).toEqual(['acme.job.failed', 'acme.job.failed', 'acme.job.failed']);
  });

  it('live-tails an event posted while the page is open', async () => {
    await page.goto(`${ui}/events?live=1`);
    await count('12 events');
    await page.getByText('Live: new events appear at the top').waitFor();
    await client.emitEvent({
      event: 'acme.deploy.completed',
      resource: { 'prefect.resource.id': 'acme.deploy.42' },
      payload: { sha: 'abc123' },
    });
    await rows().filter({ hasText: 'acme.deploy.completed' }).waitFor();
    await count('12 events · 1 live');
    expect(await rows().first().locator('.name').textContent()).toBe('acme.deploy.completed');
  });

  it('opens an event from its row: summary, resources, payload tree, raw JSON', async () => {
    await page.goto(`${ui}/events?event=acme.job.failed`);
    await count('3 events');
    await rows().first().locator('.label').click();
    await page.waitForURL(/\/events\/event\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: /Acme Job Failed/ }).waitFor();
    const tree = page.getByRole('list', { name: 'Payload' });
    await tree.getByText('"Timeout"').waitFor();
    expect(await tree.textContent()).toContain('seconds: 32');
    expect(await page.getByRole('link', { name: 'etl' }).count()).toBe(1);
    await page.getByText('Show the event as received').click();
    expect(await page.locator('pre.raw').textContent()).toContain('"event": "acme.job.failed"');
    await screenshot(page, 'event-detail.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('moves through the feed with j/k and opens with Enter', async () => {
    await page.goto(`${ui}/events?event=billing.*`);
    await count('4 events');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await page.locator('ol.events > li[aria-current="true"]').getAttribute('data-index')).toBe('1');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/events\/event\//);
    await page.getByRole('heading', { level: 1, name: /Billing Invoice Paid/ }).waitFor();
  });

  it('renders the dark theme from prefers-color-scheme', async () => {
    const dark = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
    await dark.goto(`${ui}/events`);
    await dark
      .getByTestId('count')
      .filter({ hasText: /events/ })
      .waitFor();
    const bg = await dark.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(15, 18, 22)');
    await screenshot(dark, 'events-feed-dark.png');
    expect(await seriousA11yViolations(dark)).toEqual([]);
    await dark.close();
  });
});

describe('the web UI with an API key', () => {
  let t: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'ui-secret', uiDir: builtUi() } });
    await new HeraldClient({ url: t.url, apiKey: 'ui-secret' }).emitEvent({
      event: 'secure.thing.happened',
      resource: { 'prefect.resource.id': 's.1' },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks for the key once per tab, then shows the feed', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${t.baseUrl}/events`);
    await page.getByRole('heading', { name: 'API key required' }).waitFor();
    await page.getByLabel('API key', { exact: true }).fill('ui-secret');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByTestId('count')
      .filter({ hasText: /^1 event$/ })
      .waitFor();
    await page.reload();
    await page
      .getByTestId('count')
      .filter({ hasText: /^1 event$/ })
      .waitFor();
    expect(await page.evaluate("sessionStorage.getItem('herald.apiKey')")).toBe('ui-secret');
  });
});
