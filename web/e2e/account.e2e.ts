/**
 * Passwords and lockout in the console (issue 19), in a real browser against the real app. Every account
 * here is a throwaway technician made by this run, so the demo users other browser tests sign in as are
 * never changed or locked. An account an admin creates must change the password the admin set at its first
 * sign-in, and a role grant's approval issues a new temporary one: before() settles each through the API
 * (FIRST_PASSWORD is then the person's own), as the forced change screen would.
 *   (a) a technician changes their own password from the account menu (a refused one shows the server's
 *       reason by the field), then signs in with the new one, not the old
 *   (b) an admin resets a technician's password: the temporary one is shown once; the technician signs in
 *       with it, sees only the forced change screen, sets a new one and reaches the normal console
 *   (c) ten wrong passwords lock a technician out: the sign-in screen says how long to wait, a right
 *       password is refused too; an admin sees the lock, unlocks it, and the technician signs in
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeFindings, launch, newContext, screenshot, signIn, signOut } from './support/browser';
import { BASE_URL } from './support/env';
import { ApiSession, waitForApp } from './support/http';
import { waitForText } from './support/lab';
import { fillPasswordForm, settleTemporaryPassword } from './support/passwords';

const run = Date.now().toString(36);
const email = (who: string) => `acct-${who}-${run}@e2e.lab`;
/** What the admin types when creating the account: it must be changed at the first sign-in. */
const ADMIN_SET_PASSWORD = `set by the admin ${run} e2e`;
/** The person's own password, chosen at that first change. */
const FIRST_PASSWORD = `first passphrase ${run} e2e`;

interface Throwaway {
  id: string;
  email: string;
  displayName: string;
}

const s = {} as { browser: Browser; admin: ApiSession; admin2: ApiSession; self: Throwaway; reset: Throwaway; locked: Throwaway; manager: Throwaway };

async function page(): Promise<Page> {
  const context = await newContext(s.browser);
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  return p;
}

async function technician(who: string): Promise<Throwaway> {
  const displayName = `Acct ${who} ${run}`;
  const user = await s.admin.request<{ id: string }>('POST', '/v1/users', { email: email(who), displayName, password: ADMIN_SET_PASSWORD, role: 'technician' });
  return { id: user.id, email: email(who), displayName };
}

/** The address this machine reaches the API from (the browser's too), as the API records it on a session. */
async function ownAddress(): Promise<string | null> {
  const me = await s.admin.request<{ id: string }>('GET', '/v1/auth/session');
  const sessions = await s.admin.request<Array<{ clientAddress: string | null; createdAt: string }>>('GET', `/v1/users/${me.id}/sessions`);
  return sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.clientAddress ?? null;
}

/** This run's failed sign-ins count against the address too; forgetting them keeps later runs (and other tests) from waiting. */
async function forgetAddressFailures(): Promise<void> {
  const address = await ownAddress();
  if (address) await s.admin.request('POST', '/v1/sign-in-locks/unlock-address', { address });
}

async function tryLogin(address: string, password: string): Promise<Response> {
  return fetch(`${BASE_URL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: address, password }),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await waitForApp();
  s.browser = await launch();
  s.admin = await ApiSession.signIn('admin@demo.lab');
  await forgetAddressFailures();
  s.self = await technician('self');
  s.reset = await technician('reset');
  s.locked = await technician('locked');
  for (const u of [s.self, s.reset, s.locked]) await settleTemporaryPassword(u.email, ADMIN_SET_PASSWORD, FIRST_PASSWORD);
  // A manager of this run's own: a role grant by one admin, approved by the second, who is handed a new
  // temporary password for the account (the one the admin set is dead); the manager then sets their own.
  s.admin2 = await ApiSession.signIn('admin2@demo.lab');
  s.manager = await technician('manager');
  const grant = await s.admin.request<{ approval: { id: string } }>('PATCH', `/v1/users/${s.manager.id}`, { role: 'manager' });
  const approved = await s.admin2.request<{ oneTimeSecret: { value: string } | null }>('POST', `/v1/approvals/${grant.approval.id}/approve`);
  assert.ok(approved.oneTimeSecret, 'approving the grant issues a temporary password to the approving admin');
  await settleTemporaryPassword(s.manager.email, approved.oneTimeSecret.value, FIRST_PASSWORD);
});

after(async () => {
  await s.browser?.close();
  if (!s.admin) return;
  await forgetAddressFailures().catch((e: unknown) => console.error(`address unlock: ${String(e)}`));
  // The run's accounts have passwords written in this file: none stays usable.
  for (const u of [s.self, s.reset, s.locked, s.manager]) if (u) await s.admin.request('PATCH', `/v1/users/${u.id}`, { active: false }).catch(() => undefined);
});

describe('passwords and lockout in the console', () => {
  test('(a) a technician changes their own password from the account menu and signs in with the new one', async () => {
    const newPassword = `second passphrase ${run} e2e`;
    const p = await page();
    await signIn(p, s.self.email, FIRST_PASSWORD);
    await p.getByRole('button', { name: /account menu/ }).click();
    await p.getByRole('menuitem', { name: 'Change password' }).click();
    await p.getByRole('heading', { name: 'Change password' }).waitFor();
    await waitForText(p, 'At least 12 characters, no other rules');

    // Checked in the browser: too short, and the two entries differ.
    await fillPasswordForm(p, FIRST_PASSWORD, 'too short', 'too shorT');
    await p.getByRole('button', { name: 'Change password', exact: true }).click();
    await waitForText(p, 'Use at least 12 characters');
    await waitForText(p, 'The two new passwords are not the same');
    // Checked by the server (the account's own name is refused): its reason appears by the field.
    const named = `${s.self.email.split('@')[0]} forever`;
    await fillPasswordForm(p, FIRST_PASSWORD, named);
    await p.getByRole('button', { name: 'Change password', exact: true }).click();
    await waitForText(p, 'The password must not contain your e-mail address or its name part');
    // A wrong current password is refused by that field.
    await fillPasswordForm(p, 'not my password at all', newPassword);
    await p.getByRole('button', { name: 'Change password', exact: true }).click();
    await waitForText(p, 'The current password is incorrect');
    await p.mouse.move(1, 1);
    await screenshot(p, 'account-01-change-password');
    assert.deepEqual(await axeFindings(p, 'change password'), []);

    await fillPasswordForm(p, FIRST_PASSWORD, newPassword);
    await p.getByRole('button', { name: 'Change password', exact: true }).click();
    await waitForText(p, 'Password changed');
    await p.waitForURL(/\/worklist$/);
    // The page keeps working on the new session the change answered with.
    await p.getByRole('table', { name: 'Samples' }).waitFor();
    await signOut(p);

    await p.locator('input[autocomplete="username"]').fill(s.self.email);
    await p.locator('input[autocomplete="current-password"]').fill(FIRST_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(p, 'Email or password is incorrect');
    await signIn(p, s.self.email, newPassword);
    await p.getByRole('navigation', { name: 'Screens' }).waitFor();
    await p.context().close();
  });

  test('(b) an admin resets a technician; the technician signs in with the temporary password, must set a new one, then works normally', async () => {
    const admin = await page();
    await signIn(admin, 'admin@demo.lab');
    await admin.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('button', { name: `Reset password of ${s.reset.email}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('must choose a new password at the next sign-in').waitFor();
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    const shown = dialog.getByTestId('temporary-password');
    await shown.waitFor();
    const temporary = (await shown.textContent())?.trim() ?? '';
    assert.ok(temporary.length >= 16, `a temporary password is shown (${temporary.length} characters)`);
    await dialog.getByRole('button', { name: 'Copy' }).waitFor();
    await dialog.getByText('Shown only this once').waitFor();
    await screenshot(admin, 'account-02-temporary-password', { fullPage: false });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Closing forgets it; the row says the user must set a new password.
    assert.equal(await admin.getByText(temporary).count(), 0);
    const row = admin.getByRole('row').filter({ hasText: s.reset.email });
    await row.getByText('Must set a new password').waitFor();
    await admin.context().close();

    const tech = await page();
    await tech.goto('/sign-in');
    await tech.locator('input[autocomplete="username"]').fill(s.reset.email);
    await tech.locator('input[autocomplete="current-password"]').fill(temporary);
    await tech.getByRole('button', { name: 'Sign in' }).click();
    await tech.getByRole('heading', { name: 'Set a new password' }).waitFor();
    assert.match(tech.url(), /\/set-password$/);
    assert.equal(await tech.getByRole('navigation', { name: 'Screens' }).count(), 0, 'no navigation until a new password is set');
    // Nothing else opens: any screen comes back here.
    await tech.goto('/worklist');
    await tech.getByRole('heading', { name: 'Set a new password' }).waitFor();
    assert.match(tech.url(), /\/set-password$/);
    await screenshot(tech, 'account-03-forced-change');
    assert.deepEqual(await axeFindings(tech, 'forced password change'), []);

    const chosen = `my own passphrase ${run} e2e`;
    await fillPasswordForm(tech, temporary, chosen);
    await tech.getByRole('button', { name: 'Set new password' }).click();
    await tech.getByRole('navigation', { name: 'Screens' }).waitFor();
    await tech.waitForURL(/\/worklist$/);
    await tech.getByRole('table', { name: 'Samples' }).waitFor();
    await signOut(tech);
    await signIn(tech, s.reset.email, chosen);
    await tech.getByRole('table', { name: 'Samples' }).waitFor();
    await tech.context().close();
  });

  test('(c) ten wrong passwords lock a technician out with a clear wait; an admin unlocks the account', async () => {
    // Nine wrong passwords through the API, waiting out the growing delays the server asks for.
    for (let failures = 0; failures < 9;) {
      const res = await tryLogin(s.locked.email, 'wrong password entirely');
      if (res.status === 401) failures++;
      else if (res.status === 429) await sleep(Number(res.headers.get('Retry-After') ?? '1') * 1000 + 200);
      else assert.fail(`login answered ${res.status}: ${await res.text()}`);
    }

    // The tenth, in the browser (after any last delay, which the screen states as a short wait).
    const p = await page();
    await p.goto('/sign-in');
    await p.locator('input[autocomplete="username"]').fill(s.locked.email);
    await p.locator('input[autocomplete="current-password"]').fill('wrong password entirely');
    let lockSeconds = 0;
    for (let attempt = 0; attempt < 10 && !lockSeconds; attempt++) {
      const answer = p.waitForResponse((r) => r.url().endsWith('/v1/auth/login'));
      await p.getByRole('button', { name: 'Sign in' }).click();
      const res = await answer;
      assert.equal(res.status(), 429, 'the tenth wrong password (or a wait before it) is refused with 429');
      const retryAfter = Number(res.headers()['retry-after']);
      const alert = p.getByRole('alert').filter({ hasText: 'Too many failed sign-ins' });
      if (retryAfter >= 60) {
        lockSeconds = retryAfter;
        await alert.getByText('Sign-in locked').waitFor();
      } else {
        await alert.getByText(`Try again in ${retryAfter} second`).waitFor();
        await sleep(retryAfter * 1000 + 200);
      }
    }
    assert.ok(lockSeconds >= 60, 'the account is locked');
    const minutes = Math.ceil(lockSeconds / 60);
    const expected = `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    await waitForText(p, expected);
    assert.equal(await p.getByText(/must be|longer than|should not be empty/).count(), 0, 'no validator wording');
    await screenshot(p, 'account-04-lockout');
    assert.deepEqual(await axeFindings(p, 'sign-in locked'), []);

    // The right password during the lock is refused the same way.
    await p.locator('input[autocomplete="current-password"]').fill(FIRST_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(p, /Too many failed sign-ins\. Try again in \d+ minutes?\./);
    assert.equal(await p.getByRole('navigation', { name: 'Screens' }).count(), 0);

    const admin = await page();
    await signIn(admin, 'admin@demo.lab');
    await admin.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Admin' }).click();
    const row = admin.getByRole('row').filter({ hasText: s.locked.email });
    await row.getByText('Locked', { exact: true }).waitFor();
    await admin.mouse.move(1, 1);
    await screenshot(admin, 'account-05-admin-users-locked');
    assert.deepEqual(await axeFindings(admin, 'admin users with a lock'), []);
    await row.getByRole('button', { name: `Unlock ${s.locked.email}` }).click();
    await waitForText(admin, `${s.locked.email} can sign in again`);
    await row.getByText('Not locked').waitFor();

    // The admin sees and revokes the technician's sessions.
    await signIn(p, s.locked.email, FIRST_PASSWORD);
    await admin.getByRole('button', { name: `Sessions of ${s.locked.email}` }).click();
    const sessions = admin.getByRole('table', { name: `Sessions of ${s.locked.email}` });
    await sessions
      .getByRole('button', { name: /^Revoke the session signed in / })
      .first()
      .waitFor();
    await screenshot(admin, 'account-06-sessions', { fullPage: false });
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke all' }).click();
    await waitForText(admin, 'No open sessions');
    await admin.context().close();
    // The technician's next request finds the session ended.
    await p.reload();
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    await p.context().close();
  });
  test('(d) a manager’s reset waits for a second admin, who alone is shown the temporary password', async () => {
    const admin = await page();
    await signIn(admin, 'admin@demo.lab');
    await admin.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('button', { name: `Reset password of ${s.manager.email}` }).click();
    const asked = admin.getByRole('dialog');
    await asked.getByRole('button', { name: 'Reset password' }).click();
    await asked.getByText('Waiting for a second admin').waitFor();
    assert.equal(await asked.getByTestId('temporary-password').count(), 0, 'the requesting admin is shown no password');
    await admin.context().close();
    // Until the approval, the manager's own password still works.
    assert.equal((await tryLogin(s.manager.email, FIRST_PASSWORD)).status, 200);

    const second = await page();
    await signIn(second, 'admin2@demo.lab');
    await second.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Admin' }).click();
    await second.getByRole('tab', { name: 'Approvals' }).click();
    await second.getByRole('button', { name: new RegExp(`^Approve: Reset the password of .*${s.manager.email.replace(/[.]/g, '\\.')}`) }).click();
    const shown = second.getByRole('dialog').getByTestId('temporary-password');
    await shown.waitFor();
    const temporary = (await shown.textContent())?.trim() ?? '';
    assert.ok(temporary.length >= 16, `the approver is shown the temporary password (${temporary.length} characters)`);
    await screenshot(second, 'account-07-approved-reset', { fullPage: false });
    await second.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await second.context().close();

    assert.equal((await tryLogin(s.manager.email, FIRST_PASSWORD)).status, 401, 'the old password stops working at approval');
    const signedIn = (await (await tryLogin(s.manager.email, temporary)).json()) as { passwordChangeRequired?: boolean };
    assert.equal(signedIn.passwordChangeRequired, true);
  });
});
