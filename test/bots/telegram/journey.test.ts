import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../core/i18n/languages.ts';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { countryName } from '../../../core/influencers/influencer-accounts.service.ts';
import { sendSigned } from '../../support/vendor.ts';
import { buttonsOf, textOf, type TelegramUser } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let s: TelegramStack;
let vendor: Awaited<ReturnType<TelegramStack['make']['vendor']>>;
let brand: { id: string; vendor_id: string; slug: string };
let product: { id: string; title: string };

beforeAll(async () => {
  s = await createTelegramStack();
  vendor = await s.make.vendor({ name: 'Shenzhen Gadgets' });
  brand = await s.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 1000 });
  product = await s.make.product(brand, { title: 'Lumio smart desk lamp', price: 4999, listPrice: 7999, currency: 'EUR' });
});
afterAll(async () => { await s?.close(); });

/** What each language must show in its own words, beyond the catalog: the ad label and the sale. */
const EXPECTED: Record<Language, { name: string; country: string; ad: string; price: RegExp; sale: string }> = {
  en: { name: 'Emma Wilson', country: 'FR', ad: '#ad', price: /€49\.99 instead of <s>€79\.99<\/s> \(−38%\)/, sale: 'New sale' },
  ru: { name: 'Анна Смирнова', country: 'RU', ad: 'Реклама', price: /49,99\s€ вместо <s>79,99\s€<\/s> \(−38\s%\)/, sale: 'Новая продажа' },
  fr: { name: 'Camille Dubois', country: 'FR', ad: 'Publicité', price: /49,99\s€ au lieu de <s>79,99\s€<\/s> \(−38\s%\)/, sale: 'Nouvelle vente' },
  es: { name: 'Lucía García', country: 'ES', ad: 'Publicidad', price: /49,99\s€ en vez de <s>79,99\s€<\/s> \(−38\s%\)/, sale: 'Nueva venta' },
  pl: { name: 'Zofia Nowak', country: 'PL', ad: 'Reklama', price: /49,99\s€ zamiast <s>79,99\s€<\/s> \(−38%\)/, sale: 'Nowa sprzedaż' },
};

describe.each(Object.keys(EXPECTED) as Language[])('the whole journey of an influencer in %s, through Telegram', (language) => {
  it('registers, joins a brand, gets a deal, and hears about the sale its link brought', async () => {
    const i18n = translator(language);
    const expected = EXPECTED[language];
    const user: TelegramUser = { id: 4_100_000 + language.charCodeAt(0) * 100 + language.charCodeAt(1), first_name: expected.name, language_code: language };
    const { emulator } = s;
    let seen = 0;
    const next = async (count = 1) => {
      const messages = await emulator.waitForMessages(user.id, count, { after: seen });
      seen += count;
      return messages;
    };

    // Registration in two taps: the language comes from Telegram's language_code and the name from the
    // person's Telegram profile, so the only question is the country, then the proposal to accept.
    emulator.sendText(user, '/start');
    const countryQuestion = (await next())[0]!;
    expect(textOf(countryQuestion)).toContain(i18n.t('start.askCountry', { name: expected.name }));
    expect(textOf(countryQuestion)).not.toContain(i18n.t('start.askName'));
    const countryButton = buttonsOf(countryQuestion).find((b) => b.text === countryName(expected.country, language));
    expect(countryButton?.callback_data).toBe(expected.country);
    emulator.pressButton(user, countryButton!.callback_data!);
    const terms = (await next())[0]!;
    expect(textOf(terms)).toBe(i18n.t('start.confirm', { name: expected.name, country: countryName(expected.country, language) }));
    emulator.pressButton(user, buttonsOf(terms).find((b) => b.text === i18n.t('start.acceptAndStart'))!.callback_data!);
    expect(textOf((await next())[0]!)).toBe(i18n.t('start.registered', { name: expected.name }));

    // A brand, then a deal for the family group: a photo with its caption and buttons, then the commission.
    emulator.sendText(user, `/join ${brand.slug}`);
    expect(textOf((await next())[0]!)).toBe(i18n.t('join.approved', { brand: 'Lumio Home', slug: brand.slug }));
    emulator.sendText(user, `/link #${product.id} family`);
    const [card, note] = await next(2);
    expect(card!.method).toBe('sendPhoto');
    expect(card!.payload.photo).toBe(`https://shop.example/img/${(await skuOf(product.id))}.jpg`);
    const caption = textOf(card!);
    expect(caption.split('\n')[0]).toBe(expected.ad);
    // HTML: the title in bold, the old price struck through.
    expect(card!.payload.parse_mode).toBe('HTML');
    expect(caption).toContain('<b>Lumio smart desk lamp</b>');
    expect(caption).toMatch(expected.price);
    const code = /https:\/\/dc\.test\/r\/([0-9A-Za-z]+)/.exec(caption)![1]!;
    expect(buttonsOf(card!)).toEqual([
      { text: i18n.t('deal.anotherGroup'), callback_data: `/group #${product.id}` },
      { text: i18n.t('deal.share'), switch_inline_query: `#${product.id}` },
    ]);
    expect(textOf(note!)).toContain(i18n.money(500, 'EUR'));

    // A group member taps the link: the redirect counts the click.
    const tap = await s.app.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': language } });
    expect(tap.statusCode).toBe(302);
    const clickId = new URL(tap.headers.location as string).searchParams.get('dc_click')!;
    await expect.poll(async () => (await s.app.database.db.selectFrom('clicks').select('counted').where('id', '=', clickId).executeTakeFirst())?.counted, { timeout: 15_000 }).toBe(true);

    // The shop reports the order; the influencer hears about it in their language.
    const postback = await sendSigned(s.app.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId: `order-${language}`, clickId, amount: 4999, currency: 'EUR' },
    });
    expect(postback.statusCode, postback.body).toBe(202);
    const answer = postback.json() as { attributed: boolean; commission: { id: string; amount: number } };
    expect(answer.attributed).toBe(true);
    const notification = textOf((await next())[0]!);
    expect(notification).toBe(renderNotification({
      kind: 'sale_pending', influencerId: '', commissionId: answer.commission.id, amount: answer.commission.amount, currency: 'EUR', productTitle: 'Lumio smart desk lamp',
    }, language));
    expect(notification).toContain(expected.sale);
    expect(notification).toContain(i18n.money(500, 'EUR'));
  });
});

async function skuOf(productId: string): Promise<string> {
  return (await s.app.database.db.selectFrom('products').select('sku').where('id', '=', productId).executeTakeFirstOrThrow()).sku;
}
