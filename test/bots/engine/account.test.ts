import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 9000;
const newSender = () => String(nextId++);
const en = translator('en');

beforeAll(async () => { h = await createEngineHarness(); });
afterAll(async () => { await h?.close(); });

describe('/help, /lang, unknown commands and free text', () => {
  it('helps strangers and influencers alike, and points strangers to /start', async () => {
    expect((await h.say(newSender(), '/help', { languageHint: 'fr' }))[0]!.text).toBe(translator('fr').t('help.text'));
    // A stranger's "hello?" starts the registration, in their language: no /start to learn first.
    expect((await h.say(newSender(), 'hello?', { languageHint: 'es' }))[0]!.text).toContain(translator('es').t('start.askName'));
    const sender = newSender();
    await h.register(sender);
    expect((await h.say(sender, '/frobnicate x'))[0]!.text).toBe(en.t('unknownCommand', { command: 'frobnicate' }));
    expect((await h.say(sender, 'what can you do?'))[0]!.text).toBe(en.t('freeText'));
  });

  it('changes the language for good with /lang, offers the five when the code is unknown', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    const choice = await h.say(sender, '/lang');
    expect(choice[0]!.buttons?.map((b) => b.label)).toEqual(['English', 'Русский', 'Français', 'Español', 'Polski']);
    expect((await h.say(sender, '/lang xx'))[0]!.text).toMatch(/^I do not speak “xx” \(yet\)\. Choose one of: en \(English\), ru \(Русский\)/);
    expect((await h.say(sender, '/lang FR'))[0]!.text).toBe('Désormais, je parle français.');
    expect((await h.say(sender, '/help', { languageHint: 'en' }))[0]!.text).toBe(translator('fr').t('help.text'));
    const row = await h.database.db.selectFrom('influencers').select('language').where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(row.language).toBe('fr');
    // A stranger's choice holds until they register.
    const stranger = newSender();
    await h.say(stranger, '/lang ru', { languageHint: 'en' });
    expect(textsOf(await h.say(stranger, '/start', { languageHint: 'en' }))).toContain(translator('ru').t('start.askName'));
  });
});

describe('/invite', () => {
  it('gives a Telegram deep link with the recruit code, and the words to send on WhatsApp', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    const { recruit_code: code } = await h.database.db.selectFrom('influencers').select('recruit_code').where('id', '=', influencerId).executeTakeFirstOrThrow();
    const invite = await h.say(sender, '/invite');
    expect(invite[0]!.text).toContain(`https://t.me/dealcast_test_bot?start=ref_${code}`);
    expect(invite[0]!.text).toContain('5%');
    expect(invite[0]!.text).toContain('90 days');
    expect(invite[0]!.buttons?.[0]).toMatchObject({ label: en.t('deal.share'), url: expect.stringContaining('https://t.me/share/url?url=') });

    const phone = '+33600000001';
    await h.register(phone, { channel: 'whatsapp', language: 'fr' });
    const onWhatsapp = await h.say(phone, 'invite', { channel: 'whatsapp', chatId: phone, languageHint: 'fr' });
    expect(onWhatsapp[0]!.text).toMatch(/Invite tes amis : pendant 90 jours, tu gagnes en plus 5\s%/);
    expect(onWhatsapp[0]!.text).toMatch(/start ref_[0-9A-Za-z]{8}$/);
  });
});

describe('/deleteme', () => {
  it('asks first, then anonymises the profile and keeps the money records', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender, { name: 'Marta Kowalska' });
    const vendor = await h.make.vendor();
    const brand = await h.make.brand(vendor.id);
    const product = await h.make.product(brand);
    const link = await h.make.link(influencerId, product.id);
    const conversion = await h.database.db.insertInto('conversions').values({
      vendor_id: vendor.id, order_id: 'O-1', link_id: link.id, influencer_id: influencerId, product_id: product.id, amount: 1000,
      currency: 'EUR', status: 'attributed', occurred_at: new Date(), request_hash: 'h', response: '{}',
    }).returning('id').executeTakeFirstOrThrow();
    await h.database.db.insertInto('commissions').values({
      conversion_id: conversion.id, influencer_id: influencerId, brand_id: brand.id, base_amount: 100, amount: 100, currency: 'EUR',
      rate_bps: 1000, base_rate_bps: 1000, status: 'pending', approves_at: new Date(),
    }).execute();

    const ask = await h.say(sender, '/deleteme');
    expect(ask[0]!.text).toBe(en.t('deleteme.confirm'));
    expect(ask[0]!.buttons).toEqual([{ label: en.t('deleteme.yes'), action: '/confirmdelete' }, { label: en.t('deleteme.no'), action: '/cancel' }]);
    expect((await h.say(sender, '/cancel'))[0]!.text).toBe(en.t('deleteme.cancelled'));
    expect((await h.database.db.selectFrom('influencers').select('status').where('id', '=', influencerId).executeTakeFirstOrThrow()).status).toBe('active');

    await h.say(sender, '/deleteme');
    expect((await h.say(sender, '/confirmdelete'))[0]!.text).toBe(en.t('deleteme.done'));
    const row = await h.database.db.selectFrom('influencers').selectAll().where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(row.display_name).not.toContain('Marta');
    expect(row.status).toBe('deleted');
    expect(row.deleted_at).toBeInstanceOf(Date);
    const identities = await h.database.db.selectFrom('influencer_identities').selectAll().where('influencer_id', '=', influencerId).execute();
    expect(identities.map((i) => [i.external_id.includes(sender), i.chat_id, i.active])).toEqual([[false, '', false]]);
    expect(await h.database.db.selectFrom('commissions').select('amount').where('influencer_id', '=', influencerId).execute()).toEqual([{ amount: '100' }]);

    // The person is a stranger now, free to register again.
    expect((await h.say(sender, '/balance'))[0]!.text).toBe(en.t('start.required'));
  });
});
