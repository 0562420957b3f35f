import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { pdfText } from '../../support/pdf.ts';
import { readQrCode } from '../../support/qr.ts';
import { startImageServer, type ImageServer } from '../../support/image-server.ts';
import { textOf, type BotApiCall, type TelegramUser, type UploadedFile } from '../../support/telegram-bot-api.ts';
import { createTelegramStack, type TelegramStack } from '../../support/telegram-stack.ts';

const ERID = '2VtzqwXyZ1a';
const pl = translator('pl');
const user: TelegramUser = { id: 6_200_001, first_name: 'Zofia', language_code: 'pl' };

let s: TelegramStack;
let images: ImageServer;
let product: { id: string };
let seen = 0;

beforeAll(async () => {
  s = await createTelegramStack();
  images = await startImageServer();
  const brand = await s.make.brand((await s.make.vendor()).id, { name: 'Lumio' });
  await s.app.database.db.updateTable('brands').set({ erid: ERID }).where('id', '=', brand.id).execute();
  product = await s.make.product(brand, { title: 'Lampka biurkowa', price: 12999, currency: 'PLN', imageUrl: `${images.url}/product.png` });
  for (const text of ['/start', 'Zofia', 'PL', '/accept', `/join ${brand.slug}`]) {
    await s.engine.handle({ channel: 'telegram', senderId: String(user.id), chatId: String(user.id), chatType: 'private', text, languageHint: 'pl' });
  }
});
afterAll(async () => {
  await s?.close();
  await images?.close();
});

async function ask(text: string, count = 1): Promise<BotApiCall[]> {
  s.emulator.sendText(user, text);
  const messages = await s.emulator.waitForMessages(user.id, count, { after: seen });
  seen += count;
  return messages;
}

const linkOf = (url: string) => s.app.database.db.selectFrom('links').selectAll().where('code', '=', url.split('/').pop()!).executeTakeFirstOrThrow();

describe('the offline and Instagram kits on Telegram', () => {
  it('/qr sends the QR code as a photo of an offline link for the label, with the disclosure', async () => {
    const [photo] = await ask(`/qr #${product.id} sklep`);
    expect(photo!.method).toBe('sendPhoto');
    const file = photo!.payload.photo as UploadedFile;
    expect(file.filename).toMatch(/^dealcast-qr-[0-9A-Za-z]+\.png$/);
    const url = readQrCode(file.data)!;
    expect(await linkOf(url)).toMatchObject({ channel: 'offline', group_label: 'sklep' });
    expect(textOf(photo!).split('\n')[0]).toBe(`Reklama · Lumio · erid: ${ERID}`);
    expect(textOf(photo!)).toContain(url);
  });

  it('/poster sends a PDF document with the product and the disclosure', async () => {
    const [document] = await ask(`/poster #${product.id} sklep`);
    expect(document!.method).toBe('sendDocument');
    const file = document!.payload.document as UploadedFile;
    expect(file.filename).toMatch(/\.pdf$/);
    expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(file.data);
    expect(text).toContain('Lampka biurkowa');
    expect(text).toContain(`Reklama · Lumio · erid: ${ERID}`);
  });

  it('/insta sends the product photo with the link for the bio, then the caption', async () => {
    const [photo, caption] = await ask(`/insta #${product.id}`, 2);
    expect(photo!.method).toBe('sendPhoto');
    expect(photo!.payload.photo).toBe(`${images.url}/product.png`);
    const url = /https:\/\/dc\.test\/r\/[0-9A-Za-z]+/.exec(textOf(photo!))![0];
    expect(textOf(photo!)).toBe(pl.t('insta.note', { url }));
    expect(await linkOf(url)).toMatchObject({ channel: 'instagram' });
    expect(caption!.method).toBe('sendMessage');
    expect(textOf(caption!).split('\n')[0]).toBe(`Reklama · Lumio · erid: ${ERID}`);
    expect(textOf(caption!)).toContain('#Lumio');
  });
});
