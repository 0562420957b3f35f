import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatConnectionStatus } from '../../core/notifications/chat-connection.ts';
import { factories } from '../factories/index.ts';
import { PHONE, startConsoleWorld, type ConsoleWorld } from '../support/console.ts';
import { readQrCode } from '../support/qr.ts';

// The bot playground in a real browser: an admin makes a test influencer, registers it by
// typing and tapping, asks for deals, gets a deal card, follows its link to the shop, and scans
// its QR code. Also the WhatsApp connection page (QR code to scan) and the queues page.

// Headless Chromium calls itself a bot, and the redirect rightly shows bots a preview: the member
// who taps the link uses the desktop Chrome of the same engine.
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const IMAGE_URL = 'https://img.kestrel.example/tent.jpg';

let world: ConsoleWorld;
let shop: http.Server;
let shopOrigin: string;
let productId: string;
let whatsapp: ChatConnectionStatus | undefined;

beforeAll(async () => {
  shop = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Kestrel shop</title><h1 id="landed">${encodeURI(request.url ?? '')}</h1>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  world = await startConsoleWorld({ whatsappStatus: { read: async () => whatsapp } });
  const make = factories(world.t.database.db, world.t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id, { name: 'Kestrel', commissionRateBps: 1000 });
  productId = (await make.product(brand, { title: 'Kestrel two-person tent', price: 4900, url: `${shopOrigin}/tents/kestrel-2?colour=green`, imageUrl: IMAGE_URL })).id;
  await make.product(brand, { title: 'Kestrel sleeping bag', price: 2900 });
});
afterAll(async () => {
  await world?.close();
  await new Promise((resolve) => shop?.close(resolve));
});

const log = (page: Page) => page.getByRole('log');
/** The bot's messages so far. */
const botBubbles = (page: Page) => log(page).locator('.chat-bubble-bot');

/** Types a message in the composer and sends it with Enter; waits for the bot's answer. */
async function say(page: Page, text: string): Promise<void> {
  const before = await botBubbles(page).count();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  await expect.poll(() => botBubbles(page).count()).toBeGreaterThan(before);
}

async function tap(page: Page, button: Locator): Promise<void> {
  const before = await botBubbles(page).count();
  await button.click();
  await expect.poll(() => botBubbles(page).count()).toBeGreaterThan(before);
}

describe('the bot playground', () => {
  it('registers a test influencer, lists deals, shows the card, leads through the tracked link, and makes a QR code', async () => {
    const { page, context } = await world.signedInPage('admin');
    await page.goto(`${world.origin}/console/playground`);
    await page.getByRole('heading', { name: 'Bot playground' }).waitFor();

    // A new test influencer, registered by hand this time.
    await page.getByRole('button', { name: 'New test influencer' }).click();
    await page.getByLabel('Name').fill('Lea Browser');
    await page.getByLabel('Register it for me: answer the questions of /start with these details').uncheck();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(log(page).innerText()).resolves.toContain('Send /start to register Lea Browser');

    await say(page, '/start');
    await expect.poll(() => botBubbles(page).last().innerText()).toContain('What name should we call you?');
    await say(page, 'Lea Browser');
    await tap(page, log(page).getByRole('button', { name: 'France' }));
    await tap(page, log(page).getByRole('button', { name: '✅ Accept terms and start' }));
    await expect.poll(() => botBubbles(page).last().innerText()).toContain('All set, Lea Browser!');
    // Registered: the picker now names the server's persona.
    await expect.poll(() => page.getByLabel('Test influencer').innerText()).toContain('Lea Browser · en · active');

    // /deals from the command menu, then the deal's link button.
    await tap(page, page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: '/deals', exact: true }));
    await expect.poll(() => botBubbles(page).last().innerText()).toContain('Kestrel sleeping bag');
    await tap(page, log(page).getByRole('button', { name: /🔗 Kestrel two-person tent/ }));
    const card = botBubbles(page).filter({ has: page.getByRole('img', { name: 'Product picture' }) }).last();
    await card.waitFor();
    await expect(card.getByRole('img', { name: 'Product picture' }).getAttribute('src')).resolves.toBe(IMAGE_URL);
    const link = card.getByRole('link', { name: /\/r\// });
    const shortUrl = (await link.getAttribute('href'))!;
    expect(shortUrl).toMatch(new RegExp(`^${world.origin}/r/\\w+$`));
    expect(await link.getAttribute('target')).toBe('_blank');
    const code = shortUrl.split('/r/')[1]!;
    const stored = await world.t.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(stored.product_id).toBe(productId);
    await card.getByRole('button', { name: '➕ Another group' }).waitFor();

    // The group's view: the deal, without the bot's buttons.
    await card.getByRole('button', { name: /Forward to a group/ }).click();
    const group = page.getByRole('figure', { name: 'As members of a group see it' }).last();
    await group.getByRole('link', { name: shortUrl }).waitFor();
    await expect(group.getByRole('button').count()).resolves.toBe(0);

    // Tapping the link opens a new tab through /r/:code to the shop, with the click id.
    await context.setExtraHTTPHeaders({ 'user-agent': CHROME_UA });
    const [shopPage] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await shopPage.waitForURL((url) => url.origin === shopOrigin);
    const landed = new URL(shopPage.url());
    expect(landed.pathname).toBe('/tents/kestrel-2');
    expect(landed.searchParams.get('colour')).toBe('green');
    expect(landed.searchParams.get('dc_click')).toMatch(/^[0-9a-f-]{36}$/);
    await shopPage.close();

    // WhatsApp shows the card as it is forwarded, and its button as a numbered option under the note that follows.
    await page.getByRole('button', { name: 'WhatsApp', exact: true }).click();
    await expect.poll(() => log(page).innerText()).toContain('1️⃣ ➕ Another group');
    expect(await card.innerText()).not.toContain('1️⃣');
    await page.getByRole('button', { name: 'Telegram', exact: true }).click();

    // /qr: a QR code picture whose payload is the tracked link its caption names.
    await say(page, `/qr #${productId}`);
    const qr = log(page).getByRole('img', { name: 'QR code of the tracked link' }).last();
    const src = (await qr.getAttribute('src'))!;
    expect(src).toMatch(/^data:image\/png;base64,/);
    const decoded = readQrCode(Buffer.from(src.split(',')[1]!, 'base64'));
    expect(decoded).toMatch(new RegExp(`^${world.origin}/r/\\w+$`));
    await expect(botBubbles(page).last().innerText()).resolves.toContain(decoded!);
    const qrLink = await world.t.database.db.selectFrom('links').selectAll().where('code', '=', decoded!.split('/r/')[1]!).executeTakeFirstOrThrow();
    expect(qrLink).toMatchObject({ product_id: productId, influencer_id: stored.influencer_id, channel: 'offline' });
  }, 90_000);

  it('on a phone, a new persona registers for the admin and the chat fits the screen; personas are per admin', async () => {
    const { page } = await world.signedInPage('manager', { viewport: PHONE });
    await page.goto(`${world.origin}/console/playground`);
    await page.getByText('Create a test influencer to start chatting with the bot.').waitFor();
    await page.getByRole('button', { name: 'New test influencer' }).click();
    await page.getByLabel('Name').fill('Marta Telefon');
    await page.getByLabel('Bot language').selectOption('pl');
    await page.getByRole('button', { name: 'Create' }).click();
    // Typed while the registration is still being answered: it goes out after it, in order.
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(`/link #${productId}`);
    await composer.press('Enter');
    await log(page).getByRole('link', { name: /\/r\// }).waitFor({ timeout: 20_000 });
    const transcript = await log(page).innerText();
    expect(transcript.indexOf('Gotowe, Marta Telefon!')).toBeGreaterThan(-1);
    expect(transcript.indexOf('Gotowe, Marta Telefon!')).toBeLessThan(transcript.indexOf('/r/'));
    await expect.poll(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    const personas = await world.t.database.db.selectFrom('influencer_identities').select('external_id').where('channel', '=', 'playground').execute();
    expect(personas).toHaveLength(2);
  }, 60_000);
});

describe('the WhatsApp and queues pages', () => {
  it('says how to enable WhatsApp, then shows the QR code to scan, then the connection', async () => {
    const { page } = await world.signedInPage('admin');
    whatsapp = undefined;
    await page.goto(`${world.origin}/console/whatsapp`);
    await expect.poll(() => page.locator('main').innerText()).toContain('WHATSAPP_ENABLED=1');
    const now = new Date().toISOString();
    whatsapp = { state: 'qr', since: now, qr: '2@dealcast-login-code,abc', lastError: null, lastErrorAt: null, reconnectAttempt: 0, nextReconnectAt: null, phone: null, updatedAt: now };
    const image = page.getByRole('img', { name: 'WhatsApp login QR code' });
    await image.waitFor({ timeout: 15_000 });
    const src = (await image.getAttribute('src'))!;
    expect(readQrCode(Buffer.from(src.split(',')[1]!, 'base64'))).toBe('2@dealcast-login-code,abc');
    await expect(page.locator('main').innerText()).resolves.toContain('Settings → Linked devices → Link a device');
    whatsapp = { ...whatsapp, state: 'ready', qr: null, phone: '48500100200', updatedAt: new Date().toISOString() };
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('+48500100200');
    await expect(page.getByRole('img', { name: 'WhatsApp login QR code' }).count()).resolves.toBe(0);
  }, 60_000);

  it('lists every queue with its counts and opens Bull Board behind the sign-in', async () => {
    const { page, context } = await world.signedInPage('admin');
    await page.goto(`${world.origin}/console/queues`);
    for (const name of ['clicks', 'notifications', 'notifications-whatsapp', 'settlement']) {
      await page.getByRole('row', { name: new RegExp(`^${name} `) }).waitFor();
    }
    const [board] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: /Open Bull Board/ }).click()]);
    await board.waitForLoadState();
    expect(new URL(board.url()).pathname).toBe('/admin/queues');
    await expect(board.title()).resolves.toBe('dealcast queues');
  });
});
