import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../factories/index.ts';
import { startConsoleWorld, type ConsoleWorld } from '../support/console.ts';

// The links page in the browser: a manager makes a tracked link in the dialog and gets the short
// link to copy with its QR code; the list filters by group label from the URL.

let world: ConsoleWorld;
beforeAll(async () => {
  world = await startConsoleWorld();
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id, { name: 'Tea Co' });
  await make.product(brand, { title: 'Green Tea Tin', sku: 'TEA-1', imageUrl: null });
  await make.influencer({ displayName: 'Olek Wiśniewski' });
});
afterAll(async () => { await world?.close(); });

describe('the links page', () => {
  it('makes a link for an influencer, product and group, shows it with its QR code, and lists it under its group', async () => {
    const { page } = await world.signedInPage('manager');
    await page.goto(`${world.origin}/console/links`);
    await expect.poll(() => page.getByText('No links yet').count()).toBe(1);
    await page.getByRole('button', { name: 'New link' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tracked link' });
    await dialog.getByPlaceholder('Type a name, @handle or id').fill('Olek');
    await dialog.getByRole('option', { name: /Olek Wiśniewski/ }).getByRole('button').click();
    await dialog.getByPlaceholder('Type a title or SKU').fill('TEA');
    await dialog.getByRole('option', { name: /Green Tea Tin/ }).getByRole('button').click();
    await dialog.getByLabel('Channel').selectOption('whatsapp');
    await dialog.getByLabel('Group label').fill('Family  chat');
    await dialog.getByRole('button', { name: 'Make the link' }).click();

    const url = dialog.getByRole('link', { name: /\/r\// });
    await url.waitFor();
    const row = await world.t.database.db.selectFrom('links').select(['code', 'channel', 'group_label']).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'whatsapp', group_label: 'Family chat' });
    await expect(url.innerText()).resolves.toMatch(new RegExp(`^http://127\\.0\\.0\\.1(:\\d+)?/r/${row.code}$`));
    await dialog.getByRole('img', { name: /QR code that opens/ }).waitFor();
    // The QR code's PNG came from the API through the <img> (the session cookie is its credential).
    await expect.poll(() => page.evaluate('[...document.querySelectorAll("dialog img.links-qr")].map((i) => (i.complete ? i.naturalWidth : 0))[0]')).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    await page.goto(`${world.origin}/console/links?groupLabel=${encodeURIComponent('Family chat')}`);
    const table = page.getByRole('table', { name: 'Links, newest first' });
    await expect.poll(() => table.innerText()).toMatch(new RegExp(`${row.code}[\\s\\S]*Olek Wiśniewski[\\s\\S]*Green Tea Tin[\\s\\S]*WhatsApp[\\s\\S]*Family chat`));
    await page.goto(`${world.origin}/console/links?groupLabel=Work`);
    await expect.poll(() => page.getByText('No link matches these filters').count()).toBe(1);
  });

  it('shows where each link leads and lets a manager switch it to the deal page; the influencer page shows the storefront', async () => {
    const make = factories(world.t.database.db, world.t.deps.secretBox);
    const brand = await make.brand((await make.vendor()).id, { name: 'Mug Co' });
    const mug = await make.product(brand, { title: 'Travel Mug', imageUrl: null });
    const ania = await make.influencer({ displayName: 'Ania Nowak' });
    const link = await make.link(ania.id, mug.id, { channel: 'telegram' });
    await make.pick(ania.id, (await make.product(brand, { title: 'Desk Lamp', imageUrl: null })).id, { handle: 'ania-nowak' });

    const { page } = await world.signedInPage('manager');
    await page.goto(`${world.origin}/console/links?code=${link.code}`);
    const table = page.getByRole('table', { name: 'Links, newest first' });
    const select = table.getByLabel(`Where ${link.code} leads`);
    await expect.poll(() => select.inputValue()).toBe('vendor');
    await select.selectOption('deal_page');
    await expect.poll(async () => (await world.t.database.db.selectFrom('links').select('landing').where('id', '=', link.id).executeTakeFirstOrThrow()).landing).toBe('deal_page');
    // The link's URL to copy follows: the deal page's.
    await expect.poll(() => page.locator('.links-one').innerText()).toContain(`/d/${link.code}`);

    await page.goto(`${world.origin}/console/influencers/${ania.id}`);
    await expect.poll(() => page.getByRole('link', { name: /\/s\/ania-nowak$/ }).count()).toBe(1);
  });
});
