import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, signIn, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';
import { createAdmin } from '../support/admins.ts';

let world: ConsoleWorld;
beforeAll(async () => { world = await startConsoleWorld(); });
afterAll(async () => { await world?.close(); });

describe('the console in a real browser', () => {
  it('/ leads to the console, which asks a signed-out person to sign in', async () => {
    const context = await world.browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${world.origin}/`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await page.getByRole('heading', { name: 'Sign in to dealcast' }).waitFor();
    await context.close();
  });

  it('a wrong password says so; the right one opens the dashboard with the menu of the role', async () => {
    await createAdmin(world.t.database.db, { email: 'ops@console.test', password: 'correct-horse-battery', role: 'support' });
    const context = await world.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${world.origin}/console/`);
    await page.getByLabel('Email').fill('ops@console.test');
    await page.getByLabel('Password').fill('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match');
    await signIn(page, world.origin, 'ops@console.test', 'correct-horse-battery');
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');
    const menu = await page.getByRole('navigation').innerText();
    expect(menu).toContain('Find a sale');
    // Support reads but does not run the bot or the queues.
    expect(menu).not.toContain('Bot playground');
    expect(menu).not.toContain('Queues');
    await context.close();
  });

  it('on a phone the menu folds behind a button, and a reload keeps the session', async () => {
    const { page } = await world.signedInPage('admin', { viewport: PHONE });
    const nav = page.getByRole('navigation');
    await expect(nav.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: /menu/i }).click();
    await nav.waitFor();
    await page.getByRole('link', { name: 'Brands' }).click();
    expect(new URL(page.url()).pathname).toBe('/console/brands');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/brands');
  });

  it('speaks the language chosen, and remembers it', async () => {
    const { page } = await world.signedInPage('admin', { language: 'pl' });
    await expect(page.getByRole('navigation').innerText()).resolves.toContain('Marki');
    await page.getByLabel('Język').selectOption('fr');
    await expect.poll(() => page.getByRole('navigation').innerText()).toContain('Marques');
    await page.reload();
    await expect(page.getByRole('navigation').innerText()).resolves.toContain('Marques');
  });
});
