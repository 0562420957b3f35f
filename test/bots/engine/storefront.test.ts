import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { MAX_PICK_NOTE_LENGTH } from '../../../core/pages/picks.service.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 8100;
const newSender = () => String(nextId++);
let lamp: { id: string; title: string };
let mug: { id: string; title: string };
const fr = translator('fr');
const pl = translator('pl');

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 800, autoApprove: true });
  lamp = await h.make.product(brand, { title: 'Smart desk lamp', price: 2999, listPrice: 4599 });
  mug = await h.make.product(brand, { title: 'Travel mug', price: 1299 });
});
afterAll(async () => { await h?.close(); });

const picksOf = (influencerId: string) => h.database.db.selectFrom('picks').innerJoin('links', 'links.id', 'picks.link_id')
  .select(['picks.product_id', 'picks.note', 'links.channel', 'links.landing', 'links.code']).where('picks.influencer_id', '=', influencerId)
  .orderBy('picks.picked_at', 'desc').execute();

describe('/pick and /unpick, in French', () => {
  it('puts a deal on the storefront with a note, gives a handle from the name, and answers with the storefront\'s address', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender, { language: 'fr', name: 'Zoë Martin' });
    const say = (text: string) => h.say(sender, text, { languageHint: 'fr' });

    const replies = await say(`/pick #${lamp.id} Je l’ai sur mon bureau depuis un an`);
    const [pick] = await picksOf(influencerId);
    expect(pick).toMatchObject({ product_id: lamp.id, note: 'Je l’ai sur mon bureau depuis un an', channel: 'storefront', landing: 'deal_page' });
    expect(textsOf(replies)).toContain(fr.t('pick.added', {
      title: 'Smart desk lamp', url: 'https://dc.test/s/zoe-martin', page: `https://dc.test/d/${pick!.code}`,
    }));

    // Picked again: back on top with the new note, the same link.
    await say(`/pick #${mug.id}`);
    expect(textsOf(await say(`/pick #${lamp.id} Toujours aussi bien`))).toContain(fr.t('pick.updated', { title: 'Smart desk lamp', url: 'https://dc.test/s/zoe-martin' }));
    expect((await picksOf(influencerId)).map((p) => [p.product_id, p.note])).toEqual([[lamp.id, 'Toujours aussi bien'], [mug.id, null]]);
    expect((await picksOf(influencerId))[0]!.code).toBe(pick!.code);

    // Their picks and notes are theirs: in their copy of their data.
    const [file] = await say('/export');
    const exported = JSON.parse(new TextDecoder().decode(file!.file!.data)) as { storefront: { handle: string; picks: { productId: string; note: string | null }[] } };
    expect(exported.storefront).toMatchObject({ handle: 'zoe-martin', picks: [{ productId: lamp.id, note: 'Toujours aussi bien' }, { productId: mug.id, note: null }] });

    expect(textsOf(await say(`/unpick #${mug.id}`))).toBe(fr.t('unpick.removed', { title: 'Travel mug', url: 'https://dc.test/s/zoe-martin' }));
    expect(textsOf(await say(`/unpick #${mug.id}`))).toBe(fr.t('unpick.notPicked', { title: 'Travel mug', url: 'https://dc.test/s/zoe-martin' }));
    expect((await picksOf(influencerId)).map((p) => p.product_id)).toEqual([lamp.id]);
  });

  it('refuses politely: no product, an unknown one, a note too long, an unpick before any pick', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender, { language: 'fr', name: 'Léa' });
    const say = (text: string) => h.say(sender, text, { languageHint: 'fr' });
    expect(textsOf(await say('/pick'))).toBe(fr.t('pick.usage'));
    expect(textsOf(await say('/unpick'))).toBe(fr.t('unpick.usage'));
    expect(textsOf(await say('/pick #999999'))).toBe(fr.t('link.unknownProduct', { input: '#999999' }));
    expect(textsOf(await say(`/pick #${lamp.id} ${'x'.repeat(MAX_PICK_NOTE_LENGTH + 1)}`))).toBe(fr.t('pick.noteTooLong', { max: MAX_PICK_NOTE_LENGTH }));
    expect(textsOf(await say(`/unpick #${lamp.id}`))).toBe(fr.t('unpick.noStorefront'));
    expect(textsOf(await say('/storefront'))).toBe(fr.t('mystore.none'));
    expect(await picksOf(influencerId)).toEqual([]);
  });

  it('takes the French words on WhatsApp: "choisir", "retirer", "vitrine"', async () => {
    const sender = `336${newSender()}`;
    const influencerId = await h.register(sender, { language: 'fr', name: 'Hugo', channel: 'whatsapp' });
    const say = (text: string) => h.say(sender, text, { languageHint: 'fr', channel: 'whatsapp' });
    await say(`choisir #${mug.id} Parfait pour le train`);
    expect((await picksOf(influencerId)).map((p) => p.note)).toEqual(['Parfait pour le train']);
    const [qr] = await say('vitrine');
    expect(qr!.kind).toBe('image');
    expect(qr!.file?.mimeType).toBe('image/png');
    expect(qr!.text).toContain('https://dc.test/s/hugo');
    await say(`retirer #${mug.id}`);
    expect(await picksOf(influencerId)).toEqual([]);
  });
});

describe('/storefront, in Polish', () => {
  it('shows the address and its QR code, moves to a new address, refuses a taken or malformed one', async () => {
    const a = newSender();
    const b = newSender();
    await h.register(a, { language: 'pl', name: 'Anna' });
    await h.register(b, { language: 'pl', name: 'Anna' });
    const sayA = (text: string) => h.say(a, text, { languageHint: 'pl' });
    const sayB = (text: string) => h.say(b, text, { languageHint: 'pl' });
    await sayA(`/pick #${lamp.id}`);
    await sayB(`/pick #${lamp.id}`);
    // Two Annas: the second gets a number.
    const [shown] = await sayB('/storefront');
    expect(shown!.text).toBe(pl.t('mystore.address', { url: 'https://dc.test/s/anna-2', picks: pl.t('mystore.picks', { count: 1 }) }));
    expect(textsOf(await sayB('/storefront anna'))).toBe(pl.t('mystore.taken', { handle: 'anna' }));
    expect(textsOf(await sayB('/storefront a!'))).toBe(pl.t('mystore.badHandle'));
    expect(textsOf(await sayB('/storefront Ania-Okazje'))).toBe(pl.t('mystore.renamed', { url: 'https://dc.test/s/ania-okazje' }));
    expect(textsOf(await sayB(`/unpick #${lamp.id}`))).toBe(pl.t('unpick.removed', { title: 'Smart desk lamp', url: 'https://dc.test/s/ania-okazje' }));
  });
});

describe('the landing of a /link', () => {
  it('offers the deal page under the answer; the button switches the link and answers with its new URL, and back', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender, { language: 'pl', name: 'Ola' });
    const say = (text: string) => h.say(sender, text, { languageHint: 'pl' });
    const [card, note] = await say(`/link #${mug.id}`);
    const link = await h.database.db.selectFrom('links').select(['code', 'landing']).where('influencer_id', '=', influencerId).executeTakeFirstOrThrow();
    expect(link.landing).toBe('vendor');
    expect(card!.text).toContain(`https://dc.test/r/${link.code}`);
    expect(note!.buttons).toEqual([{ label: pl.t('landing.toDealPage'), action: `/landing ${link.code} deal_page` }]);

    const [switched] = await say(`/landing ${link.code} deal_page`);
    expect(switched!.text).toBe(pl.t('landing.nowDealPage', { url: `https://dc.test/d/${link.code}` }));
    expect(switched!.buttons?.[0]).toEqual({ label: pl.t('landing.toVendor'), action: `/landing ${link.code} vendor` });
    const [again] = await say(`/link #${mug.id}`);
    expect(again!.text).toContain(`https://dc.test/d/${link.code}`);

    await say(`/landing ${link.code} vendor`);
    expect((await say(`/link #${mug.id}`))[0]!.text).toContain(`https://dc.test/r/${link.code}`);
  });

  it('does not let anyone switch a link that is not theirs', async () => {
    const owner = newSender();
    const other = newSender();
    const ownerId = await h.register(owner);
    await h.register(other);
    await h.say(owner, `/link #${lamp.id}`);
    const { code } = await h.database.db.selectFrom('links').select('code').where('influencer_id', '=', ownerId).executeTakeFirstOrThrow();
    expect(textsOf(await h.say(other, `/landing ${code} deal_page`))).toBe(translator('en').t('landing.unknown'));
    expect(textsOf(await h.say(other, '/landing nonsense'))).toBe(translator('en').t('landing.unknown'));
    const row = await h.database.db.selectFrom('links').select('landing').where('code', '=', code).executeTakeFirstOrThrow();
    expect(row.landing).toBe('vendor');
  });
});

describe('/deleteme', () => {
  it('takes the storefront with the account: the handle and every pick', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender, { name: 'Gone Soon' });
    await h.say(sender, `/pick #${lamp.id} my own words`);
    await h.say(sender, '/deleteme');
    await h.say(sender, '/confirmdelete');
    const row = await h.database.db.selectFrom('influencers').select(['handle', 'status']).where('id', '=', influencerId).executeTakeFirstOrThrow();
    expect(row).toEqual({ handle: null, status: 'deleted' });
    expect(await picksOf(influencerId)).toEqual([]);
  });
});
