import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';
import type { Reply } from '../../../bots/engine/index.ts';

let h: EngineHarness;
let nextId = 7000;
const newSender = () => String(nextId++);
const en = translator('en');
/** Seven deals, ranked by commission rate: "Amber lamp" first, "Grove lamp" last. */
const NAMES = ['Amber', 'Birch', 'Cedar', 'Dune', 'Ember', 'Fern', 'Grove'];
const products: { id: string; title: string }[] = [];

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id, { name: 'Lumio Home', commissionRateBps: 500, autoApprove: true });
  for (let n = 1; n <= 7; n++) {
    products.push(await h.make.product(brand, { title: `${NAMES[n - 1]} lamp`, price: 1000 + n, commissionRateBps: 2000 - n * 100, imageUrl: null }));
  }
});
afterAll(async () => { await h?.close(); });

/** The deal a card is for: the title line under the ad label. */
const titleOf = (replies: Reply[]) => replies[0]!.text.split('\n')[1];

describe('one number per deal', () => {
  it('takes the number /deals shows in front of a deal in /link, /qr and "another group", on every page', async () => {
    const sender = newSender();
    await h.register(sender);
    const list = (await h.say(sender, '/deals'))[0]!;
    expect(list.text).toMatch(/^3\. Cedar lamp$/m);
    expect(titleOf(await h.say(sender, '/link 3 family'))).toBe('Cedar lamp');
    const qr = await h.say(sender, '/qr 2 shop window');
    expect(qr[0]!.kind).toBe('image');
    expect(qr[0]!.text).toContain('Birch lamp');
    // Page 2 goes on from 6, and page 1's numbers still mean what they meant.
    const second = (await h.say(sender, '/next'))[0]!;
    expect(second.text).toMatch(/^6\. Fern lamp$/m);
    expect(titleOf(await h.say(sender, '/link 6'))).toBe('Fern lamp');
    expect(titleOf(await h.say(sender, '/link 1'))).toBe('Amber lamp');
    expect((await h.say(sender, '/group 7'))[0]!.text).toBe(en.t('deal.askGroup'));
    expect(textsOf(await h.say(sender, 'Yoga club'))).toContain('Grove lamp');
    expect((await h.say(sender, '/link 9'))[0]!.text).toBe(en.t('link.notInList', { number: 9, last: 7 }));
  });

  it('numbers a search from 1 again, and the product form (/link_ID, buttons) names the product whatever list came last', async () => {
    const sender = newSender();
    await h.register(sender);
    await h.say(sender, '/deals');
    const search = (await h.say(sender, '/search ember'))[0]!;
    const first = /^1\. (.+)$/m.exec(search.text)![1]!;
    expect(first).toBe('Ember lamp');
    expect(titleOf(await h.say(sender, '/link 1'))).toBe(first);
    expect(titleOf(await h.say(sender, `/link_${products[3]!.id}`))).toBe('Dune lamp');
    const button = search.buttons!.find((b) => 'action' in b)!;
    await h.say(sender, '/deals');
    expect(titleOf(await h.say(sender, (button as { action: string }).action))).toBe(first);
  });

  it('asks to list again when the list is gone (expired, or never asked for)', async () => {
    const sender = newSender();
    await h.register(sender);
    expect((await h.say(sender, '/link 2'))[0]!.text).toBe(en.t('deals.expired'));
    await h.say(sender, '/deals');
    // The list's time is up: Redis has let it go.
    await h.redis.del(`${h.prefix}:bot:list:telegram:${sender}`);
    expect((await h.say(sender, '/link 2'))[0]!.text).toBe(en.t('deals.expired'));
    expect((await h.say(sender, '/insta 2'))[0]!.text).toBe(en.t('deals.expired'));
  });
});
