// The automations pages in a real browser (Chromium via playwright-core) against a real Herald server
// (SQLite, the real trigger engine and outbox worker) serving the built UI: an automation created
// through the form appears in the list, fires on new events and shows the firing with its action's
// delivery on its page (with live state and explain); "Automate" from an event pre-fills the trigger
// as Prefect's wizard does; a backtest of seeded history shows its firings; a 422 lands at its field;
// a firing not yet expanded by the action worker says its actions are queued;
// axe-core on list, detail and editor.

// From source: the methods under test are newer than a built sdk/dist may be.
import { AutomationsClient, HeraldClient, type ReceivedEvent } from '../../sdk/index.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { timestampFromMillis } from '../../src/events/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, launchBrowser, screenshot, seriousA11yViolations } from './browser.js';

const HOUR = 3_600_000;

/** Whether the element has the keyboard focus. */
const hasFocus = (l: Locator) => l.evaluate((el) => el === el.ownerDocument.activeElement);
const FLOW_RUN = 'prefect.flow-run.0190d1a8-0000-7000-8000-00000000f10a';
const FLOW = 'prefect.flow.0190d1a8-0000-7000-8000-00000000f10b';

describe('the automations pages in Chromium', () => {
  let t: TestServer;
  let client: HeraldClient;
  let automations: AutomationsClient;
  let browser: Browser;
  let page: Page;
  let ui: string;
  let backtestTimes: number[];
  let flowRunEvent: ReceivedEvent;
  let customEvent: ReceivedEvent;
  let automationId: string;

  beforeAll(async () => {
    // At most 3 events per backtest: the seeded failures fit exactly, a trigger on every event does not.
    t = await startTestServer({ settings: { uiDir: builtUi(), backtestMaxEvents: 3 } });
    ui = t.baseUrl;
    client = new HeraldClient({ url: t.url });
    automations = new AutomationsClient(client);
    const now = Date.now();
    // History for the backtest: three failures of one job, 5 h, 3 h and 1 h ago.
    backtestTimes = [5, 3, 1].map((h) => now - h * HOUR);
    const sent = await client.emitEvents([
      ...backtestTimes.map((occurred) => ({
        event: 'acme.backup.failed',
        resource: { 'prefect.resource.id': 'acme.backup.db' },
        occurred,
      })),
      {
        event: 'prefect.flow-run.Failed',
        resource: { 'prefect.resource.id': FLOW_RUN, 'prefect.resource.name': 'tidy-otter' },
        related: [
          { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
          { 'prefect.resource.id': FLOW, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
        ],
        occurred: now - 2 * HOUR,
      },
      { event: 'acme.invoice.paid', resource: { 'prefect.resource.id': 'acme.invoice.42' }, occurred: now - 2 * HOUR },
    ]);
    const stored = async (id: string) =>
      (
        await client.queryPage(
          { id: { id: [id] }, occurred: { since: new Date(now - 24 * HOUR).toISOString(), until: new Date(now + HOUR).toISOString() } },
          1,
        )
      ).events[0];
    flowRunEvent = await stored(sent.events[3].id);
    customEvent = await stored(sent.events[4].id);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    page.setDefaultTimeout(20_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says what to do when there is no automation yet', async () => {
    await page.goto(`${ui}/automations`);
    await page.getByText('No automations yet.').waitFor();
    expect(await page.getByRole('link', { name: 'New automation' }).getAttribute('href')).toBe('/automations/create');
  });

  it('creates an automation through the form; it appears in the list with its trigger in words', async () => {
    await page.getByRole('link', { name: 'New automation' }).click();
    await page.getByRole('heading', { level: 1, name: 'New automation' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('job failures');
    await page.getByLabel('Events', { exact: true }).fill('acme.job.failed');
    await page.getByLabel('Resource id', { exact: true }).fill('acme.job.*');
    await page.getByLabel('At least', { exact: true }).fill('2');
    await page.getByLabel('Within', { exact: true }).fill('10');
    await page.getByLabel('Within unit').selectOption('min');
    await page.getByLabel('Per label (for each)').fill('prefect.resource.id');
    const words = 'when 2 × acme.job.failed within 10 min from acme.job.*, per prefect.resource.id';
    expect(await page.locator('.trigger-words .trigger-summary').textContent()).toBe(words);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create automation' }).click();
    await page.getByRole('heading', { level: 1, name: 'job failures' }).waitFor();
    automationId = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await automations.read(automationId);
    expect(stored.trigger).toMatchObject({
      posture: 'Reactive',
      expect: ['acme.job.failed'],
      threshold: 2,
      within: 600,
      for_each: ['prefect.resource.id'],
    });
    expect(stored.actions).toEqual([{ type: 'do-nothing' }]);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automations' }).click();
    const row = page.locator('tr[data-automation="job failures"]');
    expect(await row.locator('.trigger-summary').textContent()).toBe(words);
    await row.getByText('never').waitFor();
  });

  it('shows live state, then the firing a new event causes with its action’s status, and explains an event', async () => {
    await page.goto(`${ui}/automations/${automationId}`);
    await page.getByRole('heading', { level: 1, name: 'job failures' }).waitFor();
    await page.getByText('It has not fired yet.').waitFor();
    const first = await client.emitEvent({ event: 'acme.job.failed', resource: { 'prefect.resource.id': 'acme.job.7' } });
    // The state refreshes by itself: one of two events counted for this job.
    const window = page.getByTestId('windows').locator('tbody tr');
    await window.filter({ hasText: 'prefect.resource.id=acme.job.7' }).filter({ hasText: '1 / 2' }).waitFor();

    const second = await client.emitEvent({ event: 'acme.job.failed', resource: { 'prefect.resource.id': 'acme.job.7' } });
    const firing = page.getByTestId('firing');
    await firing.locator('.delivery.succeeded').filter({ hasText: 'Do nothing' }).waitFor();
    expect(await firing.count()).toBe(1);
    expect(await firing.locator('.firing-head').textContent()).toContain('prefect.resource.id=acme.job.7');
    expect(await firing.getByRole('link', { name: 'acme.job.failed' }).getAttribute('href')).toMatch(
      /^\/events\/event\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/,
    );
    expect(await firing.locator('.delivery').textContent()).toContain('1 attempt');
    expect(await firing.getByRole('link', { name: `Explain event ${second.id}` }).getAttribute('href')).toBe(
      `/automations/${automationId}?explain=${second.id}`,
    );

    await page.getByLabel('Event id').fill(first.id);
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.waitForURL((url) => url.searchParams.get('explain') === first.id);
    await page.getByText('This event matches the trigger.').waitFor();
    // The URL alone reproduces the answer (other pages link here with ?explain=).
    await page.reload();
    await page.getByText('This event matches the trigger.').waitFor();
    expect(await page.getByTestId('explanation').textContent()).toContain('as expect');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'automation-detail.png');
  });

  it('lists the last firing and action outcomes, absence and composite triggers in words; the switch pauses it', async () => {
    const heartbeat = {
      type: 'event' as const,
      posture: 'Proactive' as const,
      expect: ['acme.heartbeat'],
      for_each: ['prefect.resource.id'],
      threshold: 1,
      within: 300,
    };
    await automations.create({ name: 'silent sensors', trigger: heartbeat, actions: [{ type: 'do-nothing' }] });
    await automations.create({
      name: 'deploy then errors',
      trigger: {
        type: 'sequence',
        within: 3600,
        triggers: [
          { type: 'event', posture: 'Reactive', expect: ['acme.deploy.finished'] },
          { type: 'event', posture: 'Reactive', expect: ['acme.api.error'], threshold: 5, within: 600 },
        ],
      },
      actions: [{ type: 'do-nothing' }],
    });
    await page.goto(`${ui}/automations`);
    const row = (name: string) => page.locator(`tr[data-automation="${name}"]`);
    await row('job failures').getByText('1 succeeded').waitFor();
    expect(await row('job failures').locator('time').count()).toBe(1);
    expect(await row('silent sensors').locator('.trigger-summary').textContent()).toBe(
      'when no acme.heartbeat within 5 min, per prefect.resource.id',
    );
    expect(await row('deploy then errors').locator('.trigger-summary').textContent()).toBe(
      'when these fire in order within 1 h: (when acme.deploy.finished) then (when 5 × acme.api.error within 10 min)',
    );
    // Sorted by name, as the server's NAME_ASC.
    expect(await page.locator('tbody .automation-name').allTextContents()).toEqual([
      'deploy then errors',
      'job failures',
      'silent sensors',
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'automations.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    const toggle = row('job failures').getByRole('switch', { name: 'Enabled: job failures' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await row('job failures').getByText('Off').waitFor();
    await expect.poll(async () => (await automations.read(automationId)).enabled).toBe(false);
  });

  it('edits an automation (form and URL-kept JSON tab) and deletes it after confirming', async () => {
    await page.goto(`${ui}/automations/${automationId}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit job failures' }).waitFor();
    expect(await page.getByLabel('Events', { exact: true }).inputValue()).toBe('acme.job.failed');
    await page.getByLabel('Name', { exact: true }).fill('job failures (edited)');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'json');
    const json = JSON.parse(await page.getByLabel(/^Automation \(AutomationCreate JSON/).inputValue());
    expect(json).toMatchObject({ name: 'job failures (edited)', enabled: false, trigger: { threshold: 2, within: 600 } });
    expect(json.trigger.id).toBeUndefined();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'job failures (edited)' }).waitFor();
    expect((await automations.read(automationId)).name).toBe('job failures (edited)');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('button', { name: 'Delete automation' });
    await expect.poll(() => hasFocus(confirm)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => hasFocus(page.getByRole('button', { name: 'Delete', exact: true }))).toBe(true);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.click();
    await page.waitForURL((url) => url.pathname === '/automations');
    await page.locator('tr[data-automation="silent sensors"]').waitFor();
    expect(await page.locator('tr[data-automation="job failures (edited)"]').count()).toBe(0);
    const gone = await automations.read(automationId).catch((e: { status?: number }) => e.status);
    expect(gone).toBe(404);
  });

  it('“Automate” from a flow-run event pre-fills the trigger as Prefect’s wizard does; any other event matches its resource', async () => {
    const jsonOf = async () => {
      await page.getByRole('tab', { name: 'JSON' }).click();
      return JSON.parse(await page.getByLabel(/^Automation \(AutomationCreate JSON/).inputValue());
    };
    await page.goto(`${ui}/automations/create?eventId=${flowRunEvent.id}&eventDate=${flowRunEvent.occurred.slice(0, 10)}`);
    await page.getByText('Pre-filled from event').waitFor();
    expect((await jsonOf()).trigger).toEqual({
      type: 'event',
      posture: 'Reactive',
      match: { 'prefect.resource.id': FLOW_RUN },
      match_related: { 'prefect.resource.role': 'flow', 'prefect.resource.id': FLOW },
      after: [],
      expect: ['prefect.flow-run.Failed'],
      for_each: ['prefect.resource.id'],
      threshold: 1,
      within: 0,
    });

    await page.goto(`${ui}/automations/create?eventId=${customEvent.id}&eventDate=${customEvent.occurred.slice(0, 10)}`);
    await page.getByText('Pre-filled from event').waitFor();
    expect((await jsonOf()).trigger).toEqual({
      type: 'event',
      posture: 'Reactive',
      match: { 'prefect.resource.id': 'acme.invoice.42' },
      match_related: {},
      after: [],
      expect: ['acme.invoice.paid'],
      for_each: [],
      threshold: 1,
      within: 0,
    });
  });

  it('Automate from the event page, save, and the automation fires on the next such event, visible on its page', async () => {
    await page.goto(`${ui}/events/event/${customEvent.occurred.slice(0, 10)}/${customEvent.id}`);
    await page.getByRole('heading', { level: 1, name: /Acme Invoice Paid/ }).waitFor();
    await page.getByText('Actions', { exact: true }).click();
    await page.getByRole('link', { name: 'Automate…' }).click();
    await page.getByText('Pre-filled from event').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('invoice 42 paid');
    await page.getByRole('button', { name: 'Create automation' }).click();
    await page.getByRole('heading', { level: 1, name: 'invoice 42 paid' }).waitFor();
    await page.getByText('It has not fired yet.').waitFor();

    const next = await client.emitEvent({ event: 'acme.invoice.paid', resource: { 'prefect.resource.id': 'acme.invoice.42' } });
    await client.emitEvent({ event: 'acme.invoice.paid', resource: { 'prefect.resource.id': 'acme.invoice.43' } }); // another resource
    const firing = page.getByTestId('firing');
    await firing.locator('.delivery.succeeded').waitFor();
    expect(await firing.count()).toBe(1);
    expect(await firing.getByRole('link', { name: `Explain event ${next.id}` }).count()).toBe(1);
  });

  it('backtests the draft over seeded history: the firings, their times, on the chart and in the list', async () => {
    await page.goto(`${ui}/automations/create`);
    await page.getByLabel('Name', { exact: true }).fill('backup failures');
    await page.getByLabel('Events', { exact: true }).fill('acme.backup.failed');
    await page.getByLabel('Resource id', { exact: true }).fill('acme.backup.*');
    await page.getByRole('radio', { name: 'Last 24 h' }).check();
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByTestId('backtest-count').filter({ hasText: '3 firings' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 1900 });
    await screenshot(page, 'automation-editor.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    const times = await page
      .getByTestId('backtest-firing')
      .locator('time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(times.map((s) => Date.parse(s!))).toEqual(backtestTimes);
    expect(await page.getByTestId('backtest-firing').first().getByRole('link', { name: 'acme.backup.failed' }).count()).toBe(1);
    expect(await page.locator('.backtest-chart [role="img"]').getAttribute('aria-label')).toMatch(
      /^3 matching events .* 3 firings marked$/,
    );
    await page.locator('.backtest-chart canvas').first().waitFor();
    // Editing the draft marks the result as out of date.
    await page.getByLabel('At least', { exact: true }).fill('2');
    await page.getByText('The draft changed since').waitFor();
    // Every event of the range is more than the server's backtestMaxEvents: its message is shown.
    await page.getByLabel('Events', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'The backtest was refused.' })
      .filter({ hasText: 'HERALD_BACKTEST_MAX_EVENTS' })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows a 422 at the field it names, and a template error as you type', async () => {
    await page.goto(`${ui}/automations/create`);
    await page.getByLabel('Name', { exact: true }).fill('too eager');
    await page.getByLabel('Shape').selectOption('absence');
    await page.getByLabel('Expected events').fill('acme.heartbeat');
    await page.getByLabel('Within', { exact: true }).fill('5');
    await page.getByLabel('Within unit').selectOption('s');
    await page.getByRole('button', { name: 'Create automation' }).click();
    const banner = page.getByTestId('save-errors');
    await banner.filter({ hasText: 'They are shown at their fields.' }).waitFor();
    await expect.poll(() => hasFocus(banner)).toBe(true);
    const within = page.locator('[data-path="trigger.within"] .field-error');
    expect(await within.textContent()).toMatch(/10/);
    expect(await page.getByLabel('Within', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // Destinations to notify come from the destinations API.
    const destination = await fetch(`${t.url}/destinations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ops receiver', type: 'webhook', config: { url: 'https://hooks.example.com/herald' } }),
    });
    expect(destination.status).toBe(201);
    await page.getByLabel('Type').selectOption('send-notification');
    await page.getByLabel('Destination').selectOption({ label: 'ops receiver (webhook)' });
    expect(await page.getByLabel('Subject').inputValue()).toContain('{{ automation.name }}');

    await page.getByLabel('Type').selectOption('emit-event');
    await page.getByLabel('Event name').fill('acme.{{ event.event ');
    await page
      .locator('[data-path="actions.0.event"] .field-error')
      .filter({ hasText: /Line 1/ })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  it('shows “actions queued” on a firing whose actions the worker has not written yet', async () => {
    const created = await automations.create({
      name: 'queued actions',
      trigger: { type: 'event', posture: 'Reactive', expect: ['acme.queue.x'] },
      actions: [{ type: 'do-nothing' }],
    });
    const automation = (await t.storage.automation.automations.get(DEFAULT_WORKSPACE_ID, created.id))!;
    // Not an event the trigger expects: the engine itself fires nothing (its firing would wake the
    // worker, which would expand this one too).
    const cause = await client.emitEvent({ event: 'acme.queue.cause', resource: { 'prefect.resource.id': 'acme.queue.1' } });
    const [stored] = (await client.queryPage({ id: { id: [cause.id] } })).events;
    // As the engine commits a firing, without telling this server's action worker: it stays unexpanded.
    const now = timestampFromMillis(Date.now());
    const firingId = randomUUID();
    await t.storage.automation.engine.commit({
      versions: [{ workspaceId: DEFAULT_WORKSPACE_ID, automation }],
      firings: [
        {
          id: firingId,
          workspaceId: DEFAULT_WORKSPACE_ID,
          automationId: automation.id,
          firing: {
            id: firingId,
            trigger: automation.trigger,
            trigger_states: ['Triggered'],
            triggered: now,
            triggering_labels: { 'prefect.resource.id': 'acme.queue.1' },
            triggering_firings: [],
            triggering_event: stored,
            triggering_value: null,
          },
          outcome: 'acted',
          recorded: now,
          expanded: false,
          automationUpdated: automation.updated,
        },
      ],
    });
    await page.goto(`${ui}/automations/${automation.id}`);
    const firing = page.getByTestId('firing');
    await firing.locator('.badge.pending').filter({ hasText: 'actions queued' }).waitFor();
    expect(await firing.count()).toBeGreaterThanOrEqual(1);
    expect(await firing.first().locator('.firing-head').textContent()).toContain('prefect.resource.id=acme.queue.1');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'automation-firing-queued.png');
  });
});
