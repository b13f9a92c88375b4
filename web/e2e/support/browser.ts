import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, BASE_URL, CHROMIUM, DEMO_PASSWORD } from './env';

export const DESKTOP = { width: 1280, height: 800 };
export const TABLET_PORTRAIT = { width: 768, height: 1024 };

/** Debian's chromium, headless; no browser is downloaded. */
export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/**
 * A browser whose own clock is in UTC, so dates that come out in New York time prove the console
 * uses the lab's zone rather than the machine's.
 */
export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport, timezoneId: 'UTC', locale: 'en-US' });
  context.setDefaultTimeout(15_000);
  return context;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/**
 * Every screen's picture goes to test/artifacts/ on every run, after loaders settle. A full page is
 * taken by growing the viewport to the document's height, so the fixed header and side navigation
 * are drawn where a person sees them rather than repeated mid-page.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .locator('[aria-label^="Loading"]')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.waitForTimeout(250);
  const path = join(ARTIFACTS, `${name}.png`);
  const viewport = page.viewportSize()!;
  const height = options.fullPage === false ? viewport.height : await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) });
    await page.waitForTimeout(150);
  }
  await page.screenshot({ path });
  if (height > viewport.height) await page.setViewportSize(viewport);
  return path;
}

export interface AxeFinding {
  screen: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Serious and critical axe-core findings on the page as it is now (WCAG 2.1 A and AA rules).
 * Run with axe.run in the page itself (legacy mode; same-origin frames still checked): the default
 * opens a blank page per check to merge per-frame results, which took 1 s a call and 13 s instead of
 * 6 on the results-entry table, with the same findings.
 */
export async function axeFindings(page: Page, screen: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode().analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
