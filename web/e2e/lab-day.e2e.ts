/**
 * Issue 22 (2, 3, 7): a lab day's path in a real browser against the real app and the BioTrack simulator.
 *   - intake search finds one transfer among 100 pending; after receiving, a link opens the new sample
 *   - the review queue lists the oldest submission first and links to its sample
 *   - an error notification never covers the Submit button (bounding boxes, desktop and tablet) and goes
 *     away by itself; Submit is disabled, with the reason, on a sample with no results
 *   - sign-in: people's words for an empty form, focus kept after a wrong password, the eye reachable by Tab
 *   - the `?` overlay lists the shortcuts and `g` `i` opens intake; at 768 px the worklist keeps Received
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { passingFlowerPanel } from '../../src/scripts/demo-panel';
import { DESKTOP, launch, newContext, screenshot, signIn, TABLET_PORTRAIT } from './support/browser';
import { ApiSession, seedStateSamples, waitForApp } from './support/http';

const run = Date.now().toString(36);
const NEEDLE = `E2E ${run} Needle Haze 3.5 g`;
const PENDING = 100;
let browser: Browser;
let tech: ApiSession;
let manager: ApiSession;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ListedSample {
  id: string;
  labCode: string | null;
  name: string;
  status: string;
  statusSince?: string;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  assert.ok(box, 'the element is on screen');
  return box;
}

async function openPage(viewport = DESKTOP): Promise<Page> {
  const p = await (await newContext(browser, viewport)).newPage();
  p.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  return p;
}

async function byTag(tag: string): Promise<ListedSample> {
  const found = await tech.request<{ items: ListedSample[] }>('GET', `/v1/samples?q=${tag}`);
  assert.equal(found.items.length, 1, `one sample with tag ${tag}`);
  return found.items[0];
}

/** A synced, received sample of this run; with `results` its complete passing panel is entered too. */
async function receivedSample(name: string, results: boolean): Promise<{ id: string; labCode: string }> {
  const [seeded] = await seedStateSamples([{ name: `E2E ${run} ${name}`, productType: 'flower', quantity: '7.0', uom: 'g' }]);
  await tech.request('POST', '/v1/sample-transfers/sync');
  const { id } = await byTag(seeded.sampleId);
  const received = await tech.request<{ labCode: string }>('POST', `/v1/samples/${id}/receive`, {
    receivedQuantity: '7.0',
    unit: 'g',
    condition: 'acceptable',
    storageLocation: 'Fridge 1',
  });
  if (results) await tech.request('PUT', `/v1/samples/${id}/results`, { groups: passingFlowerPanel() });
  return { id, labCode: received.labCode };
}

before(async () => {
  await waitForApp();
  browser = await launch();
  tech = await ApiSession.signIn('tech@demo.lab');
  manager = await ApiSession.signIn('manager@demo.lab');
  // 100 pending transfers from two senders in four manifests, one of them the needle.
  const names = Array.from({ length: PENDING - 1 }, (_, i) => `E2E ${run} Wedding Cake ${i + 1} g`);
  names.splice(57, 0, NEEDLE);
  for (let m = 0; m < 4; m++) {
    const batch = names.slice(m * 25, m * 25 + 25).map((name) => ({ name, productType: m % 2 ? 'pre-roll' : 'flower', quantity: '7.0', uom: 'g' }));
    await seedStateSamples(batch, m % 2 ? 'OCM-PROC-24-000456' : 'OCM-CULT-24-000123');
  }
  await tech.request('POST', '/v1/sample-transfers/sync');
});

after(async () => {
  await browser?.close();
});

describe('a lab day', () => {
  test('intake search finds one transfer among 100; after receiving, a link opens the sample', async () => {
    const all = await tech.request<{ items: ListedSample[] }>('GET', `/v1/samples?status=pending&q=${encodeURIComponent(`E2E ${run}`)}&limit=200`);
    assert.equal(all.items.length, PENDING, 'the simulator handed over all 100 transfers');

    const p = await openPage();
    await signIn(p, 'tech@demo.lab');
    await p.goto('/intake');
    const rows = p.getByRole('table', { name: 'Pending transfers' }).locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25, 'one page of 25, not every transfer at once');
    await p.getByTestId('intake-count').getByText('Transfers 1–25, more on the next page').waitFor();
    await p.getByRole('button', { name: 'Next page' }).click();
    await p.getByTestId('intake-count').getByText('Transfers 26–50, more on the next page').waitFor();

    await p.getByRole('search', { name: 'Filter pending transfers' }).getByLabel('Search').fill(`${run} needle`);
    await p.waitForFunction(() => document.querySelectorAll('table[aria-label="Pending transfers"] tbody tr').length === 1);
    await rows.first().getByText(NEEDLE).waitFor();
    assert.match(p.url(), /q=/, 'the search is in the address bar');
    await screenshot(p, 'lab-day-intake-search', { fullPage: false });

    await rows
      .first()
      .getByRole('button', { name: /^Receive / })
      .click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Storage location').fill('Fridge 3, shelf A');
    await dialog.getByRole('button', { name: 'Receive sample' }).click();
    const open = p.getByRole('dialog').getByRole('link', { name: /^Open sample LT-/ });
    await open.waitFor();
    const labCode = (await open.textContent())!.match(/LT-\d{4}-\d{6}/)![0];
    await open.click();
    await p.waitForURL(/\/samples\/[0-9a-f-]{36}$/);
    await p.getByRole('heading', { level: 1, name: new RegExp(labCode) }).waitFor();
    await p.getByText(NEEDLE).first().waitFor();

    // Back on intake, the banner names the received sample and links to it too.
    await p.goBack();
    await p.getByRole('heading', { level: 1, name: 'Intake' }).waitFor();
  });

  test('the review queue lists the oldest submission first and links to its sample', async () => {
    const first = await receivedSample('Review first', true);
    const second = await receivedSample('Review second', true);
    // Announced and received in this order, submitted the other way round: the later one has waited longest.
    await tech.request('POST', `/v1/samples/${second.id}/submit`);
    await new Promise((r) => setTimeout(r, 50));
    await tech.request('POST', `/v1/samples/${first.id}/submit`);
    const queue = await manager.request<{ items: ListedSample[] }>('GET', '/v1/samples?status=submitted&limit=200');
    const oldest = [...queue.items].sort((a, b) => Date.parse(a.statusSince!) - Date.parse(b.statusSince!))[0];

    const p = await openPage();
    await signIn(p, 'manager@demo.lab');
    await p.goto('/review');
    const rows = p.getByRole('table', { name: 'Submitted samples' }).locator('tbody tr');
    await rows.first().waitFor();
    const codes = (await rows.allTextContents()).map((t) => t.match(/LT-\d{4}-\d{6}/)?.[0]);
    assert.equal(codes[0], oldest.labCode, 'the first row is the oldest submission');
    assert.ok(codes.indexOf(second.labCode) < codes.indexOf(first.labCode), 'submitted earlier, listed earlier');
    await screenshot(p, 'lab-day-review-queue', { fullPage: false });

    await rows
      .first()
      .getByRole('link', { name: `Open sample ${oldest.labCode}` })
      .click();
    await p.waitForURL(new RegExp(`/samples/${oldest.id}$`));
    await p.getByRole('heading', { level: 1, name: new RegExp(oldest.labCode!) }).waitFor();

    // The sample's own Review button opens the queue on that sample.
    await p.goto(`/samples/${second.id}`);
    await p.getByRole('link', { name: 'Review', exact: true }).click();
    await p.waitForURL(new RegExp(`/review\\?sample=${second.id}$`));
  });

  test('Submit is disabled with the reason on a sample with no results', async () => {
    const empty = await receivedSample('No results yet', false);
    const p = await openPage();
    await signIn(p, 'tech@demo.lab');
    await p.goto(`/samples/${empty.id}`);
    const submit = p.getByRole('button', { name: 'Submit for review' });
    await p.getByTestId('submit-blocker').getByText('No results yet: enter results before submitting for review.').waitFor();
    assert.equal(await submit.isDisabled(), true);
    assert.equal(await submit.getAttribute('aria-describedby'), 'submit-blocker');
  });

  for (const [screen, viewport] of [
    ['desktop', DESKTOP],
    ['tablet', TABLET_PORTRAIT],
  ] as const) {
    test(`an error notification never covers the Submit button (${screen}) and closes by itself`, async () => {
      const sample = await receivedSample(`Race ${screen}`, true);
      const p = await openPage(viewport);
      await signIn(p, 'tech@demo.lab');
      await p.goto(`/samples/${sample.id}`);
      const submit = p.getByRole('button', { name: 'Submit for review' });
      await p.waitForFunction(() => {
        const b = Array.from(document.querySelectorAll('button')).find((el) => el.textContent?.trim() === 'Submit for review');
        return !!b && !b.disabled;
      });
      const submitBox = await boxOf(submit);
      const actionsBox = await boxOf(p.getByRole('link', { name: 'Enter results' }));

      // Someone else submits first: the browser's click is refused, and says so.
      await tech.request('POST', `/v1/samples/${sample.id}/submit`);
      await submit.click();
      const notice = p.locator('.mantine-Notification-root').filter({ hasText: 'Could not submit' });
      await notice.waitFor();
      await p.waitForTimeout(400); // the enter transition
      const noticeBox = await boxOf(notice);
      assert.equal(overlaps(noticeBox, submitBox), false, `the notice ${JSON.stringify(noticeBox)} is clear of Submit ${JSON.stringify(submitBox)}`);
      assert.equal(overlaps(noticeBox, actionsBox), false, 'and of the other page actions');
      if ((await submit.count()) > 0 && (await submit.isVisible())) assert.equal(overlaps(noticeBox, await boxOf(submit)), false);
      await screenshot(p, `lab-day-notification-${screen}`, { fullPage: false });
      await notice.waitFor({ state: 'detached', timeout: 12_000 });
    });
  }

  test('sign-in: words for people, focus kept after a wrong password, the show-password toggle reachable by Tab', async () => {
    const p = await openPage();
    await p.goto('/sign-in');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByText('Enter your email address').waitFor();
    await p.getByText('Enter your password').waitFor();
    assert.equal(await p.getByText(/must be longer than|should not be empty|must be an email/).count(), 0, 'no validator wording');

    const email = p.locator('input[autocomplete="username"]');
    const password = p.locator('input[autocomplete="current-password"]');
    await email.fill('tech@demo.lab');
    await email.focus();
    await p.keyboard.press('Tab');
    assert.equal(await password.evaluate((el) => el === document.activeElement), true, 'Tab goes from email to password');
    await p.keyboard.type('not-the-password');
    await p.keyboard.press('Tab');
    const toggle = p.getByRole('button', { name: 'Show password' });
    assert.equal(await toggle.evaluate((el) => el === document.activeElement), true, 'the next Tab reaches the show-password toggle');
    await p.keyboard.press('Space');
    assert.equal(await password.getAttribute('type'), 'text', 'the toggle shows the password from the keyboard');
    await p.keyboard.press('Space');
    assert.equal(await password.getAttribute('type'), 'password');

    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
    await p.waitForFunction(() => document.activeElement?.getAttribute('autocomplete') === 'current-password');
    assert.equal(await p.evaluate(() => !!document.activeElement?.closest('form')), true, 'focus stays in the form');
  });

  test('the ? overlay lists the shortcuts, g then i opens intake, and at 768 px the worklist keeps Received', async () => {
    const p = await openPage(TABLET_PORTRAIT);
    await signIn(p, 'tech@demo.lab');
    await p.goto('/worklist');
    const table = p.getByRole('table', { name: 'Samples' });
    await table.locator('tbody tr').first().waitFor();
    const received = table.getByRole('columnheader', { name: 'Received' });
    assert.equal(await received.isVisible(), true, 'Received is a column at 768 px');
    const rb = await boxOf(received);
    assert.ok(rb.x >= 0 && rb.x + rb.width <= TABLET_PORTRAIT.width, `Received ${JSON.stringify(rb)} is within the 768 px screen`);
    const search = p.getByRole('textbox', { name: 'Search' });
    const fits = await search.evaluate((el) => {
      const input = el as HTMLInputElement;
      const style = getComputedStyle(input);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: ctx.measureText(input.placeholder).width, room };
    });
    assert.ok(fits.text <= fits.room, `the search placeholder fits (${fits.text.toFixed(0)} px of text in ${fits.room.toFixed(0)} px)`);
    await screenshot(p, 'lab-day-worklist-768', { fullPage: false });

    await p.keyboard.press('?');
    const overlay = p.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.getByText('Go to intake').waitFor();
    await overlay.getByText('Search on this screen').waitFor();
    await screenshot(p, 'lab-day-shortcuts', { fullPage: false });
    await p.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    await p.keyboard.press('g');
    await p.keyboard.press('i');
    await p.waitForURL(/\/intake$/);
    await p.keyboard.press('/');
    assert.equal(await p.evaluate(() => document.activeElement?.getAttribute('data-shortcut')), 'search', '/ puts the cursor in the search box');
  });
});
