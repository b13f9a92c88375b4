/**
 * Issue 22 (5): release is an electronically signed act. In a real browser against the real app, a
 * manager opens a submitted sample, is asked for their password and the signature's meaning, is refused
 * with a wrong password (nothing released, the refusal beside the field, the field cleared and focused),
 * then signs with the right one: the COA is released and the signature shown.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { passingFlowerPanel } from '../../src/scripts/demo-panel';
import { axeFindings, launch, newContext, screenshot, signIn } from './support/browser';
import { DEMO_PASSWORD } from './support/env';
import { ApiSession, seedStateSamples, waitForApp } from './support/http';
import { waitForText } from './support/lab';

const run = Date.now().toString(36);
let browser: Browser;
let tech: ApiSession;
let sample: { id: string; labCode: string };

const statusOf = async (id: string) => (await tech.request<{ status: string; coaVersion: number | null }>('GET', `/v1/samples/${id}`)).status;

/** A flower sample of this run, received, with a complete panel entered by the technician and submitted. */
async function submittedSample(): Promise<{ id: string; labCode: string }> {
  const [seeded] = await seedStateSamples([{ name: `E2E ${run} Gelato 3.5 g`, productType: 'flower', quantity: '7.0', uom: 'g' }]);
  await tech.request('POST', '/v1/sample-transfers/sync');
  const found = await tech.request<{ items: Array<{ id: string }> }>('GET', `/v1/samples?q=${seeded.sampleId}`);
  assert.equal(found.items.length, 1, 'the synced transfer is a sample');
  const { id } = found.items[0];
  const received = await tech.request<{ labCode: string }>('POST', `/v1/samples/${id}/receive`, {
    receivedQuantity: '7.0',
    unit: 'g',
    condition: 'acceptable',
    storageLocation: 'Fridge 1',
  });
  await tech.request('PUT', `/v1/samples/${id}/results`, { groups: passingFlowerPanel() });
  await tech.request('POST', `/v1/samples/${id}/submit`);
  return { id, labCode: received.labCode };
}

before(async () => {
  await waitForApp();
  browser = await launch();
  tech = await ApiSession.signIn('tech@demo.lab');
  sample = await submittedSample();
});

after(async () => {
  await browser?.close();
});

describe('electronic signature at release', () => {
  test('release asks for the password and the meaning, refuses a wrong password, then signs and releases', async () => {
    const p = await (await newContext(browser)).newPage();
    p.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
    await signIn(p, 'manager@demo.lab');
    await p.goto('/review');
    await p.getByRole('button', { name: new RegExp(sample.labCode) }).click();
    await p.getByRole('button', { name: 'Approve and release…' }).click();

    const dialog = p.getByRole('dialog', { name: `Sign and release ${sample.labCode}` });
    await dialog.waitFor();
    const meaning = dialog.getByRole('radio', { name: 'Reviewed and released' });
    assert.equal(await meaning.isChecked(), true, 'the meaning is stated, from the fixed list');
    await dialog.getByText(/You sign electronically as/).waitFor();
    const password = dialog.getByLabel('Your password');
    const sign = dialog.getByRole('button', { name: 'Sign and release' });
    assert.equal(await sign.isDisabled(), true, 'nothing to sign with before a password is typed');

    // A wrong password: refused in the dialog, nothing released.
    await password.fill('not-the-managers-password');
    await sign.click();
    const refusal = dialog.getByTestId('signature-error');
    await refusal.getByText(/The password is incorrect: the release was not signed and nothing was released/).waitFor();
    assert.equal(await password.inputValue(), '', 'the wrong password is cleared');
    assert.equal(await password.evaluate((el) => el === document.activeElement), true, 'focus returns to the password');
    assert.equal(await statusOf(sample.id), 'submitted', 'a refused signature releases nothing');
    await screenshot(p, 'e-signature-refused', { fullPage: false });
    assert.deepEqual(await axeFindings(p, 'signature dialog with a refusal'), [], 'no serious or critical axe-core finding in the dialog');

    // The right password, signed from the keyboard (Enter submits): released, the signature shown.
    await password.fill(DEMO_PASSWORD);
    await screenshot(p, 'e-signature-dialog', { fullPage: false });
    await password.press('Enter');
    await waitForText(p, /Released: COA version 1/);
    await dialog.waitFor({ state: 'detached' });
    const signature = p.getByTestId('release-signature');
    await signature.getByText(/^Electronically signed by .+ on .+ — Reviewed and released$/).waitFor();
    assert.equal(await statusOf(sample.id), 'released');
    await screenshot(p, 'e-signature-released');
    await p.context().close();
  });
});
