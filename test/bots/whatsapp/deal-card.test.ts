import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

let s: WhatsAppStack;
/** WhatsApp's markers in a title, each fenced by word joiners so that WhatsApp shows it as typed. */
const TITLE = 'Tom & Jerry <3 *mega* ~deal~ _now_';
const WJ = '\u2060';
const fenced = (text: string) => text.replace(/[*_~]/g, (m) => `${WJ}${m}${WJ}`);
const NAMES = ['Birch', 'Cedar', 'Dune', 'Ember', 'Fern'];

beforeAll(async () => {
  s = await createWhatsAppStack();
  await s.login();
  const vendor = await s.make.vendor();
  const brand = await s.make.brand(vendor.id, { name: 'Lumio', commissionRateBps: 500, autoApprove: true });
  // Ranked by commission: the tricky title first, then Birch … Fern (6 deals: a page 2).
  await s.make.product(brand, { title: TITLE, price: 2999, listPrice: 4599, currency: 'EUR', commissionRateBps: 1900, imageUrl: null });
  for (const [index, name] of NAMES.entries()) {
    await s.make.product(brand, { title: `${name} lamp`, price: 1000, currency: 'EUR', commissionRateBps: 1800 - index * 100, imageUrl: null });
  }
});
afterAll(async () => { await s?.close(); });

describe('the forward-ready deal card on WhatsApp', () => {
  it('has the intro line, the title in *bold* and the old price ~struck~, shows the title literally, and holds nothing of the bot', async () => {
    const person = s.person('+44 7700 900123');
    for (const text of ['start', 'Emma Wilson', 'GB', 'yes']) {
      person.say(text);
      await person.next();
    }
    person.say('intro My *pick* of the week 👇');
    expect((await person.next())[0]!.text).toBe(fenced(translator('en').t('intro.set', { intro: 'My *pick* of the week 👇' })));

    person.say('deals');
    const [list] = await person.next();
    // The list shows the title as typed too.
    expect(list!.text.split('\n')).toContain(`1. ${fenced(TITLE)}`);
    // The option for a deal's link has the deal's number; "next page" comes after them.
    expect(list!.text).toContain(`1️⃣ 🔗 ${fenced('Tom & Jerry <3 *mega* ~deal…')}`);
    expect(list!.text).toContain('5️⃣ 🔗 Ember lamp');
    expect(list!.text).toContain(`6️⃣ ${translator('en').t('deals.next')}`);

    person.say('link 1 family');
    const [card, note] = await person.next(2);
    const code = /\/r\/([0-9A-Za-z]+)/.exec(card!.text)![1]!;
    expect(card!.text).toBe([
      '#ad',
      `My ${fenced('*')}pick${fenced('*')} of the week 👇`,
      `*${fenced(TITLE)}*`,
      '💰 €29.99 instead of ~€45.99~ (−35%)',
      `👉 https://dc.test/r/${code}`,
    ].join('\n'));
    // Without the invisible joiners, what the group reads is the deal as typed.
    expect(card!.text.replaceAll(WJ, '')).toContain(`*${TITLE}*`);
    expect(note!.text).toContain(`1️⃣ ${translator('en').t('deal.anotherGroup')}`);
  });

  it('takes the number a deal shows on page 2 as its option and in "link N"', async () => {
    const person = s.person('+44 7700 900124');
    for (const text of ['start', 'Olly Brown', 'GB', 'yes']) {
      person.say(text);
      await person.next();
    }
    person.say('deals');
    await person.next();
    person.say('6');
    const [page2] = await person.next();
    expect(page2!.text).toMatch(/^6\. Fern lamp$/m);
    expect(page2!.text).toContain('6️⃣ 🔗 Fern lamp');
    expect(page2!.text).not.toContain('1️⃣');
    person.say('6');
    const [fern] = await person.next(2);
    expect(fern!.text.split('\n')[1]).toBe('*Fern lamp*');
    // A plain number that is no option now (the card's note has option 1 only) is not a deal; "link 2" is.
    person.say('link 2');
    const [birch] = await person.next(2);
    expect(birch!.text.split('\n')[1]).toBe('*Birch lamp*');
  });
});
