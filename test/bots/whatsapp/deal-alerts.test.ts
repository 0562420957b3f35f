import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDealAlerts } from '../../../core/alerts/alert-delivery.service.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { alertDeliveryStore } from '../../../db/deal-alerts.repository.ts';
import { unitOfWork } from '../../../db/unit-of-work.ts';
import { sendSigned } from '../../support/vendor.ts';
import { createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

// A deal alert on WhatsApp: followed in Polish words, relayed by the notifications queue to the
// bots role's outbox, with the words to send back for the link, which give the deal shown.

let s: WhatsAppStack;
let vendor: Awaited<ReturnType<WhatsAppStack['make']['vendor']>>;
let brand: { id: string; vendor_id: string; slug: string };

async function push(price: number) {
  const response = await sendSigned(s.app.app, vendor.credentials, {
    method: 'PUT', url: '/api/v1/catalog/products',
    body: { products: [{ brand: brand.slug, sku: 'LAMP', title: 'Lumio smart desk lamp', url: 'https://shop.example/p/lamp', price, currency: 'EUR' }] },
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  s = await createWhatsAppStack();
  await s.login();
  vendor = await s.make.vendor({ name: 'Shenzhen Gadgets' });
  brand = await s.make.brand(vendor.id, { name: 'Lumio Home', autoApprove: true });
  await push(4999);
});
afterAll(async () => { await s?.close(); });

describe('deal alerts on WhatsApp', () => {
  it('follows in Polish words, hears of a price drop as it happens, and gets the link by sending back its words', async () => {
    const pl = translator('pl');
    const person = s.person('+48 601 765 432', 'Zofia Nowak');
    person.say('start');
    await person.next();
    person.say('1');
    await person.next();
    person.say(`obserwuj ${brand.slug}`);
    expect((await person.next())[0]!.text).toBe(pl.t('follow.added', { name: 'Lumio Home', when: pl.t('follow.whenDaily') }));
    person.say('alerty na bieżąco');
    expect((await person.next())[0]!.text).toBe(pl.t('alerts.changed', { frequency: pl.t('alerts.frequencyInstant') }));

    await push(3999);
    const db = s.app.database.db;
    const run = () => deliverDealAlerts({
      work: unitOfWork(db, (trx) => ({ deliveries: alertDeliveryStore(trx) })), notifier: s.notifications.notifier, clock: { now: () => new Date(Date.now() + 60_000) },
    });
    expect(await run()).toEqual({ followers: 1, deals: 1 });
    const [alert] = await person.next();
    expect(alert!.text).toContain(pl.t('alerts.itemDrop', {
      title: 'Lumio smart desk lamp', brand: 'Lumio Home', price: pl.money(3999, 'EUR'), oldPrice: pl.money(4999, 'EUR'), drop: pl.percent(20),
    }));
    const { id } = await db.selectFrom('products').select('id').where('sku', '=', 'LAMP').executeTakeFirstOrThrow();
    const answer = `link #${id}`;
    expect(alert!.text).toContain(`${pl.t('alerts.makeLink', { title: 'Lumio smart desk lamp' })} → ${answer}`);
    expect(await run()).toEqual({ followers: 0, deals: 0 });

    person.say(answer);
    const [card] = await person.next();
    expect(card!.text).toContain('Lumio smart desk lamp');
    const code = /https:\/\/dc\.test\/r\/([0-9A-Za-z]+)/.exec(card!.text)?.[1];
    const link = await db.selectFrom('links').select(['product_id', 'channel']).where('code', '=', code ?? '').executeTakeFirst();
    expect(link).toEqual({ product_id: id, channel: 'whatsapp' });
  });
});
