// The event feed and event detail in a real browser (Chromium via playwright-core) against a real
// Herald server on a temp SQLite file, serving the built UI: seeded events and their count, a name
// filter and a text search that change list and URL and survive a reload, drag-to-zoom, live tail
// of an event posted during the test, the detail page, the API key prompt, and axe-core.

import { HeraldClient, type EventInput } from '@herald/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, feedCount, feedRows, launchBrowser, screenshot, seriousA11yViolations } from './browser.js';

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

  const count = (text: string) => feedCount(page, text);
  const rows = () => feedRows(page);

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
    // The names are asked for when the picker opens, not with the list (they cost a count of the window).
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page.on('request', onRequest);
    await page.reload();
    await count('12 events');
    expect(asked.filter((p) => p.endsWith('/count-by/event'))).toEqual([]);
    await page.getByText('Event names', { exact: false }).first().click();
    await page.getByRole('checkbox', { name: /^acme\.\*/ }).waitFor();
    page.off('request', onRequest);
    expect(asked.filter((p) => p.endsWith('/count-by/event'))).toHaveLength(1);
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

  it('filters by a related resource in a role and by primary-resource labels, AND-ed, in the URL', async () => {
    await page.goto(`${ui}/events?range=1h`);
    await count('12 events');
    await page.getByLabel('Related role').fill('tag');
    await page.getByLabel('Related role').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('role') === 'tag');
    await count('5 events');
    expect(new Set(await rows().locator('.name').allTextContents())).toEqual(new Set(['acme.job.started']));
    // Role and id on the same related resource: the flow, by an id prefix.
    await page.getByLabel('Related role').fill('flow');
    await page.getByLabel('Related resource id').fill('prefect.flow.*');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('related') === 'prefect.flow.*');
    await count('8 events');
    // A negated label on the primary resource narrows further.
    await page.getByLabel('Label', { exact: true }).fill('prefect.resource.id!=acme.job.1');
    await page.getByLabel('Label', { exact: true }).press('Enter');
    await page.waitForURL((url) => url.searchParams.get('label') === 'prefect.resource.id!=acme.job.1');
    await count('6 events');
    expect(await rows().locator('.resource').allTextContents()).not.toContain('Nightly import 1');
    await page.reload();
    await count('6 events');
    await page.getByRole('button', { name: 'Remove label filter prefect.resource.id!=acme.job.1' }).click();
    await page.waitForURL((url) => !url.searchParams.has('label'));
    await count('8 events');
  });

  it('refuses a malformed label filter in the box instead of sending it', async () => {
    await page.goto(`${ui}/events?range=1h`);
    await count('12 events');
    await page.getByLabel('Label', { exact: true }).fill('just-a-key');
    await page.getByLabel('Label', { exact: true }).press('Enter');
    await page.getByText('A label filter is key=value or key!=value.').waitFor();
    expect(await page.getByLabel('Label', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).searchParams.has('label')).toBe(false);
  });

  it('drops invalid filter values from a hand-edited link and still shows the feed', async () => {
    await page.goto(
      `${ui}/events?range=3y&since=yesterday&label=garbage&label=%3Dx&label=prefect.resource.name%3DNightly%20import%20*&label=prefect.resource.name%3Dignored&role=`,
    );
    // The bad range and labels are dropped; of two conditions on one key the first is kept.
    await count('8 events');
    expect(await page.getByRole('button', { name: /^Remove label filter/ }).allTextContents()).toEqual([
      'prefect.resource.name=Nightly import * ×',
    ]);
  });

  it('offers resource names from count-by/resource and filters by the id', async () => {
    await page.goto(`${ui}/events?range=1h`);
    await count('12 events');
    const box = page.getByLabel('Resource', { exact: true });
    await box.focus();
    const option = page.locator('#resource-options option[value="acme.job.2"]');
    await option.waitFor({ state: 'attached' });
    expect(await option.getAttribute('label')).toMatch(/^Nightly import 2 · 2$/);
    // A name typed in full filters by its id too.
    await box.fill('Nightly import 2');
    await box.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('resource') === 'acme.job.2');
    await count('2 events');
    expect(await box.inputValue()).toBe('acme.job.2');
  });

  it('links resources to their timeline, and narrows the feed from the funnel beside them', async () => {
    await page.goto(`${ui}/events?range=1h&event=acme.job.failed`);
    await count('3 events');
    const row = rows().filter({ hasText: 'Nightly import 2' });
    await row.getByRole('link', { name: 'Filter the feed by Nightly import 2' }).click();
    await page.waitForURL(
      (url) => url.searchParams.get('resource') === 'acme.job.2' && url.searchParams.get('event') === 'acme.job.failed',
    );
    await count('1 event');
    await rows().first().getByRole('link', { name: 'Nightly import 2', exact: true }).click();
    await page.waitForURL(/\/resources\/acme\.job\.2(\?|$)/);
    await page.getByRole('heading', { level: 1, name: /Nightly import 2/ }).waitFor();
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

describe('the feed under load: lower-bound count, held live events, dropped notices', () => {
  // A small exact-count limit makes 60 events a lower bound; a one-event subscriber buffer makes the
  // server drop (and report) all but the first event of a burst posted in one request.
  let t: TestServer;
  let client: HeraldClient;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi(), queryExactTotalLimit: 50, streamSubscriberBuffer: 1 } });
    client = new HeraldClient({ url: t.url });
    const now = Date.now();
    await client.emitEvents(
      Array.from({ length: 60 }, (_, i) => ({
        event: 'load.tick',
        resource: { 'prefect.resource.id': `load.${i}` },
        occurred: now - (i + 1) * 20_000,
      })),
    );
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  const count = (text: string) => feedCount(page, text);
  const rows = () => feedRows(page);

  it('shows a lower bound as "50+ events" when the server counts only that far', async () => {
    await page.goto(`${t.baseUrl}/events`);
    await count('50\\+ events');
  });

  it('holds live events behind an "N new events" pill while scrolled away, and shows them on click', async () => {
    await page.goto(`${t.baseUrl}/events?live=1`);
    await count('50\\+ events');
    await page.getByText('Live: new events appear at the top').waitFor();
    await page.mouse.wheel(0, 1500);
    await page.waitForFunction('window.scrollY > 500');
    await client.emitEvent({ event: 'load.arrived', resource: { 'prefect.resource.id': 'load.new' } });
    const pill = page.getByRole('button', { name: '↑ 1 new event' });
    await pill.waitFor();
    expect(await rows().filter({ hasText: 'load.arrived' }).count()).toBe(0);
    await pill.click();
    await page.waitForFunction('window.scrollY === 0');
    await rows().first().filter({ hasText: 'load.arrived' }).waitFor();
    expect(await pill.count()).toBe(0);
  });

  it("shows the server's dropped notice, keeps it, and re-queries the list from its button", async () => {
    await page.goto(`${t.baseUrl}/events?live=1&event=burst.*`);
    await count('0 events');
    await page.getByText('Live: new events appear at the top').waitFor();
    const now = Date.now();
    // One request, one committed batch: the first event fills the buffer, the other five are dropped.
    await client.emitEvents(
      Array.from({ length: 6 }, (_, i) => ({ event: 'burst.item', resource: { 'prefect.resource.id': `burst.${i}` }, occurred: now + i })),
    );
    const notice = page.getByRole('alert').filter({ hasText: 'The server dropped 5 live events' });
    await notice.waitFor();
    // The live tail fetched the gap again: all six are on screen, yet the notice stays.
    await count('0 events · 6 live');
    expect(await rows().count()).toBe(6);
    expect(await notice.isVisible()).toBe(true);
    await notice.getByRole('button', { name: 'Re-query the list' }).click();
    await count('6 events');
    expect(await notice.count()).toBe(0);
  });
});

describe('the event detail page', () => {
  let t: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let leader: string;
  let day: string;
  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi() } });
    const client = new HeraldClient({ url: t.url });
    const now = Date.now();
    const [first] = (
      await client.emitEvents([
        {
          event: 'ops.deploy.started',
          resource: { 'prefect.resource.id': 'ops.service.api', 'prefect.resource.name': 'API service' },
          related: [{ 'prefect.resource.id': 'ops.team.core', 'prefect.resource.role': 'team' }],
          payload: { version: '2.4.1', commit: '9f1c2ab', regions: ['eu-west-1', 'us-east-1'] },
          occurred: now - 60_000,
        },
      ])
    ).events;
    leader = first.id;
    day = first.occurred.slice(0, 10);
    await client.emitEvents([
      { event: 'ops.deploy.finished', resource: { 'prefect.resource.id': 'ops.service.api' }, follows: first, occurred: now - 30_000 },
      { event: 'ops.deploy.verified', resource: { 'prefect.resource.id': 'ops.check.smoke' }, follows: first, occurred: now - 20_000 },
      { event: 'ops.unrelated', resource: { 'prefect.resource.id': 'ops.service.api' }, occurred: now - 10_000 },
    ]);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the events that follow this one, each linking back through `follows`', async () => {
    await page.goto(`${t.baseUrl}/events/event/${day}/${leader}`);
    const followers = page.getByRole('region', { name: 'Followed by' });
    await followers.getByRole('link', { name: 'Ops Deploy Finished' }).waitFor();
    expect(await followers.getByRole('link').allTextContents()).toEqual(['Ops Deploy Finished', 'Ops Deploy Verified']);
    await followers.getByRole('link', { name: 'Ops Deploy Verified' }).click();
    await page.getByRole('heading', { level: 1, name: /Ops Deploy Verified/ }).waitFor();
    await page.getByRole('link', { name: leader }).click();
    await page.waitForURL(`${t.baseUrl}/events/event/${day}/${leader}`);
    await page.getByRole('heading', { level: 1, name: /Ops Deploy Started/ }).waitFor();
  });

  it('copies the ID and the link from the actions menu', async () => {
    await page.goto(`${t.baseUrl}/events/event/${day}/${leader}`);
    await page.getByText('Actions', { exact: true }).click();
    await page.getByRole('button', { name: 'Copy ID' }).click();
    await page.locator('.menu-panel li').filter({ hasText: 'Copy ID' }).getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(leader);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.menu-panel li').filter({ hasText: 'Copy link' }).getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${t.baseUrl}/events/event/${day}/${leader}`);
    await screenshot(page, 'event-detail.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Esc closes the open menu first (and stays on the page).
    await page.keyboard.press('Escape');
    expect(await page.locator('details.menu[open]').count()).toBe(0);
    expect(page.url()).toBe(`${t.baseUrl}/events/event/${day}/${leader}`);
  });

  it('"Automate" opens the automation editor with this event', async () => {
    await page.goto(`${t.baseUrl}/events/event/${day}/${leader}`);
    await page.getByText('Actions', { exact: true }).click();
    await page.getByRole('link', { name: 'Automate…' }).click();
    await page.waitForURL((url) => url.pathname === '/automations/create');
    const url = new URL(page.url());
    expect(url.searchParams.get('eventId')).toBe(leader);
    expect(url.searchParams.get('eventDate')).toBe(day);
  });

  it('links the resource and related resources to their timelines', async () => {
    await page.goto(`${t.baseUrl}/events/event/${day}/${leader}`);
    await page.getByRole('link', { name: 'ops.team.core' }).click();
    await page.waitForURL(`${t.baseUrl}/resources/ops.team.core`);
    await page.goBack();
    await page.getByRole('link', { name: 'API service' }).click();
    await page.waitForURL(`${t.baseUrl}/resources/ops.service.api`);
  });

  it('goes back to the feed with Esc, the feed as it was', async () => {
    await page.goto(`${t.baseUrl}/events?range=1h&event=ops.deploy.*`);
    await page
      .getByTestId('count')
      .filter({ hasText: /^3 events/ })
      .waitFor();
    await page.getByRole('link', { name: 'Ops Deploy Started' }).click();
    await page.getByRole('heading', { level: 1, name: /Ops Deploy Started/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/events' && url.searchParams.get('event') === 'ops.deploy.*');
    await page
      .getByTestId('count')
      .filter({ hasText: /^3 events/ })
      .waitFor();
  });
});
