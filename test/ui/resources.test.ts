// The resource timeline (/resources/<id>) in Chromium against a real server: every event where the
// resource is primary or related, with the feed's histogram, filters and live tail; its latest
// labels; and the automations whose triggers pick it out (and not those that do not).

import { HeraldClient } from '@herald/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, feedCount, feedRows, launchBrowser, screenshot, seriousA11yViolations } from './browser.js';

const MIN = 60_000;
const job1 = (team: string) => ({ 'prefect.resource.id': 'acme.job.1', 'prefect.resource.name': 'Nightly import', team });

/** A trigger that picks resources out but never fires: no event is named `never.happens`. */
const trigger = (spec: Record<string, unknown>) => ({
  type: 'event',
  posture: 'Reactive',
  expect: ['never.happens'],
  threshold: 1,
  within: 0,
  ...spec,
});

describe('the resource timeline', () => {
  let t: TestServer;
  let client: HeraldClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi() } });
    client = new HeraldClient({ url: t.url });
    const now = Date.now();
    await client.emitEvents([
      { event: 'acme.job.started', resource: job1('data'), occurred: now - 30 * MIN },
      {
        event: 'acme.pipeline.ran',
        resource: { 'prefect.resource.id': 'acme.pipeline.7' },
        related: [{ 'prefect.resource.id': 'acme.job.1', 'prefect.resource.role': 'job' }],
        occurred: now - 20 * MIN,
      },
      { event: 'acme.job.failed', resource: job1('platform'), payload: { error: 'disk full' }, occurred: now - 10 * MIN },
      { event: 'acme.job.started', resource: { 'prefect.resource.id': 'acme.job.2' }, occurred: now - 5 * MIN },
      { event: 'acme.file.landed', resource: { 'prefect.resource.id': 's3://in/2026/12 07.csv' }, occurred: now - 4 * MIN },
    ]);
    const create = async (name: string, spec: Record<string, unknown>) => {
      const res = await fetch(`${t.url}/automations/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, trigger: trigger(spec), actions: [{ type: 'do-nothing' }] }),
      });
      expect(res.status).toBe(201);
    };
    await create('Watch platform jobs', { match: { 'prefect.resource.id': 'acme.job.*', team: 'platform' } });
    await create('Pipelines running job 1', { match_related: { 'prefect.resource.role': 'job', 'prefect.resource.id': 'acme.job.1' } });
    await create('Data team jobs', { match: { team: 'data' } });
    await create('Everything', { match: {} });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const count = (text: string) => feedCount(page, text);
  const rows = () => feedRows(page);

  it('shows every event where the resource is primary or related, its latest labels, and the automations that match it', async () => {
    await page.goto(`${t.baseUrl}/resources/acme.job.1`);
    await page.getByRole('heading', { level: 1, name: /Nightly import/ }).waitFor();
    await count('3 events');
    expect(await rows().locator('.name').allTextContents()).toEqual(['acme.job.failed', 'acme.pipeline.ran', 'acme.job.started']);
    await page.locator('.histogram canvas').first().waitFor();
    // Labels from the most recent event as primary resource: the team changed to platform.
    const labels = page.getByRole('definition').filter({ hasText: /^(platform|data)$/ });
    await labels.first().waitFor();
    expect(await labels.allTextContents()).toEqual(['platform']);
    const automations = page.getByRole('list', { name: 'Automations for this resource' });
    await automations.waitFor();
    expect(await automations.getByRole('listitem').allTextContents()).toEqual([
      'Pipelines running job 1 — trigger matches it as related',
      'Watch platform jobs — trigger matches it',
    ]);
    await screenshot(page, 'resource-timeline.png');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("narrows with the feed's filters, kept in its URL (the resource box is the path's)", async () => {
    await page.goto(`${t.baseUrl}/resources/acme.job.1?event=acme.job.*`);
    await count('2 events');
    expect(await page.getByLabel('Resource', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Remove event filter acme.job.*' }).click();
    await page.waitForURL(`${t.baseUrl}/resources/acme.job.1`);
    await count('3 events');
  });

  it('live-tails new events of the resource only', async () => {
    await page.goto(`${t.baseUrl}/resources/acme.job.1?live=1`);
    await count('3 events');
    await page.getByText('Live: new events appear at the top').waitFor();
    await client.emitEvent({ event: 'acme.noise', resource: { 'prefect.resource.id': 'acme.job.2' } });
    await client.emitEvent({
      event: 'acme.pipeline.retried',
      resource: { 'prefect.resource.id': 'acme.pipeline.7' },
      related: [{ 'prefect.resource.id': 'acme.job.1', 'prefect.resource.role': 'job' }],
    });
    await rows().first().filter({ hasText: 'acme.pipeline.retried' }).waitFor();
    await count('3 events · 1 live');
    // Delivered in order, so the unrelated event posted first would be here by now.
    expect(await rows().filter({ hasText: 'acme.noise' }).count()).toBe(0);
  });

  it('opens the timeline of a resource whose id has slashes and spaces, from a feed row', async () => {
    await page.goto(`${t.baseUrl}/events?event=acme.file.landed`);
    await count('1 event');
    await rows().first().getByRole('link', { name: 's3://in/2026/12 07.csv', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 's3://in/2026/12 07.csv' }).waitFor();
    await count('1 event');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 's3://in/2026/12 07.csv' }).waitFor();
    await count('1 event');
  });

  it('says so when nothing names the resource', async () => {
    await page.goto(`${t.baseUrl}/resources/nothing.here`);
    await page.getByText('No event names this resource in the last 180 days.').waitFor();
    await page.getByText('No events in the last 24 hours').waitFor();
    expect(await page.getByRole('link', { name: 'All automations' }).getAttribute('href')).toBe('/automations');
  });
});
