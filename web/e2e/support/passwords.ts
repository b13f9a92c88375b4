import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { BASE_URL } from './env';

/**
 * A password an admin set or a temporary one an approval issued must be changed at the next sign-in.
 * Settles it through the API, as the person would at that sign-in: signs in with it (the answer says a
 * change is required), then sets `chosen` as their own.
 */
export async function settleTemporaryPassword(email: string, temporary: string, chosen: string): Promise<void> {
  const login = await fetch(`${BASE_URL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: temporary }),
  });
  if (!login.ok) throw new Error(`login ${email} with the temporary password: ${login.status} ${await login.text()}`);
  const signedIn = (await login.json()) as { accessToken: string; passwordChangeRequired: boolean };
  assert.equal(signedIn.passwordChangeRequired, true, `${email} must change the temporary password`);
  const change = await fetch(`${BASE_URL}/v1/auth/password`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${signedIn.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ currentPassword: temporary, newPassword: chosen }),
  });
  if (!change.ok) throw new Error(`password change of ${email}: ${change.status} ${await change.text()}`);
}

/** Fills the change-password form (the account page's or the forced screen's). */
export async function fillPasswordForm(p: Page, current: string, next: string, again = next): Promise<void> {
  await p.locator('input[autocomplete="current-password"]').fill(current);
  // The labels end in the required mark (" *").
  await p.getByLabel(/^New password\s*\*?$/).fill(next);
  await p.getByLabel(/^New password again\s*\*?$/).fill(again);
}

/** Signs in with a password that must be changed: the forced change screen only, no navigation. */
export async function signInToForcedChange(p: Page, email: string, temporary: string): Promise<void> {
  await p.goto('/sign-in');
  await p.locator('input[autocomplete="username"]').fill(email);
  await p.locator('input[autocomplete="current-password"]').fill(temporary);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('heading', { name: 'Set a new password' }).waitFor();
  assert.match(p.url(), /\/set-password$/);
  assert.equal(await p.getByRole('navigation', { name: 'Screens' }).count(), 0, 'no navigation until a new password is set');
}

/** On the forced change screen: sets `chosen` and reaches the console's worklist. */
export async function setNewPassword(p: Page, temporary: string, chosen: string): Promise<void> {
  await fillPasswordForm(p, temporary, chosen);
  await p.getByRole('button', { name: 'Set new password' }).click();
  await p.getByRole('navigation', { name: 'Screens' }).waitFor();
  await p.waitForURL(/\/worklist$/);
}
