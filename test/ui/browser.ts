// Browser tests of the web UI (docs/ui.md "Tests"): playwright-core drives Debian's Chromium
// (/usr/bin/chromium, installed by scripts/ensure-chromium.sh from scripts/test.sh), headless, against
// a real Herald server serving the built bundle (ui/dist, brought up to date by the global setup). Timing comes from
// Playwright's auto-waiting locators, never from sleeps.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { uiBundleDir } from '../helpers/ui-bundle.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The built UI to serve (`settings.uiDir`): the global setup has brought it up to date
 * (test/helpers/ui-bundle.ts).
 */
export function builtUi(): string {
  const failure = inject('uiBuildError');
  if (failure) throw new Error(failure);
  const dir = uiBundleDir();
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no UI bundle in ${dir}: the global setup should have built it`);
  return dir;
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * A page in a fresh context at the size the tests (and screenshots) use, light theme; with
 * `clipboard`, the copy buttons' results can be read back.
 */
export async function openPage(browser: Browser, options: { clipboard?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now, one readable line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // A string, not a function: this file is type-checked for Node (no DOM types).
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * Screenshots for docs/ui/ are written only when HERALD_UI_SCREENSHOTS=1 (`npm run screenshots`), so an
 * ordinary test run leaves the work tree as it was.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.HERALD_UI_SCREENSHOTS !== '1') return;
  const path = join(ROOT, 'docs/ui', name);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
}

/** Waits until the feed's match count reads `text` (a regular-expression source matched at its start). */
export function feedCount(page: Page, text: string): Promise<void> {
  return page
    .getByTestId('count')
    .filter({ hasText: new RegExp(`^${text}`) })
    .waitFor();
}

/** The feed's rendered rows (the list is virtualized: only rows on screen are in the DOM). */
export function feedRows(page: Page) {
  return page.locator('ol.events > li');
}
