import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';

const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36';
const person = (ua = PHONE_UA, language = 'fr-FR,fr;q=0.9,en;q=0.5') => ({ 'user-agent': ua, 'accept-language': language });
const metaOf = (html: string, property: string) => new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];

/** Views are counted just after the page is sent; on a busy machine that can take a moment. */
const POLL = { timeout: 10_000, interval: 50 };

let t: TestApp;
let make: ReturnType<typeof factories>;
let influencerId: string;
let code: string;

beforeAll(async () => {
  t = await createTestApp();
  make = factories(t.database.db, t.deps.secretBox);
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { name: 'Lumio' });
  const product = await make.product(brand, { title: 'Wireless earbuds', price: 2999, listPrice: 4599, currency: 'EUR', imageUrl: 'https://img.example/earbuds.jpg' });
  influencerId = (await make.influencer({ displayName: 'Zoë' })).id;
  const link = await make.pick(influencerId, product.id, { note: 'Je les porte tous les jours', handle: 'zoe' });
  code = link.code;
});
afterAll(async () => { await t?.close(); });


describe('GET /d/:code, the deal page', () => {
  it('shows the product, price, discount and note in the visitor\'s language, with a buy button to the redirect', async () => {
    const res = await t.app.inject({ url: `/d/${code}`, headers: person() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Wireless earbuds');
    expect(html).toMatch(/29,99\s€/);
    expect(html).toMatch(/<s [^>]*>45,99\s€<\/s>/);
    expect(html).toMatch(/−35\s?%/);
    expect(html).toContain('Zoë en dit :');
    expect(html).toContain('Je les porte tous les jours');
    expect(html).toContain(`<a class="buy" id="buy" href="/r/${code}" rel="nofollow">Acheter</a>`);
    expect(html).toContain('href="/s/zoe"');
    expect(html).not.toMatch(/<script/i);
  });

  it('speaks Polish to a Polish browser and English to one asking for a language we do not speak', async () => {
    const pl = await t.app.inject({ url: `/d/${code}`, headers: person(ANDROID_UA, 'pl-PL,pl;q=0.9') });
    expect(pl.body).toContain('<html lang="pl">');
    expect(pl.body).toContain('Kup teraz');
    const pt = await t.app.inject({ url: `/d/${code}`, headers: person(ANDROID_UA, 'pt-BR') });
    expect(pt.body).toContain('Buy now');
  });

  it('carries OpenGraph tags WhatsApp accepts: canonical og:url without tracking, a description of at most 80 characters, an absolute image', async () => {
    const res = await t.app.inject({ url: `/d/${code}?utm_source=x`, headers: { 'user-agent': 'WhatsApp/2.24.12.78 A' } });
    expect(res.statusCode).toBe(200);
    const head = res.body.slice(0, res.body.indexOf('</head>'));
    expect(metaOf(head, 'og:url')).toBe(`https://dc.test/d/${code}`);
    expect(metaOf(head, 'og:title')).toBe('Wireless earbuds');
    expect([...metaOf(head, 'og:description')!].length).toBeLessThanOrEqual(80);
    expect(metaOf(head, 'og:image')).toBe('https://img.example/earbuds.jpg');
    expect(metaOf(head, 'product:price:amount')).toBe('29.99');
  });

  it('answers an unknown or malformed code with a 404 page in the visitor\'s language', async () => {
    for (const url of ['/d/doesNotExist1', '/d/%3Cscript%3E', `/d/${'x'.repeat(70)}`]) {
      const res = await t.app.inject({ url, headers: person(PHONE_UA, 'es-ES') });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('text/html');
    }
    expect((await t.app.inject({ url: '/d/doesNotExist1', headers: person(PHONE_UA, 'es-ES') })).body).toContain('Esta página no existe');
  });
});

describe('counting deal page views', () => {
  it('counts a person once a day however often they reload, and another person once more; previews, bots and HEAD never', async () => {
    // A page of its own: the views above were people too.
    const other = await make.influencer();
    const { code, id: linkId } = await make.link(other.id, (await make.product(await make.brand((await make.vendor()).id))).id, { landing: 'deal_page' });
    const views = async (kind: string) => Number((await t.database.db.selectFrom('exposure_daily').select('views')
      .where('influencer_id', '=', other.id).where('kind', '=', kind as 'deal_page_view').executeTakeFirst())?.views ?? 0);
    for (const ua of ['WhatsApp/2.24.12.78 A', 'TelegramBot (like TwitterBot)', 'facebookexternalhit/1.1', 'curl/8.5.0']) {
      expect((await t.app.inject({ url: `/d/${code}`, headers: { 'user-agent': ua } })).statusCode).toBe(200);
    }
    await t.app.inject({ method: 'HEAD', url: `/d/${code}`, headers: person(ANDROID_UA) });
    // A browser's user agent without Accept-Language is a script.
    await t.app.inject({ url: `/d/${code}`, headers: { 'user-agent': ANDROID_UA } });

    const first = await t.app.inject({ url: `/d/${code}`, headers: person(ANDROID_UA) });
    const cookie = /dc_vid=([A-Za-z0-9_-]{22});[^,]*Path=\/d/.exec(String(first.headers['set-cookie']))?.[1];
    expect(cookie).toBeDefined();
    await expect.poll(() => views('deal_page_view'), POLL).toBe(1);
    await t.app.inject({ url: `/d/${code}`, headers: { ...person(ANDROID_UA), cookie: `dc_vid=${cookie}` } });
    await t.app.inject({ url: `/d/${code}`, headers: person(ANDROID_UA) });
    await t.app.inject({ url: `/d/${code}`, headers: person(PHONE_UA) });
    await expect.poll(() => views('deal_page_view'), POLL).toBe(2);
    // The deal page never records a click: that is the buy button's (the redirect's) job.
    expect(await t.database.db.selectFrom('clicks').select('id').where('link_id', '=', linkId).execute()).toHaveLength(0);
  });
});

describe('GET /s/:handle, the storefront', () => {
  it('lists the picks newest first, each opening its deal page, pages through many, and counts a person\'s view once', async () => {
    const vendor = await make.vendor();
    const brand = await make.brand(vendor.id);
    const owner = await make.influencer({ displayName: 'Мария' });
    await t.database.db.updateTable('influencers').set({ handle: 'mariya' }).where('id', '=', owner.id).execute();
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const product = await make.product(brand, { title: `Pick ${i}`, price: 1000 + i });
      codes.push((await make.pick(owner.id, product.id, { pickedAt: new Date(Date.UTC(2026, 10, 1, 0, i)) })).code);
    }
    const first = await t.app.inject({ url: '/s/mariya', headers: person(PHONE_UA, 'ru-RU,ru;q=0.9') });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Подборка: Мария');
    const shown = [...first.body.matchAll(/href="\/d\/([^"]+)"/g)].map((m) => m[1]);
    expect(shown).toEqual(codes.slice().reverse().slice(0, 24));
    expect(metaOf(first.body, 'og:description')).toBe('30 предложений от Мария');
    expect(first.body).toContain('<code id="address">https://dc.test/s/mariya</code>');
    const next = /<a rel="next" href="([^"]+)"/.exec(first.body)![1]!;
    const second = await t.app.inject({ url: next.replace(/&amp;/g, '&'), headers: person(PHONE_UA, 'ru-RU') });
    expect([...second.body.matchAll(/href="\/d\/([^"]+)"/g)].map((m) => m[1])).toEqual(codes.slice().reverse().slice(24));
    expect(second.body).not.toContain('rel="next"');

    const qr = await t.app.inject({ url: '/s/mariya/qr.png' });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');

    const count = async () => Number((await t.database.db.selectFrom('exposure_daily').select('views')
      .where('influencer_id', '=', owner.id).where('kind', '=', 'storefront_view').executeTakeFirst())?.views ?? 0);
    await expect.poll(count, POLL).toBe(1);
    await t.app.inject({ url: '/s/MARIYA', headers: person(PHONE_UA, 'ru-RU') });
    await t.app.inject({ url: '/s/mariya', headers: { 'user-agent': 'WhatsApp/2.24.12.78 A' } });
    await t.app.inject({ url: '/s/mariya', headers: person(ANDROID_UA, 'ru-RU') });
    await expect.poll(count, POLL).toBe(2);
  });

  it('answers an unknown handle with a 404 page, and a forged cursor with a 400', async () => {
    for (const url of ['/s/nobody-here', '/s/a', '/s/<b>', '/s/nobody-here/qr.png']) {
      const res = await t.app.inject({ url, headers: person() });
      expect(res.statusCode, url).toBe(404);
    }
    const bad = await t.app.inject({ url: '/s/zoe?cursor=DROP%20TABLE', headers: person() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('is gone once its influencer is anonymised, picks and all', async () => {
    const gone = await make.influencer({ displayName: 'Temp' });
    const product = await make.product(await make.brand((await make.vendor()).id));
    const link = await make.pick(gone.id, product.id, { note: 'my words', handle: 'temp-shop' });
    expect((await t.app.inject({ url: '/s/temp-shop', headers: person() })).statusCode).toBe(200);
    await t.deps.services.people.influencers.anonymise({ actor: 'admin:1', scope: { vendorId: null } }, gone.id);
    expect((await t.app.inject({ url: '/s/temp-shop', headers: person() })).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('picks').select('product_id').where('influencer_id', '=', gone.id).execute()).toEqual([]);
    // The deal page of a shared link still answers (groups see no broken link), without their name or words.
    const page = await t.app.inject({ url: `/d/${link.code}`, headers: person() });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('my words');
    expect(page.body).not.toContain('Temp');
  });
});
