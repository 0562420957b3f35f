import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FOLLOWS } from '../../../core/alerts/deal-alerts.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { withTypedActions } from '../../../bots/whatsapp/whatsapp-outbox.ts';
import { notificationActions, renderNotification } from '../../../core/i18n/notification-texts.ts';
import type { InfluencerNotification } from '../../../core/notifications/notifications.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 9100;
const newSender = () => String(nextId++);
let lumio: { id: string; vendor_id: string; slug: string };
let atelier: { id: string; vendor_id: string; slug: string };
let lamp: { id: string };

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  lumio = await h.make.brand(vendor.id, { name: 'Lumio Home', autoApprove: true });
  atelier = await h.make.brand(vendor.id, { name: 'Atelier Paris', autoApprove: false });
  lamp = await h.make.product(lumio, { title: 'Smart desk lamp', price: 2999 });
});
afterAll(async () => { await h?.close(); });

describe('/follow, /unfollow and /alerts', () => {
  it('follows brands and words up to the limit, politely, and says when a brand must be joined first', async () => {
    const sender = newSender();
    await h.register(sender);
    const en = translator('en');
    const [usage] = await h.say(sender, '/follow');
    expect([lumio.slug, atelier.slug].map((example) => en.t('follow.usage', { example }))).toContain(usage!.text);
    expect(usage!.buttons?.map((b) => 'action' in b && b.action)).toEqual(expect.arrayContaining([`/follow ${lumio.slug}`, `/follow ${atelier.slug}`]));

    const [atelierFollowed] = await h.say(sender, '/follow Atelier Paris');
    expect(atelierFollowed!.text).toBe([
      en.t('follow.added', { name: 'Atelier Paris', when: en.t('follow.whenDaily') }),
      en.t('follow.needsJoin', { brand: 'Atelier Paris', slug: atelier.slug }),
    ].join('\n'));
    expect((await h.say(sender, `/follow ${atelier.slug}`))[0]!.text).toBe(en.t('follow.already', { name: 'Atelier Paris' }));
    expect((await h.say(sender, '/follow  Desk   LAMP '))[0]!.text).toBe(en.t('follow.added', { name: en.t('alerts.keywordName', { keyword: 'desk lamp' }), when: en.t('follow.whenDaily') }));
    expect((await h.say(sender, '/follow <script>'))[0]!.text).toBe(en.t('follow.invalid', { input: '<script>' }));

    for (let i = 2; i < MAX_FOLLOWS; i++) expect((await h.say(sender, `/follow word${i}`))[0]!.text).toContain('🔔');
    expect((await h.say(sender, '/follow one too many'))[0]!.text).toBe(en.t('follow.full', { count: MAX_FOLLOWS }));

    const [summary] = await h.say(sender, '/alerts');
    expect(summary!.text).toContain(en.t('alerts.following', { count: MAX_FOLLOWS, max: MAX_FOLLOWS }));
    expect(summary!.text).toContain('• Atelier Paris');
    expect(summary!.buttons).toEqual([
      { label: `✓ ${en.t('alerts.buttonDaily')}`, action: '/alerts daily' },
      { label: en.t('alerts.buttonInstant'), action: '/alerts instant' },
      { label: en.t('alerts.buttonOff'), action: '/alerts off' },
    ]);
    expect((await h.say(sender, '/unfollow desk lamp'))[0]!.text).toBe(en.t('unfollow.done', { name: en.t('alerts.keywordName', { keyword: 'desk lamp' }) }));
    expect((await h.say(sender, '/unfollow desk lamp'))[0]!.text).toBe(en.t('unfollow.notFollowed', { name: en.t('alerts.keywordName', { keyword: 'desk lamp' }) }));
    expect((await h.say(sender, '/alerts weekly'))[0]!.text).toBe(en.t('alerts.unknownFrequency'));
  });

  it('takes the WhatsApp words of each language, without the slash', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'fr', channel: 'whatsapp' });
    const fr = translator('fr');
    const whatsapp = { channel: 'whatsapp' as const, languageHint: 'fr' };
    expect((await h.say(sender, `suivre ${lumio.slug}`, whatsapp))[0]!.text).toBe(fr.t('follow.added', { name: 'Lumio Home', when: fr.t('follow.whenDaily') }));
    expect((await h.say(sender, 'alertes En direct', whatsapp))[0]!.text).toBe(fr.t('alerts.changed', { frequency: fr.t('alerts.frequencyInstant') }));
    expect((await h.say(sender, `désabonner ${lumio.slug}`, whatsapp))[0]!.text).toBe(fr.t('unfollow.done', { name: 'Lumio Home' }));
    expect((await h.say(sender, 'aide', whatsapp))[0]!.text).toContain('alertes');
  });

  it('offers on WhatsApp the words to send back, which give the deal shown', async () => {
    const alert: InfluencerNotification = {
      kind: 'deal_alerts', influencerId: '1', more: 0,
      items: [{ eventId: '1', productId: lamp.id, kind: 'price_drop', title: 'Smart desk lamp', brandName: 'Lumio Home', oldPrice: 3999, price: 2999, currency: 'EUR' }],
    };
    // What the WhatsApp outbox sends for the notification (bots/whatsapp/whatsapp-outbox.ts `outboxChatSender`).
    const sent = withTypedActions(renderNotification(alert, 'es'), notificationActions(alert, 'es'), 'es');
    const line = sent.split('\n').at(-1)!;
    expect(line).toBe(`${translator('es').t('alerts.makeLink', { title: 'Smart desk lamp' })} → enlace #${lamp.id}`);

    const person = newSender();
    await h.register(person, { language: 'es', channel: 'whatsapp' });
    const [card] = await h.say(person, line.split('→ ')[1]!, { channel: 'whatsapp', languageHint: 'es' });
    expect(card!.text).toContain('Smart desk lamp');
    expect(card!.text).toMatch(/https:\/\/dc\.test\/r\/[0-9A-Za-z]+/);
  });

  it('forgets what a person followed when they delete their profile', async () => {
    const sender = newSender();
    const influencerId = await h.register(sender);
    await h.say(sender, `/follow ${lumio.slug}`);
    await h.say(sender, '/follow desk lamp');
    await h.say(sender, '/deleteme');
    await h.say(sender, '/confirmdelete');
    expect(await h.database.db.selectFrom('deal_follows').select('id').where('influencer_id', '=', influencerId).execute()).toEqual([]);
  });
});
