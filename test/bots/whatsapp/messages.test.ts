import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wweb from 'whatsapp-web.js';
import type { WhatsAppMessage } from '../../../bots/whatsapp/whatsapp-client.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { BOT_PHONE, createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

let s: WhatsAppStack;
const GROUP = '120363025555555555@g.us';
const BOT_JID = `${BOT_PHONE}@c.us`;

beforeAll(async () => {
  s = await createWhatsAppStack();
  await s.login();
});
afterAll(async () => { await s?.close(); });

/** Registers a phone through the bot, in plain words, and returns its chat id. */
async function registered(phone: string, name: string): Promise<string> {
  const person = s.person(phone);
  for (const text of ['start', name, 'FR', 'yes']) {
    person.say(text);
    await person.next();
  }
  return person.jid;
}

describe('people writing to the bot in private', () => {
  it('greets each in the language of their phone number until they choose one with "lang"', async () => {
    const cases: [string, 'en' | 'fr' | 'es' | 'pl' | 'ru'][] = [
      ['+34 612 345 678', 'es'], ['+33 6 12 34 56 78', 'fr'], ['+1 415 555 0100', 'en'], ['+49 151 2345 6789', 'en'],
    ];
    for (const [phone, language] of cases) {
      const person = s.person(phone);
      person.say('start');
      expect((await person.next())[0]!.text).toContain(translator(language).t('start.askName'));
    }
    // A French number prefers Polish: "lang pl" (or "/lang pl") switches, and registration continues in Polish.
    const person = s.person('+33 7 00 00 00 01');
    person.say('lang pl');
    expect((await person.next())[0]!.text).toBe(translator('pl').t('lang.changed'));
    person.say('/start');
    expect((await person.next())[0]!.text).toContain(translator('pl').t('start.askName'));
  });

  it('reads a number as the option it stands for, and forgets options once a later answer has none', async () => {
    const person = s.person('+48 700 000 001');
    person.say('lang');
    const choice = (await person.next())[0]!.text;
    expect(choice).toContain('5️⃣ Polski');
    person.say('5');
    expect((await person.next())[0]!.text).toBe(translator('pl').t('lang.changed'));
    // "lang.changed" offered no options: "5" is plain text now.
    person.say('5');
    expect((await person.next())[0]!.text).toContain(translator('pl').t('start.askName'));
  });

  it('knows a person writing from a linked id by their phone number, and answers a voice note with how to use the bot', async () => {
    const lid = '271828182845904@lid';
    s.network.lids.set(lid, '48601999888@c.us');
    s.network.client.receive({ from: lid, body: 'start' });
    const [greeting] = await s.network.waitForMessages(lid, 1);
    expect(greeting!.text).toContain(translator('pl').t('start.askName'));
    s.network.client.receive({ from: lid, body: '', type: wweb.MessageTypes.VOICE });
    // A voice note in the middle of a registration is not a name.
    const [answer] = await s.network.waitForMessages(lid, 1, { after: 1 });
    expect(answer!.text).toContain(translator('pl').t('start.nameInvalid', { max: 64 }));
  });

  it('sends a deal whose picture cannot be fetched as text, its link preview showing the product', async () => {
    const jid = await registered('+33 6 99 88 77 66', 'Léa');
    const brand = await s.make.brand((await s.make.vendor()).id, { name: 'Ondes' });
    const kettle = await s.make.product(brand, { title: 'Bouilloire en verre', imageUrl: `${s.images.url}/missing.png` });
    s.network.client.receive({ from: jid, body: `link ${kettle.id}` });
    const [deal] = await s.network.waitForMessages(jid, 1, { after: 4 });
    expect(deal!.media).toBeUndefined();
    expect(deal!.text.split('\n')[0]).toBe(translator('fr').t('deal.ad'));
    expect(deal!.text).toContain('Bouilloire en verre');
    expect(deal!.text).toMatch(/https:\/\/dc\.test\/r\/[0-9A-Za-z]+/);
  });

  it('ignores its own messages, status updates, broadcasts and system messages', async () => {
    const jid = '34699000111@c.us';
    const client = s.network.client;
    client.receive({ from: jid, body: 'start', fromMe: true });
    client.receive({ from: 'status@broadcast', author: jid, body: 'start', isStatus: true });
    client.receive({ from: jid, body: 'start', broadcast: true });
    client.receive({ from: jid, body: 'start', type: wweb.MessageTypes.E2E_NOTIFICATION });
    client.receive({ from: jid, body: 'help' });
    const [only] = await s.network.waitForMessages(jid, 1);
    expect(only!.text).toBe(translator('es').t('help.text'));
    expect(s.network.messagesTo(jid)).toHaveLength(1);
    expect(s.network.messagesTo('status@broadcast')).toHaveLength(0);
  });
});

describe('group chats', () => {
  it('stays out of the conversation unless addressed: a mention, a slash command or a reply to the bot', async () => {
    const member = await registered('+48 602 111 222', 'Kasia');
    const pl = translator('pl');
    const client = s.network.client;
    const inGroup = (body: string, extra: Partial<WhatsAppMessage> = {}) => client.receive({ from: GROUP, author: member, body, ...extra });
    let seen = 0;
    const nextInGroup = async () => (await s.network.waitForMessages(GROUP, 1, { after: seen++ }))[0]!.text;

    // Plain command words and chatter belong to the group; another person's mention too.
    inGroup('deals');
    inGroup('Anyone tried the lamp?');
    inGroup('@48111222333 help', { mentionedIds: ['48111222333@c.us'] });
    // A slash command is for the bot: it answers in the group, in the member's language, and sends them to a private chat.
    inGroup('/deals');
    expect(await nextInGroup()).toBe(pl.t('groupOnlyNoBot', { command: 'deals' }));
    expect(s.network.messagesTo(GROUP)).toHaveLength(1);

    // A mention of the bot, in plain words: the mention itself is not part of the command.
    inGroup(`@${BOT_PHONE} help`, { mentionedIds: [BOT_JID] });
    expect(await nextInGroup()).toBe(pl.t('help.text'));

    // A reply to one of the bot's messages.
    inGroup('link 42', { hasQuotedMsg: true, getQuotedMessage: async () => ({ fromMe: true }) });
    expect(await nextInGroup()).toBe(pl.t('groupOnlyNoBot', { command: 'link' }));
    // A reply to someone else's message is the group's own, unless it is a slash command.
    inGroup('stats please', { hasQuotedMsg: true, getQuotedMessage: async () => ({ fromMe: false }) });
    inGroup('/stats', { hasQuotedMsg: true, getQuotedMessage: async () => ({ fromMe: false }) });
    expect(await nextInGroup()).toBe(pl.t('groupOnlyNoBot', { command: 'stats' }));
    expect(s.network.messagesTo(GROUP)).toHaveLength(4);
    // Nothing went to the member's private chat meanwhile.
    expect(s.network.messagesTo(member)).toHaveLength(4);
  });
});
