import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../bots/engine/index.ts';
import { isOwnerMarkToken } from '../../../core/clicks/owner-mark.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, ENGINE_PUBLIC_URL, type EngineHarness } from '../../support/bot-engine.ts';

// The influencer's own link (core/clicks/owner-mark.ts): in the private note under a deal, never
// in the card that is forwarded, so that only the influencer's own device gets the owner mark.

const KEY = 'owner-link-test-key';
let h: EngineHarness;
let lamp: { id: string };

beforeAll(async () => {
  h = await createEngineHarness({ ownerMarkKey: KEY });
  const brand = await h.make.brand((await h.make.vendor()).id, { name: 'Lumio Home', commissionRateBps: 800, autoApprove: true });
  lamp = await h.make.product(brand, { title: 'Smart desk lamp', price: 2999 });
});
afterAll(async () => { await h?.close(); });

describe('/link with owner links', () => {
  it.each(['en', 'ru'] as const)('puts the influencer\'s own link in the private note (%s), and only there', async (language) => {
    const sender = `owner-${language}`;
    const influencerId = await h.register(sender, { language });
    const [card, note] = await h.say(sender, `/link #${lamp.id} family`, { languageHint: language }) as [Reply, Reply];
    const code = /\/r\/([0-9A-Za-z]+)/.exec(card.text ?? '')![1]!;
    expect(card.text).not.toContain('/mine');

    const own = new RegExp(`${ENGINE_PUBLIC_URL}/r/${code}/mine\\?t=([A-Za-z0-9_-]+)`).exec(note.text ?? '');
    expect(own, note.text).not.toBeNull();
    expect(isOwnerMarkToken(KEY, influencerId, own![1])).toBe(true);
    expect(note.text).toContain(translator(language).t('deal.ownLink', { url: own![0] }));
  });
});
