import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The security headers in a real browser: the console, the API docs and the queue board (framed
// by the console) load and work under their content security policy, with nothing refused.

let world: ConsoleWorld;
beforeAll(async () => { world = await startConsoleWorld(); });
afterAll(async () => { await world?.close(); });

/** Every content-security-policy refusal the page (and its frames) reports from now on. */
function cspRefusals(page: Page): string[] {
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) refusals.push(message.text());
  });
  return refusals;
}

describe('pages under the security headers', () => {
  it('the console dashboard and the queue board it frames load with no CSP refusal', async () => {
    const { page } = await world.signedInPage('admin');
    const refusals = cspRefusals(page);
    await page.goto(`${world.origin}/console/dashboard`);
    await page.getByRole('navigation').waitFor();
    await page.goto(`${world.origin}/console/queues`);
    await page.getByRole('button', { name: /show/i }).first().click();
    const board = page.frameLocator('iframe.queues-board');
    await board.locator('#root *').first().waitFor();
    // Bull Board asks Google Fonts for its typeface; refused on purpose (an admin's address is not
    // Google's business), it falls back to the system's fonts.
    expect(refusals.filter((refusal) => !refusal.includes('https://fonts.googleapis.com/'))).toEqual([]);
  });

  it('the API docs render the operations with no CSP refusal', async () => {
    const page = await world.browser.newPage();
    const refusals = cspRefusals(page);
    await page.goto(`${world.origin}/docs`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
    expect(refusals).toEqual([]);
    await page.close();
  });
});
