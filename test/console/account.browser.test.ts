import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { PHONE, signIn, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The Account page: who is signed in, the password change with the API's refusals shown.

// Several pages, browsers and processes on a machine shared with other runs: more than the default 30 s.
const BROWSER_TEST_TIMEOUT = 90_000;

let world: ConsoleWorld;
beforeAll(async () => { world = await startConsoleWorld(); });
afterAll(async () => { await world?.close(); });

describe('the account page', () => {
  it('shows the email and role, and changes the password: mistakes are explained, other sessions end, this one stays', async () => {
    const { page, email, password } = await world.signedInPage('support');
    const other = await world.browser.newContext();
    await signIn(await other.newPage(), world.origin, email, password);

    await page.getByRole('link', { name: 'Account' }).click();
    await expect.poll(() => page.getByTestId('account-email').textContent()).toBe(email);
    await page.getByText('Support: reads everything, changes nothing').waitFor();

    const fill = async (current: string, next: string, repeat: string) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel(/^New password/).fill(next);
      await page.getByLabel('Repeat the new password').fill(repeat);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await fill(password, 'a-brand-new-password', 'a-brand-new-passw0rd');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The two new passwords are not the same.');
    await fill('not-my-password', 'a-brand-new-password', 'a-brand-new-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The current password is wrong.');
    // The API's own rule, in its own words.
    await fill(password, 'short', 'short');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The password must have at least 10 characters');

    await fill(password, 'a-brand-new-password', 'a-brand-new-password');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Password changed. Your other sessions were signed out; this one stays signed in.');
    expect((await other.request.get(`${world.origin}/api/v1/auth/session`)).status()).toBe(401);
    await page.reload();
    await expect.poll(() => page.getByTestId('account-email').textContent()).toBe(email);

    // The new password signs in; the old one no longer does.
    const fresh = await world.browser.newContext();
    const tab = await fresh.newPage();
    await tab.goto(`${world.origin}/console/`);
    await tab.locator('input[name=email]').fill(email);
    await tab.locator('input[name=password]').fill(password);
    await tab.locator('button[type=submit]').click();
    await expect.poll(() => tab.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
    await signIn(tab, world.origin, email, 'a-brand-new-password');
    await other.close();
    await fresh.close();
  }, BROWSER_TEST_TIMEOUT);

  it('speaks Polish and fits a phone screen', async () => {
    const vendor = await factories(world.t.database.db, world.t.deps.secretBox).vendor({ name: 'Sklep Kowalski' });
    const { page } = await world.signedInPage('vendor', { vendorId: vendor.id, language: 'pl', viewport: PHONE });
    await page.goto(`${world.origin}/console/account`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Twoje konto');
    await page.getByRole('button', { name: 'Wyloguj wszędzie' }).waitFor();
    await expect.poll(() => page.getByText('Sklep Kowalski').count()).toBe(1);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE.width);
  });
});
