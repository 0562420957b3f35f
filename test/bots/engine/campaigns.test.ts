import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

const DAY = 24 * 60 * 60 * 1000;

let h: EngineHarness;
beforeAll(async () => { h = await createEngineHarness(); });
afterAll(async () => { await h?.close(); });

/** A vendor's brand with an open campaign (and one of another brand the person does not promote). */
async function brandWithCampaign(options: { promoCode: string | null }) {
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id, { name: 'Lumio' });
  await h.make.product(brand);
  const insert = (brandId: string, title: string, promoCode: string | null) => h.database.db.insertInto('campaigns').values({
    vendor_id: vendor.id, brand_id: brandId, title, starts_at: new Date(Date.now() - DAY), ends_at: new Date(Date.now() + 10 * DAY),
    bonus_rate_bps: 500, currency: 'EUR', promo_code: promoCode, spend_cap: 100_000, status: 'open', created_by: 'test',
  }).returning('id').executeTakeFirstOrThrow();
  const campaign = await insert(brand.id, 'Zimowa wyprzedaż', options.promoCode);
  const elsewhere = await h.make.brand(vendor.id, { name: 'Other' });
  await insert(elsewhere.id, 'Not for you', null);
  return { vendor, brand, campaign };
}

describe('/campaigns in chat', () => {
  it('lists open campaigns in Polish on WhatsApp, joins one by its number with the native word, and shows the personal code', async () => {
    const phone = '+48600100200';
    const chat = { channel: 'whatsapp' as const, chatId: phone, languageHint: 'pl' };
    const influencerId = await h.register(phone, { channel: 'whatsapp', language: 'pl' });
    const { brand, campaign } = await brandWithCampaign({ promoCode: 'ZIMA26' });
    await h.database.db.insertInto('brand_memberships').values({ influencer_id: influencerId, brand_id: brand.id, status: 'approved', created_at: new Date() }).execute();
    const pl = translator('pl');

    const list = await h.say(phone, 'kampanie', chat);
    const listed = textsOf(list);
    expect(listed).toContain(pl.t('campaigns.title'));
    expect(listed).toContain('Zimowa wyprzedaż');
    expect(listed).toContain(pl.t('campaigns.withCode'));
    expect(listed).not.toContain('Not for you');
    // The "how to join" line names the Polish word, not the slash command.
    expect(listed).toContain(pl.t('campaigns.howToJoin', { command: 'kampanie' }));
    expect(list[0]!.buttons).toEqual([{ label: pl.t('campaigns.joinButton', { number: 1 }), action: '/campaigns 1' }]);

    const joined = textsOf(await h.say(phone, 'kampanie 1', chat));
    expect(joined).toContain('🎯 Bierzesz udział w „Zimowa wyprzedaż”');
    const member = await h.database.db.selectFrom('campaign_members').selectAll().where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    expect(member.influencer_id).toBe(influencerId);
    expect(member.promo_code).toMatch(/^ZIMA26-[A-Z2-9]{4}$/);
    expect(joined).toContain(pl.t('campaigns.joinedCode', { code: member.promo_code! }));

    // Joining again keeps the first code; the list now shows the campaign as joined, with the code.
    await h.say(phone, '/campaigns 1', chat);
    const after = textsOf(await h.say(phone, 'kampanie', chat));
    expect(after).toContain(pl.t('campaigns.joinedTitle'));
    expect(after).toContain(pl.t('campaigns.yourCode', { code: member.promo_code! }));
    expect(await h.database.db.selectFrom('campaign_members').select('promo_code').where('influencer_id', '=', influencerId).execute()).toEqual([{ promo_code: member.promo_code }]);

    // A vendor's order names the code; /stats then shows what the campaign earned on top.
    const { recordConversion } = await import('../../../core/conversions/conversions.service.ts');
    const { createConversionStore } = await import('../../../db/conversions.repository.ts');
    const vendorId = (await h.database.db.selectFrom('campaigns').select('vendor_id').where('id', '=', campaign.id).executeTakeFirstOrThrow()).vendor_id;
    const sale = await recordConversion(createConversionStore(h.database.db), { now: () => new Date() }, vendorId, { orderId: 'PL-1', amount: 10_000, currency: 'EUR', promoCode: member.promo_code! });
    expect(sale.commission?.bonus?.amount).toBe(500);
    const stats = textsOf(await h.say(phone, 'statystyki all', chat));
    expect(stats).toContain(pl.t('campaigns.statsTitle'));
    expect(stats).toContain(pl.t('campaigns.statsLine', { title: 'Zimowa wyprzedaż', count: 1, bonus: pl.money(500, 'EUR') }));
  });

  it('answers a number that is not on the list politely, in Russian on Telegram', async () => {
    const sender = 'tg-campaigns-ru';
    await h.register(sender, { language: 'ru' });
    const ru = translator('ru');
    expect(textsOf(await h.say(sender, '/campaigns', { languageHint: 'ru' }))).toBe(ru.t('campaigns.empty'));
    expect(textsOf(await h.say(sender, '/campaigns 7', { languageHint: 'ru' }))).toBe(ru.t('campaigns.unknown', { input: '7', command: '/campaigns' }));
  });
});
