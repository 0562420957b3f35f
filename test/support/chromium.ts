import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's Chromium (/usr/bin/chromium, never a downloaded build), for the browser tests and
// the README's screenshots alike. No vitest here: `npm run screenshots` imports it too.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Signs in through the console's form, as a person does, and waits for the signed-in frame. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/console/`);
  // By field name, not label: the form speaks the browser's language.
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('header.topbar').waitFor();
}
