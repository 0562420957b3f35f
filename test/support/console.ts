import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchChromium, signIn } from './chromium.ts';
import type { AdminRole } from '../../core/access/access.ts';
import { createAdmin } from './admins.ts';
import { createTestApp, type TestApp } from './app.ts';
import { freePort, REPO_ROOT } from './cli-process.ts';

export { CHROMIUM_ARGS, DESKTOP, PHONE, launchChromium, signIn } from './chromium.ts';

/** Builds console/dist when its sources are newer (a no-op otherwise); the global setup calls it once per run. */
export function buildConsoleIfStale(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'console/build.mjs')], { stdio: 'inherit', cwd: REPO_ROOT });
}

export interface ConsoleWorld {
  readonly t: TestApp;
  /** http://127.0.0.1:<port> of the listening app. */
  readonly origin: string;
  readonly browser: Browser;
  /** A new browser context signed in through the sign-in form as a new account of that role. */
  signedInPage(role: AdminRole, options?: { vendorId?: string; viewport?: { width: number; height: number }; language?: string }): Promise<{ page: Page; context: BrowserContext; email: string; password: string }>;
  close(): Promise<void>;
}

let accounts = 0;

/**
 * The real app (fresh database, own Redis prefix) listening on a loopback port, the built
 * console it serves at /console/, and Chromium. Each test file makes one.
 */
export async function startConsoleWorld(options: Parameters<typeof createTestApp>[0] = {}): Promise<ConsoleWorld> {
  // The port is chosen first so that PUBLIC_URL is the app's own address: the tracked links the
  // bot playground shows lead through this app's /r/:code, as a person's tap would.
  const port = await freePort();
  const t = await createTestApp({ publicUrl: `http://127.0.0.1:${port}`, ...options });
  await t.app.listen({ port, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    t, origin, browser,
    async signedInPage(role, { vendorId, viewport = DESKTOP, language = 'en' } = {}) {
      accounts += 1;
      const email = `${role}${accounts}-${Date.now()}@console.test`;
      const password = `pass-${role}-${accounts}-long-enough`;
      await createAdmin(t.database.db, { email, password, role, ...(vendorId ? { vendorId } : {}) });
      const context = await browser.newContext({ viewport, locale: language });
      // Runs in the page (a string, as the test's TypeScript has no DOM types): the first visit's language.
      await context.addInitScript(`if (!localStorage.getItem('dealcast.language')) localStorage.setItem('dealcast.language', ${JSON.stringify(language)});`);
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, origin, email, password);
      return { page, context, email, password };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}
