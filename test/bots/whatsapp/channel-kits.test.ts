import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adDisclosure } from '../../../core/i18n/ad-disclosure.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { pdfPageToPng, pdfText } from '../../support/pdf.ts';
import { readQrCode } from '../../support/qr.ts';
import { createWhatsAppStack, type WhatsAppPerson, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ERID = 'Kra23f4Gh7';
const ru = translator('ru');

let s: WhatsAppStack;
let person: WhatsAppPerson;
let product: { id: string };

beforeAll(async () => {
  s = await createWhatsAppStack();
  await s.login();
  const brand = await s.make.brand((await s.make.vendor()).id, { name: 'Lumio Home' });
  await s.app.database.db.updateTable('brands').set({ erid: ERID }).where('id', '=', brand.id).execute();
  product = await s.make.product(brand, {
    title: 'Умная настольная лампа', price: 249000, listPrice: 349000, currency: 'RUB', category: 'Свет', imageUrl: `${s.images.url}/product.png`,
  });
  person = s.person('+7 999 111 22 33');
  for (const text of ['start', 'Ирина', 'RU', 'да', `join ${brand.slug}`]) {
    person.say(text);
    await person.next();
  }
});
afterAll(async () => { await s?.close(); });

const linkByCode = (code: string) => s.app.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
const codeIn = (url: string) => new URL(url).pathname.split('/').pop()!;

describe('the offline and Instagram kits on WhatsApp', () => {
  it('/qr answers with a PNG QR code of an offline link for the label, captioned with the ad disclosure; a scan counts', async () => {
    person.say(`qr #${product.id} витрина`);
    const [qr] = await person.next();
    expect(qr!.media?.mimetype).toBe('image/png');
    expect(qr!.asDocument).toBe(false);
    const url = readQrCode(qr!.media!.data)!;
    expect(url).toMatch(/^https:\/\/dc\.test\/r\/[0-9A-Za-z]+$/);
    expect(await linkByCode(codeIn(url))).toMatchObject({ channel: 'offline', group_label: 'витрина' });
    expect(qr!.text.split('\n')[0]).toBe(adDisclosure('ru', { name: 'Lumio Home', erid: ERID }));
    expect(qr!.text).toContain(url);

    // The same place gets the same code; a person scanning it is counted on the offline link.
    person.say(`/qr #${product.id} витрина`);
    expect(readQrCode((await person.next())[0]!.media!.data)).toBe(url);
    const scan = await s.app.app.inject({ method: 'GET', url: new URL(url).pathname, headers: { 'user-agent': PHONE_BROWSER, 'accept-language': 'pl-PL,pl;q=0.9' } });
    expect(scan.statusCode).toBe(302);
    const clicks = () => s.app.database.db.selectFrom('clicks').innerJoin('links', 'links.id', 'clicks.link_id')
      .select(['links.channel', 'clicks.counted']).where('links.code', '=', codeIn(url)).execute();
    await expect.poll(clicks, { timeout: 15_000 }).toEqual([{ channel: 'offline', counted: true }]);
  });

  it('/poster answers with a printable PDF of the product, its QR code and the disclosure with the ERID', async () => {
    person.say(`poster #${product.id} витрина`);
    const [poster] = await person.next();
    expect(poster!.media?.mimetype).toBe('application/pdf');
    expect(poster!.asDocument).toBe(true);
    expect(poster!.media!.filename).toMatch(/^dealcast-poster-[0-9A-Za-z]+\.pdf$/);
    const text = await pdfText(poster!.media!.data);
    expect(text).toContain(`Реклама · Lumio Home · erid: ${ERID}`);
    expect(text).toContain('Умная настольная лампа');
    expect(text).toMatch(/2 490,00 ₽/);
    const url = readQrCode(await pdfPageToPng(poster!.media!.data))!;
    expect(await linkByCode(codeIn(url))).toMatchObject({ channel: 'offline', group_label: 'витрина' });
    expect(poster!.text).toContain(url);
  });

  it('/insta answers with the picture and the link for the bio, then the caption alone, disclosure first', async () => {
    person.say(`insta #${product.id}`);
    const [picture, caption] = await person.next(2);
    expect(picture!.media?.mimetype).toBe('image/png');
    const url = /https:\/\/dc\.test\/r\/[0-9A-Za-z]+/.exec(picture!.text)![0];
    expect(picture!.text).toBe(ru.t('insta.note', { url }));
    expect(await linkByCode(codeIn(url))).toMatchObject({ channel: 'instagram', group_label: '' });
    expect(caption!.media).toBeUndefined();
    expect(caption!.text.split('\n')[0]).toBe(`Реклама · Lumio Home · erid: ${ERID}`);
    expect(caption!.text).toContain('Умная настольная лампа');
    expect(caption!.text).toContain('#LumioHome');
    expect(caption!.text).not.toContain(url);
  });

  it('explains what is missing: a product, a known product, a shorter label', async () => {
    person.say('qr');
    expect((await person.next())[0]!.text).toBe(ru.t('qr.usage'));
    person.say('poster #99999999');
    expect((await person.next())[0]!.text).toBe(ru.t('link.unknownProduct', { input: '#99999999' }));
    // A bare number is a deal of the last list, and this person has none.
    person.say('poster 3');
    expect((await person.next())[0]!.text).toBe(ru.t('deals.expired'));
    person.say(`qr #${product.id} ${'x'.repeat(65)}`);
    expect((await person.next())[0]!.text).toBe(ru.t('link.groupTooLong', { max: 64 }));
  });
});
