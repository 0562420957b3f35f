import { afterAll, beforeAll, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

let world: ConsoleWorld;
beforeAll(async () => {
  world = await startConsoleWorld();
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id, { name: 'Kestrel', commissionRateBps: 1000 });
  await make.product(brand, { title: 'Kestrel two-person tent', price: 4900, listPrice: 6900, imageUrl: null });
  await make.product(brand, { title: 'Kestrel sleeping bag', price: 2900 });
});
afterAll(async () => { await world?.close(); });

it('shots', async () => {
  for (const [name, viewport] of [['desk', { width: 1280, height: 900 }], ['phone', PHONE]] as const) {
    const { page } = await world.signedInPage('admin', { viewport });
    await page.goto(`${world.origin}/console/playground`);
    await page.getByRole('button', { name: 'New test influencer' }).click();
    await page.getByLabel('Name').fill('Lea ' + name);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText(/All set/).waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    for (const text of ['/deals', '/link 1', '/qr 1', '/poster 1']) {
      await composer.fill(text); await composer.press('Enter');
      await page.waitForTimeout(1500);
    }
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/pg-${name}-tg.png`, fullPage: true });
    await page.getByRole('button', { name: 'WhatsApp', exact: true }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/pg-${name}-wa.png`, fullPage: true });
    await page.goto(`${world.origin}/console/queues`);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `/tmp/q-${name}.png`, fullPage: true });
    await page.goto(`${world.origin}/console/whatsapp`);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: `/tmp/wa-${name}.png`, fullPage: true });
  }
}, 120_000);
