import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adDisclosure } from '../../../core/i18n/ad-disclosure.ts';
import type { Language } from '../../../core/i18n/languages.ts';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { countryName } from '../../../core/influencers/influencer-accounts.service.ts';
import { sendSigned } from '../../support/vendor.ts';
import { createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const ERID = '2VtzqwXyZ1a';

let s: WhatsAppStack;
let vendor: Awaited<ReturnType<WhatsAppStack['make']['vendor']>>;
let brand: { id: string; vendor_id: string; slug: string };
let product: { id: string; title: string };

beforeAll(async () => {
  s = await createWhatsAppStack();
  await s.login();
  vendor = await s.make.vendor({ name: 'Shenzhen Gadgets' });
  brand = await s.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 1000 });
  await s.app.database.db.updateTable('brands').set({ erid: ERID }).where('id', '=', brand.id).execute();
  product = await s.make.product(brand, {
    title: 'Lumio smart desk lamp', price: 4999, listPrice: 7999, currency: 'EUR', imageUrl: `${s.images.url}/product.png`,
  });
});
afterAll(async () => { await s?.close(); });

/**
 * Each person's phone number, name (and whether WhatsApp tells it: a push name), how they
 * accept the proposal, and the words of their language.
 */
const PEOPLE: Record<'pl' | 'ru', { phone: string; name: string; pushName: boolean; country: string; accept: string; price: RegExp; sale: string }> = {
  // Has a push name: registers in one step, picking the first option ("1").
  pl: { phone: '+48 601 234 567', name: 'Zofia Nowak', pushName: true, country: 'PL', accept: '1', price: /49,99\s€ zamiast ~79,99\s€~ \(−38%\)/, sale: 'Nowa sprzedaż' },
  // No push name: types her name, then "да".
  ru: { phone: '+7 916 123 45 67', name: 'Анна Смирнова', pushName: false, country: 'RU', accept: 'да', price: /49,99\s€ вместо ~79,99\s€~ \(−38\s%\)/, sale: 'Новая продажа' },
};

describe.each(Object.keys(PEOPLE) as ('pl' | 'ru')[])('the whole journey of an influencer writing in %s from their phone, through WhatsApp', (language: Language & ('pl' | 'ru')) => {
  it('registers, joins a brand, gets a deal with its picture, and hears about the sale its link brought', async () => {
    const i18n = translator(language);
    const who = PEOPLE[language];
    const person = s.person(who.phone, who.pushName ? who.name : undefined);

    // The language and the country come from the phone number, the name from WhatsApp (else it
    // is the one question); commands are plain words.
    person.say('start');
    if (!who.pushName) {
      expect((await person.next())[0]!.text).toContain(i18n.t('start.askName'));
      person.say(who.name);
    }
    const terms = (await person.next())[0]!.text;
    expect(terms).toContain(i18n.t('start.confirm', { name: who.name, country: countryName(who.country, language) }));
    // WhatsApp has no buttons: the choices are numbered, accepting first.
    expect(terms).toContain(`1️⃣ ${i18n.t('start.acceptAndStart')}`);
    expect(terms).toContain(`2️⃣ ${i18n.t('start.changeName')}`);
    person.say(who.accept);
    expect((await person.next())[0]!.text).toBe(i18n.t('start.registered', { name: who.name }));

    // A brand, then a deal for the family group: the product picture with the forward-ready caption, then the commission.
    person.say(`join ${brand.slug}`);
    expect((await person.next())[0]!.text).toBe(i18n.t('join.approved', { brand: 'Lumio Home', slug: brand.slug }));
    person.say(`/link #${product.id} family`);
    const [card, note] = await person.next(2);
    expect(card!.media?.mimetype).toBe('image/png');
    expect(card!.media!.data.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(card!.asDocument).toBe(false);
    const caption = card!.text;
    expect(caption.split('\n')[0]).toBe(adDisclosure(language, { name: 'Lumio Home', erid: ERID }));
    expect(caption.split('\n')[0]).toContain(`erid: ${ERID}`);
    // WhatsApp's own formatting: the title in *bold*, the old price ~struck through~.
    expect(caption).toContain('*Lumio smart desk lamp*');
    expect(caption).toMatch(who.price);
    // Forwarded as it is, the card carries nothing of the bot: it ends with the tracked link.
    expect(caption.split('\n').at(-1)).toMatch(/https:\/\/dc\.test\/r\/[0-9A-Za-z]+$/);
    expect(caption).not.toContain('1️⃣');
    expect(caption).not.toContain(i18n.t('deal.anotherGroup'));
    expect(caption).not.toContain(i18n.t('deal.share'));
    expect(note!.text).toContain(i18n.money(500, 'EUR'));
    // The option lives in the private note, and "1" still means it.
    expect(note!.text).toContain(`1️⃣ ${i18n.t('deal.anotherGroup')}`);
    const code = /https:\/\/dc\.test\/r\/([0-9A-Za-z]+)/.exec(caption)![1]!;
    const link = await s.app.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ channel: 'whatsapp', group_label: 'family' });
    // "1" under the note asks which other group the next link is for.
    person.say('1');
    expect((await person.next())[0]!.text).toBe(i18n.t('deal.askGroup'));
    person.say('/cancel');
    await person.next();

    // A group member taps the link: the redirect counts the click.
    const tap = await s.app.app.inject({ method: 'GET', url: `/r/${code}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': language } });
    expect(tap.statusCode).toBe(302);
    const clickId = new URL(tap.headers.location as string).searchParams.get('dc_click')!;
    await expect.poll(async () => (await s.app.database.db.selectFrom('clicks').select('counted').where('id', '=', clickId).executeTakeFirst())?.counted, { timeout: 15_000 }).toBe(true);

    // The shop reports the order; the sale notification reaches WhatsApp in the person's language.
    const postback = await sendSigned(s.app.app, vendor.credentials, {
      method: 'POST', url: '/api/v1/conversions', body: { orderId: `wa-order-${language}`, clickId, amount: 4999, currency: 'EUR' },
    });
    expect(postback.statusCode, postback.body).toBe(202);
    const answer = postback.json() as { attributed: boolean; commission: { id: string; amount: number } };
    expect(answer.attributed).toBe(true);
    const [notification] = await person.next();
    expect(notification!.text).toBe(renderNotification({
      kind: 'sale_pending', influencerId: '', commissionId: answer.commission.id, amount: answer.commission.amount, currency: 'EUR', productTitle: 'Lumio smart desk lamp',
    }, language));
    expect(notification!.text).toContain(who.sale);
    expect(s.network.maxInFlightPerChat).toBe(1);
  });
});
