import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 7500;
const newSender = () => String(nextId++);
let lamp: { id: string };

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 800, autoApprove: true });
  lamp = await h.make.product(brand, { title: 'Smart desk lamp', price: 2999, listPrice: 4599, imageUrl: null });
});
afterAll(async () => { await h?.close(); });

describe('/intro', () => {
  it('sets a line once, puts it under the ad label of every card, shows it, and removes it', async () => {
    const sender = newSender();
    await h.register(sender);
    const en = translator('en');
    expect((await h.say(sender, '/intro'))[0]!.text).toBe(en.t('intro.none'));
    expect((await h.say(sender, '/intro   My pick\nof the week 👇 '))[0]!.text).toBe(en.t('intro.set', { intro: 'My pick of the week 👇' }));
    expect((await h.say(sender, '/intro'))[0]!.text).toBe(en.t('intro.show', { intro: 'My pick of the week 👇' }));
    const [card, note] = await h.say(sender, `/link_${lamp.id}`);
    expect(card!.text.split('\n').slice(0, 3)).toEqual(['#ad', 'My pick of the week 👇', 'Smart desk lamp']);
    expect(card!.rich?.[0]).toEqual({ text: '#ad\nMy pick of the week 👇\n' });
    expect(note!.text).not.toContain('My pick');
    const inline = await h.engine.inline({ channel: 'telegram', senderId: sender, query: `#${lamp.id}` });
    // Inline mode posts the same card (with its own link, labelled "inline").
    expect(inline.deals[0]!.text.split('\n').slice(0, -1)).toEqual(card!.text.split('\n').slice(0, -1));

    expect((await h.say(sender, '/intro off'))[0]!.text).toBe(en.t('intro.cleared'));
    const [plain] = await h.say(sender, `/link_${lamp.id}`);
    expect(plain!.text.split('\n').slice(0, 2)).toEqual(['#ad', 'Smart desk lamp']);
  });

  it('keeps a card with a long intro and a very long title within Telegram’s 1,024-character caption', async () => {
    const sender = newSender();
    await h.register(sender);
    const vendor = await h.make.vendor();
    const brand = await h.make.brand(vendor.id, { name: 'Lumio Long', commissionRateBps: 800, autoApprove: true });
    const long = await h.make.product(brand, { title: `Lamp ${'🌟'.repeat(1200)}`, price: 2999, listPrice: 4599, imageUrl: null });
    await h.say(sender, `/intro ${'x'.repeat(120)}`);
    const [card] = await h.say(sender, `/link_${long.id}`);
    expect(card!.text.length).toBeLessThanOrEqual(1024);
    expect(card!.text.length).toBeGreaterThan(1000);
    const lines = card!.text.split('\n');
    expect(lines[2]).toMatch(/^Lamp 🌟+…$/u);
    expect(lines.at(-1)).toMatch(/^👉 https:\/\/dc\.test\/r\/\w+$/);
  });

  it('is in the person’s data export, and gone with their account', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    await h.say(sender, '/intro Hello from Lyon');
    const [file] = await h.say(sender, '/export');
    const data = JSON.parse(new TextDecoder().decode(file!.file!.data)) as { profile: { introLine: string | null } };
    expect(data.profile.introLine).toBe('Hello from Lyon');
    await h.say(sender, '/deleteme');
    await h.say(sender, '/confirmdelete');
    const row = await h.database.db.selectFrom('influencers').select(['intro_line', 'status']).where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ intro_line: null, status: 'deleted' });
  });

  it('refuses a line too long, politely, in the person’s language, and takes their own word for "off"', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'pl' });
    const pl = translator('pl');
    const say = (text: string) => h.say(sender, text, { languageHint: 'pl' });
    expect((await say(`/intro ${'ą'.repeat(121)}`))[0]!.text).toBe(pl.t('intro.tooLong', { max: 120, length: 121 }));
    expect((await say('/intro'))[0]!.text).toBe(pl.t('intro.none'));
    await say(`/intro ${'ą'.repeat(120)}`);
    expect((await say('/intro'))[0]!.text).toBe(pl.t('intro.show', { intro: 'ą'.repeat(120) }));
    expect((await say('/intro Wyłącz'))[0]!.text).toBe(pl.t('intro.cleared'));
    expect((await say('/intro'))[0]!.text).toBe(pl.t('intro.none'));
  });
});
