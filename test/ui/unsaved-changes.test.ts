// Unsaved changes in the editors (docs/ui.md "Unsaved changes"), in a real browser (Chromium via
// playwright-core) against a real Herald server serving the built UI. For each editor — automations,
// destinations, webhooks, new and edit — an edited field makes a nav link and the browser's back
// button ask first (Stay keeps the edit, Leave goes), and a reload or a tab close gets the browser's
// own beforeunload question; an untouched editor, and one just saved, never ask.

import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AutomationsClient, DestinationsClient, HeraldClient, WebhooksClient } from '../../sdk/index.js';
import { type TestServer, startTestServer } from '../helpers/server.js';
import { builtUi, launchBrowser, seriousA11yViolations } from './browser.js';

const STATIC_TEMPLATE = '{"event": "my.event", "resource": {"prefect.resource.id": "my.resource"}}';

interface Editor {
  /** In the test names. */
  title: string;
  /**
   * Makes what the editor needs, and says where it is opened from (a page with a link to it, so that
   * back returns there) and that link's name.
   */
  from(): Promise<{ at: string; link: string }>;
  /** The editor's path, once open. */
  path: RegExp;
  /** The question's "Your changes to … will be lost." */
  what: string;
  save: string;
  /** Fills in what a save needs beyond the name. */
  complete?(page: Page): Promise<void>;
  /** Waits until the save is done. */
  saved(page: Page): Promise<void>;
}

describe('unsaved changes in the editors, in Chromium', () => {
  let t: TestServer;
  let automations: AutomationsClient;
  let destinations: DestinationsClient;
  let webhooks: WebhooksClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let n = 0;
  /** A name no other test uses: each test edits a thing of its own. */
  const unique = (base: string) => `${base} ${++n}`;

  beforeAll(async () => {
    t = await startTestServer({ settings: { uiDir: builtUi() } });
    const client = new HeraldClient({ url: t.url });
    automations = new AutomationsClient(client);
    destinations = new DestinationsClient(client);
    webhooks = new WebhooksClient(client);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });
  afterEach(async () => {
    if (!page.isClosed()) await page.close();
  });

  const savedNote = async (p: Page) => {
    await p
      .getByRole('status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
  };
  const editors: Editor[] = [
    {
      title: 'the new automation editor',
      from: async () => ({ at: '/automations', link: 'New automation' }),
      path: /^\/automations\/create$/,
      what: 'the new automation',
      save: 'Create automation',
      saved: (p) => p.waitForURL((url) => /^\/automations\/[0-9a-f-]{36}$/.test(url.pathname)),
    },
    {
      title: 'the automation editor',
      from: async () => {
        const a = await automations.create({
          name: unique('nightly etl'),
          trigger: { type: 'event', posture: 'Reactive', expect: ['acme.job.failed'] },
          actions: [{ type: 'do-nothing' }],
        });
        return { at: `/automations/${a.id}`, link: 'Edit' };
      },
      path: /^\/automations\/[0-9a-f-]{36}\/edit$/,
      what: '“nightly etl',
      save: 'Save changes',
      saved: (p) => p.waitForURL((url) => /^\/automations\/[0-9a-f-]{36}$/.test(url.pathname)),
    },
    {
      title: 'the new destination editor',
      from: async () => {
        await destinations.create({ name: unique('seed'), type: 'webhook', config: { url: 'https://example.com/seed' } });
        return { at: '/destinations', link: 'New destination' };
      },
      path: /^\/destinations\/new$/,
      what: 'the new destination',
      save: 'Create Webhook destination',
      complete: (p) => p.getByLabel('URL', { exact: true }).fill('https://example.com/hook'),
      saved: (p) => p.waitForURL((url) => /^\/destinations\/[0-9a-f-]{36}$/.test(url.pathname)),
    },
    {
      title: 'the destination editor',
      from: async () => {
        const name = unique('ops hook');
        await destinations.create({ name, type: 'webhook', config: { url: 'https://example.com/ops' } });
        return { at: '/destinations', link: name };
      },
      path: /^\/destinations\/[0-9a-f-]{36}$/,
      what: '“ops hook',
      save: 'Save changes',
      saved: savedNote,
    },
    {
      title: 'the new webhook editor',
      from: async () => {
        await webhooks.create({ name: unique('seed hook'), template: STATIC_TEMPLATE });
        return { at: '/webhooks', link: 'New webhook' };
      },
      path: /^\/webhooks\/new$/,
      what: 'the new webhook',
      save: 'Create webhook',
      saved: (p) => p.waitForURL((url) => /^\/webhooks\/[0-9a-f-]{36}$/.test(url.pathname)),
    },
    {
      title: 'the webhook editor',
      from: async () => {
        const name = unique('github pushes');
        await webhooks.create({ name, template: STATIC_TEMPLATE });
        return { at: '/webhooks', link: name };
      },
      path: /^\/webhooks\/[0-9a-f-]{36}$/,
      what: '“github pushes',
      save: 'Save changes',
      saved: savedNote,
    },
  ];

  const onPath = (path: RegExp) => page.waitForURL((url) => path.test(url.pathname));
  const navLink = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const question = () => page.getByRole('dialog', { name: 'Leave without saving?' });
  const nameField = () => page.getByLabel('Name', { exact: true });

  /** Opens the editor through its link (so that back has somewhere in the app to go) and waits for its form. */
  async function open(e: Editor): Promise<string> {
    const { at, link } = await e.from();
    await page.goto(`${t.baseUrl}${at}`);
    // A list may offer its "New …" link twice (header and empty state).
    await page.getByRole('link', { name: link, exact: true }).last().click();
    await onPath(e.path);
    await nameField().waitFor();
    // Loaded: an edit form shows the stored name.
    if (e.what.startsWith('“')) await expect.poll(() => nameField().inputValue()).not.toBe('');
    return at;
  }

  /** A real edit, as a user makes it (a click gives the page the user activation beforeunload needs). */
  async function edit(): Promise<string> {
    await nameField().click();
    const value = `${await nameField().inputValue()} edited`.trim();
    await nameField().fill(value);
    return value;
  }

  /** Reloads, answering any dialog with OK; resolves with the types of the dialogs seen. */
  async function reloadSeeing(): Promise<string[]> {
    const seen: string[] = [];
    const answer = (d: Dialog) => {
      seen.push(d.type());
      void d.accept();
    };
    page.on('dialog', answer);
    try {
      await page.reload();
    } finally {
      page.off('dialog', answer);
    }
    return seen;
  }

  for (const e of editors) {
    describe(e.title, () => {
      it('never asks while untouched: links, back and reload just go', async () => {
        const from = await open(e);
        await navLink('Events').click();
        await page.waitForURL((url) => url.pathname === '/events');
        await page.goBack();
        await onPath(e.path);
        await nameField().waitFor();
        await page.goBack();
        await page.waitForURL((url) => url.pathname === from);
        await page.goForward();
        await onPath(e.path);
        await nameField().waitFor();
        expect(await reloadSeeing()).toEqual([]);
        await nameField().waitFor();
        expect(await question().count()).toBe(0);
      });

      it('asks before a nav link leaves an edit: Stay keeps it, Leave goes', async () => {
        await open(e);
        const typed = await edit();
        await navLink('Events').click();
        await question().waitFor();
        expect(await question().textContent()).toContain(`Your changes to ${e.what}`);
        expect(await question().textContent()).toContain('will be lost.');
        // Focus starts on the harmless choice.
        expect(await page.evaluate('document.activeElement.textContent')).toBe('Stay');
        expect(await seriousA11yViolations(page)).toEqual([]);

        await question().getByRole('button', { name: 'Stay' }).click();
        await question().waitFor({ state: 'detached' });
        expect(new URL(page.url()).pathname).toMatch(e.path);
        expect(await nameField().inputValue()).toBe(typed);

        // Esc is Stay too.
        await navLink('Webhooks').click();
        await question().waitFor();
        await page.keyboard.press('Escape');
        await question().waitFor({ state: 'detached' });
        expect(new URL(page.url()).pathname).toMatch(e.path);

        await navLink('Events').click();
        await question().getByRole('button', { name: 'Leave' }).click();
        await page.waitForURL((url) => url.pathname === '/events');
        expect(await question().count()).toBe(0);
      });

      it('asks before the browser back button leaves an edit', async () => {
        const from = await open(e);
        const typed = await edit();
        await page.evaluate('history.back()');
        await question().waitFor();
        await question().getByRole('button', { name: 'Stay' }).click();
        await question().waitFor({ state: 'detached' });
        await onPath(e.path);
        expect(await nameField().inputValue()).toBe(typed);

        await page.evaluate('history.back()');
        await question().getByRole('button', { name: 'Leave' }).click();
        await page.waitForURL((url) => url.pathname === from);
      });

      it('has the browser ask before a reload or closing the tab loses an edit, and only then', async () => {
        await open(e);
        const typed = await edit();
        // Closing: the browser asks (beforeunload); staying keeps the page and the edit.
        const asked = page.waitForEvent('dialog');
        await page.close({ runBeforeUnload: true });
        const dialog = await asked;
        expect(dialog.type()).toBe('beforeunload');
        await dialog.dismiss();
        expect(page.isClosed()).toBe(false);
        expect(await nameField().inputValue()).toBe(typed);

        // Reloading: asked, and leaving drops the edit; the reloaded form is clean and does not ask.
        expect(await reloadSeeing()).toEqual(['beforeunload']);
        await nameField().waitFor();
        if (e.what.startsWith('“')) await expect.poll(() => nameField().inputValue()).not.toBe('');
        expect(await nameField().inputValue()).not.toBe(typed);
        expect(await reloadSeeing()).toEqual([]);
        await nameField().waitFor();
        const closed = page.waitForEvent('close');
        await page.close({ runBeforeUnload: true });
        await closed;
      });

      it('does not ask once the edit is saved', async () => {
        await open(e);
        await edit();
        await e.complete?.(page);
        await page.getByRole('button', { name: e.save }).click();
        await e.saved(page);
        expect(await question().count()).toBe(0);
        await navLink('Events').click();
        await page.waitForURL((url) => url.pathname === '/events');
        expect(await question().count()).toBe(0);
        await page.goBack();
        expect(await question().count()).toBe(0);
        expect(await reloadSeeing()).toEqual([]);
      });
    });
  }

  it('counts a change in the automation JSON tab, even one that does not parse yet', async () => {
    await page.goto(`${t.baseUrl}/automations`);
    await page.getByRole('link', { name: 'New automation' }).click();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel(/^Automation \(AutomationCreate JSON/);
    const text = await json.inputValue();
    // Switching tabs is not leaving.
    expect(await question().count()).toBe(0);
    await json.click();
    await json.fill(`${text.slice(0, -1)}`);
    await page
      .locator('#automation-json-status')
      .filter({ hasText: /^Not valid JSON/ })
      .waitFor();
    await navLink('Events').click();
    await question().waitFor();
    await question().getByRole('button', { name: 'Stay' }).click();
    await question().waitFor({ state: 'detached' });
    // Back to the text it opened with: nothing to lose.
    await json.fill(text);
    await navLink('Events').click();
    await page.waitForURL((url) => url.pathname === '/events');
  });

  it('does not ask after Cancel or Delete, which discard on purpose', async () => {
    await page.goto(`${t.baseUrl}/webhooks`);
    await page.getByRole('link', { name: 'New webhook' }).last().click();
    await page.waitForURL((url) => url.pathname === '/webhooks/new');
    await edit();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL((url) => url.pathname === '/webhooks');

    const name = unique('doomed');
    await webhooks.create({ name, template: STATIC_TEMPLATE });
    await page.goto(`${t.baseUrl}/webhooks`);
    await page.getByRole('link', { name, exact: true }).click();
    await expect.poll(() => nameField().inputValue()).toBe(name);
    await edit();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL((url) => url.pathname === '/webhooks');
    expect(await question().count()).toBe(0);
  });
});
