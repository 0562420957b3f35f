import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, ENGINE_PUBLIC_URL, textsOf, type EngineHarness } from '../../support/bot-engine.ts';
import type { Reply } from '../../../bots/engine/index.ts';

let h: EngineHarness;
let nextId = 5000;
const newSender = () => String(nextId++);
const en = translator('en');

let lumio: { id: string; vendor_id: string; slug: string; name: string };
let nordic: { id: string; vendor_id: string; slug: string; name: string };
let lamp: { id: string; url: string; sku: string };
let kettle: { id: string; url: string };
let earbuds: { id: string };
let retired: { id: string };

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  lumio = await h.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 800, autoApprove: true });
  nordic = await h.make.brand(vendor.id, { name: 'Nordic Tech', commissionRateBps: 500, autoApprove: false });
  lamp = await h.make.product(lumio, { title: 'Smart desk lamp, warm to daylight', price: 2999, listPrice: 4599, category: 'home', sku: 'LUM-LAMP-01', url: 'https://shop.example.com/item/lum-lamp-01' });
  kettle = await h.make.product(lumio, { title: 'Glass kettle with tea infuser', price: 249000, currency: 'RUB', category: 'kitchen', commissionRateBps: 1200, imageUrl: null });
  await h.make.product(lumio, { title: 'Aroma diffuser 300 ml', price: 1899, category: 'home' });
  await h.make.product(lumio, { title: 'Blackout roller blind', price: 8900, currency: 'PLN', category: 'home' });
  earbuds = await h.make.product(nordic, { title: 'Wireless earbuds ANC', price: 4999, category: 'electronics' });
  await h.make.product(nordic, { title: 'Desk lamp clamp for earbuds case', price: 999, category: 'electronics' });
  retired = await h.make.product(lumio, { title: 'Retired lamp', price: 999, active: false });
});
afterAll(async () => { await h?.close(); });

const codeIn = (replies: Reply[]) => /https:\/\/dc\.test\/r\/([0-9A-Za-z]+)/.exec(textsOf(replies))?.[1];
const linkByCode = (code: string) => h.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

describe('/brands and /join', () => {
  it('lists brands with their rate and lets the influencer join: at once when the brand auto-approves, pending otherwise', async () => {
    const sender = newSender();
    await h.register(sender);
    const list = await h.say(sender, '/brands');
    expect(list[0]!.text).toContain(en.t('brands.line', { name: 'Lumio Home', rate: '8%', status: en.t('brands.open', { slug: lumio.slug }) }));
    expect(list[0]!.text).toContain(en.t('brands.line', { name: 'Nordic Tech', rate: '5%', status: en.t('brands.openApproval', { slug: nordic.slug }) }));
    expect(list[0]!.buttons).toContainEqual({ label: '➕ Lumio Home', action: `/join ${lumio.slug}` });

    expect((await h.say(sender, `/join ${lumio.slug}`))[0]!.text).toBe(en.t('join.approved', { brand: 'Lumio Home', slug: lumio.slug }));
    expect((await h.say(sender, '/join lumio home'))[0]!.text).toBe(en.t('join.already', { brand: 'Lumio Home', slug: lumio.slug }));
    expect((await h.say(sender, `/join ${nordic.slug}`))[0]!.text).toBe(en.t('join.pending', { brand: 'Nordic Tech', slug: nordic.slug }));
    expect((await h.say(sender, `/join ${nordic.slug}`))[0]!.text).toBe(en.t('join.stillPending', { brand: 'Nordic Tech', slug: nordic.slug }));
    expect((await h.say(sender, '/join Acme'))[0]!.text).toBe(en.t('join.unknown', { input: 'Acme' }));
    expect((await h.say(sender, '/join'))[0]!.text).toMatch(/^Which brand\?/);

    const after = await h.say(sender, '/brands');
    expect(after[0]!.text).toContain(`Lumio Home — 8% commission — ${en.t('brands.joined')}`);
    expect(after[0]!.text).toContain(`Nordic Tech — 5% commission — ${en.t('brands.pending')}`);
  });
});

describe('/deals and /search', () => {
  it('lists the best deals by commission rate, five a page, with a button per deal and one for the next page', async () => {
    const sender = newSender();
    await h.register(sender);
    const first = await h.say(sender, '/deals');
    expect(first[0]!.text.split('\n')[0]).toBe(en.t('deals.title', { page: 1 }));
    // The kettle's own 12 % beats the brands' 8 % and 5 %.
    // One number per deal: its place in the list, the one /link takes (no product id beside it).
    expect(first[0]!.text).toMatch(/^1\. Glass kettle with tea infuser\n💰 RUB\s2,490\.00 · you earn RUB\s298\.80$/m);
    expect(first[0]!.text).toMatch(/^\d\. Smart desk lamp, warm to daylight\n💰 €29\.99 instead of €45\.99 \(−35%\) · you earn €2\.40$/m);
    expect(first[0]!.text).not.toContain('/link_');
    expect(first[0]!.text).not.toContain('Retired lamp');
    expect(first[0]!.buttons).toContainEqual({ label: '🔗 Glass kettle with tea infus…', action: `/link #${kettle.id}`, option: 1 });
    expect(first[0]!.buttons?.at(-1)).toEqual({ label: en.t('deals.next'), action: '/next' });

    const second = await h.say(sender, '/next');
    expect(second[0]!.text.split('\n')[0]).toBe(en.t('deals.title', { page: 2 }));
    expect(second[0]!.text).toMatch(/^6\. /m);
    expect(second[0]!.buttons?.[0]).toMatchObject({ option: 6 });
    expect(second[0]!.buttons?.some((b) => 'action' in b && b.action === '/next')).toBe(false);
    expect((await h.say(sender, '/next'))[0]!.text).toBe(en.t('deals.end'));
  });

  it('filters by brand or category, and takes other words as a search', async () => {
    const sender = newSender();
    await h.register(sender);
    const brand = await h.say(sender, `/deals ${nordic.name}`);
    // One page of results: no "(page 1)" with nothing to tell it from.
    expect(brand[0]!.text.split('\n')[0]).toBe('Deals for “Nordic Tech”:');
    expect(brand[0]!.text).toContain('Wireless earbuds ANC');
    expect(brand[0]!.text).not.toContain('Smart desk lamp');
    const category = await h.say(sender, '/deals Kitchen');
    expect(category[0]!.text).toContain('Glass kettle');
    expect(category[0]!.text).not.toContain('Smart desk lamp');
    const words = await h.say(sender, '/deals kettle');
    expect(words[0]!.text).toContain('Glass kettle');
    expect((await h.say(sender, '/deals zzzzqqq'))[0]!.text).toBe(en.t('deals.none', { filter: 'zzzzqqq' }));
  });

  it('ranks search results by relevance first, then by commission', async () => {
    const sender = newSender();
    await h.register(sender);
    const found = await h.say(sender, '/search desk lamp');
    const titles = found[0]!.text.split('\n\n').slice(1).map((line) => line.replace(/^\d+\. /, '').split('\n')[0]);
    // Both words in the title (6 points each), the 8 % lamp before the 5 % clamp; one word in the title after them.
    expect(titles).toEqual(['Smart desk lamp, warm to daylight', 'Desk lamp clamp for earbuds case']);
    expect((await h.say(sender, '/search'))[0]!.text).toBe(en.t('search.usage'));
    expect((await h.say(sender, '/search %_%'))[0]!.text).toBe(en.t('search.usage'));
    expect((await h.say(sender, "/search ' OR 1=1 --"))[0]!.text).toBe(en.t('search.none', { words: "' OR 1=1 --" }));
  });
});

describe('/link', () => {
  it('answers with a forward-ready deal and the commission, one link per group label and channel', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    const replies = await h.say(sender, `/link #${lamp.id} family  chat`);
    expect(replies).toHaveLength(2);
    const [card, note] = replies as [Reply, Reply];
    expect(card.kind).toBe('image');
    expect(card.imageUrl).toBe('https://shop.example/img/LUM-LAMP-01.jpg');
    const code = codeIn([card])!;
    expect(card.text).toBe(['#ad', 'Smart desk lamp, warm to daylight', '💰 €29.99 instead of €45.99 (−35%)', `👉 ${ENGINE_PUBLIC_URL}/r/${code}`].join('\n'));
    // The same card in runs for the apps that format: the title bold, the old price struck through.
    expect(card.rich).toEqual([
      { text: '#ad\n' }, { text: 'Smart desk lamp, warm to daylight', style: 'bold' }, { text: '\n' },
      { text: '💰 €29.99 instead of ' }, { text: '€45.99', style: 'strike' }, { text: ' (−35%)' }, { text: `\n👉 ${ENGINE_PUBLIC_URL}/r/${code}` },
    ]);
    expect(card.buttons).toEqual([{ label: en.t('deal.anotherGroup'), action: `/group #${lamp.id}` }, { label: en.t('deal.share'), share: `#${lamp.id}` }]);
    expect(note.text).toContain(en.t('deal.autoJoined', { brand: 'Lumio Home' }));
    expect(note.text).toContain(en.t('deal.commission', { amount: '€2.40', rate: '8%', group: '“family chat”' }));
    expect(await linkByCode(code)).toMatchObject({ influencer_id: influencerId, product_id: lamp.id, channel: 'telegram', group_label: 'family chat' });

    // The same group again: the same link. By SKU or by the shop's URL: the same product.
    expect(codeIn(await h.say(sender, `/link ${lamp.sku.toLowerCase()} family chat`))).toBe(code);
    expect(codeIn(await h.say(sender, `/link ${lamp.url}?utm_source=x family chat`))).toBe(code);
    const office = codeIn(await h.say(sender, `/link #${lamp.id} office`))!;
    const none = codeIn(await h.say(sender, `/link #${lamp.id}`))!;
    expect(new Set([code, office, none]).size).toBe(3);
    expect((await linkByCode(none)).group_label).toBe('');
  });

  it('makes WhatsApp links for WhatsApp, shows the tier’s commission and texts a deal without an image', async () => {
    const sender = '+48500100200';
    const influencerId = await h.register(sender, { channel: 'whatsapp', language: 'pl' });
    const tier = await h.make.tier({ multiplierBps: 12500 });
    await h.database.db.updateTable('influencers').set({ tier_id: tier.id }).where('id', '=', influencerId).execute();
    const replies = await h.say(sender, `link #${kettle.id}`, { channel: 'whatsapp', chatId: sender, languageHint: 'pl' });
    expect(replies[0]!.kind).toBe('buttons');
    expect(replies[0]!.text.split('\n')[0]).toBe('Reklama');
    expect(replies[0]!.text).toMatch(/💰 2490,00\sRUB/);
    // 12 % × 1.25 = 15 % of 2,490.00 RUB.
    expect(replies[1]!.text).toMatch(/Twoja prowizja: 373,50\sRUB od sprzedaży \(15%\)/);
    expect((await linkByCode(codeIn(replies)!)).channel).toBe('whatsapp');
  });

  it('runs the same in the console’s playground, with links of the channel "other"', async () => {
    const sender = 'admin@dealcast.local';
    await h.register(sender, { channel: 'playground' });
    const replies = await h.say(sender, `/link #${lamp.id}`, { channel: 'playground', chatId: 'playground' });
    expect((await linkByCode(codeIn(replies)!)).channel).toBe('other');
  });

  it('adds the advertiser and its erid to the ad label when the brand has one', async () => {
    await h.database.db.updateTable('brands').set({ erid: 'Kra23xYz' }).where('id', '=', lumio.id).execute();
    try {
      const sender = newSender();
      await h.register(sender, { language: 'ru' });
      const replies = await h.say(sender, `/link #${lamp.id}`);
      expect(replies[0]!.text.split('\n')[0]).toBe('Реклама · Lumio Home · erid: Kra23xYz');
    } finally {
      await h.database.db.updateTable('brands').set({ erid: null }).where('id', '=', lumio.id).execute();
    }
  });

  it('explains why there is no link: a brand to join first, a request pending, a product gone, a product unknown', async () => {
    const sender = newSender();
    await h.register(sender);
    expect((await h.say(sender, `/link #${earbuds.id}`))[0]!.text).toBe(en.t('join.needed', { brand: 'Nordic Tech', slug: nordic.slug }));
    await h.say(sender, `/join ${nordic.slug}`);
    expect((await h.say(sender, `/link #${earbuds.id}`))[0]!.text).toBe(en.t('join.stillPending', { brand: 'Nordic Tech', slug: nordic.slug }));
    expect((await h.say(sender, `/link #${retired.id}`))[0]!.text).toBe(en.t('link.unavailable', { title: 'Retired lamp' }));
    expect((await h.say(sender, '/link #999999999'))[0]!.text).toBe(en.t('link.unknownProduct', { input: '#999999999' }));
    expect((await h.say(sender, '/link'))[0]!.text).toBe(en.t('link.usage'));
    expect((await h.say(sender, `/link #${lamp.id} ${'g'.repeat(65)}`))[0]!.text).toBe(en.t('link.groupTooLong', { max: 64 }));
  });

  it('turns pasted shop links into deals, one per link, and says which links are not from our shops', async () => {
    const sender = newSender();
    await h.register(sender);
    const message = `look at these ${lamp.url}?utm_campaign=spring and https://shop.example/p/${'nope'} plus ${'https://shop.example/p/' + kettle.id}`;
    const kettleRow = await h.database.db.selectFrom('products').select('url').where('id', '=', kettle.id).executeTakeFirstOrThrow();
    const replies = await h.say(sender, message.replace(`https://shop.example/p/${kettle.id}`, kettleRow.url));
    // Each deal's private note carries the button that switches its link to the deal page.
    expect(replies.map((r) => r.kind)).toEqual(['image', 'buttons', 'text', 'buttons', 'buttons']);
    expect(replies[0]!.text).toContain('Smart desk lamp');
    expect(replies[2]!.text).toBe(en.t('link.unknownUrl', { url: 'https://shop.example/p/nope' }));
    expect(replies[3]!.text).toContain('Glass kettle');
  });

  it('asks for a label on "another group" and makes that group’s link', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    expect((await h.say(sender, `/group #${lamp.id}`))[0]!.text).toBe(en.t('deal.askGroup'));
    const replies = await h.say(sender, 'Yoga club 🧘');
    const link = await linkByCode(codeIn(replies)!);
    expect(link).toMatchObject({ influencer_id: influencerId, group_label: 'Yoga club 🧘' });
    expect(replies[1]!.text).toContain('“Yoga club 🧘”');
    // The question is answered: the next text is not taken as a label.
    expect((await h.say(sender, 'thanks'))[0]!.text).toBe(en.t('freeText'));
  });
});
