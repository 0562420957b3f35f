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

  it('keeps a linked id whose number WhatsApp does not tell as one person once the number becomes known', async () => {
    const lid = '161803398874989@lid';
    // WhatsApp tells no number for it: the person is known by the linked id (as the registration would have stored it).
    s.network.client.receive({ from: lid, body: 'pomoc' });
    await s.network.waitForMessages(lid, 1);
    const influencer = await s.make.influencer({ language: 'pl' });
    await s.app.database.db.insertInto('influencer_identities')
      .values({ influencer_id: influencer.id, channel: 'whatsapp', external_id: lid, chat_id: lid }).execute();
    const inviteLink = (text: string) => /https:\/\/wa\.me\/\S+/.exec(text)?.[0];

    s.network.client.receive({ from: lid, body: 'zaproś' });
    const [first] = await s.network.waitForMessages(lid, 1, { after: 1 });
    const link = inviteLink(first!.text);
    // The invite opens a chat with the bot, the start code already typed.
    expect(link).toMatch(new RegExp(`^https://wa\\.me/${BOT_PHONE}\\?text=start%20ref_\\w+$`));

    // Later WhatsApp tells the number: the linked id and the phone are still that person, no second registration.
    s.network.lids.set(lid, '48604777888@c.us');
    s.network.client.receive({ from: lid, body: 'zapros' });
    const [again] = await s.network.waitForMessages(lid, 1, { after: 2 });
    expect(inviteLink(again!.text)).toBe(link);
    s.network.client.receive({ from: '48604777888@c.us', body: 'invite' });
    const [byPhone] = await s.network.waitForMessages('48604777888@c.us', 1);
    expect(inviteLink(byPhone!.text)).toBe(link);
  });

  it('keeps an account registered by phone when that person first writes by a linked id WhatsApp cannot resolve', async () => {
    const phone = '48605111222';
    const influencer = await s.make.influencer({ language: 'pl' });
    await s.app.database.db.insertInto('influencer_identities')
      .values({ influencer_id: influencer.id, channel: 'whatsapp', external_id: phone, chat_id: `${phone}@c.us` }).execute();
    const inviteLink = (text: string) => /https:\/\/wa\.me\/\S+/.exec(text)?.[0];
    s.network.client.receive({ from: `${phone}@c.us`, body: 'zaproś' });
    const byPhone = inviteLink((await s.network.waitForMessages(`${phone}@c.us`, 1))[0]!.text);
    expect(byPhone).toMatch(/ref_\w+$/);

    // One visit by a linked id WhatsApp tells no number for: a stranger to the bot, for now.
    const lid = '141421356237309@lid';
    s.network.client.receive({ from: lid, body: 'zaproś' });
    const [asStranger] = await s.network.waitForMessages(lid, 1);
    expect(inviteLink(asStranger!.text)).toBeUndefined();

    // The number becomes known: the linked id is the phone's registered person, and the phone still is.
    s.network.lids.set(lid, `${phone}@c.us`);
    s.network.client.receive({ from: lid, body: 'zaproś' });
    const [again] = await s.network.waitForMessages(lid, 1, { after: 1 });
    expect(inviteLink(again!.text)).toBe(byPhone);
    s.network.client.receive({ from: `${phone}@c.us`, body: 'zaproś' });
    const [stillByPhone] = await s.network.waitForMessages(`${phone}@c.us`, 1, { after: 1 });
    expect(inviteLink(stillByPhone!.text)).toBe(byPhone);
  });

  it('reads command words of every language, with or without diacritics, and shows the person’s own words in help', async () => {
    const ru = s.person('+7 912 345 67 89');
    ru.say('Помощь');
    const help = (await ru.next())[0]!.text;
    for (const word of ['скидки', 'поиск', 'баланс', 'вывод']) expect(help).toContain(word);
    expect(help).not.toMatch(/\/(deals|search|balance|payout)\b/);
    // A Pole typing the Spanish word, or the Polish one without its accent, gets Polish help.
    const pl = s.person('+48 605 000 111');
    for (const word of ['ayuda', 'POMOC', 'jezyk']) pl.say(word);
    const [first, second, third] = await pl.next(3);
    expect(first!.text).toContain('wypłata');
    expect(second!.text).toBe(first!.text);
    expect(third!.text).toContain(translator('pl').t('lang.choose'));
  });

  it('sends a deal whose picture cannot be fetched as text, its link preview showing the product', async () => {
    const jid = await registered('+33 6 99 88 77 66', 'Léa');
    const brand = await s.make.brand((await s.make.vendor()).id, { name: 'Ondes' });
    const kettle = await s.make.product(brand, { title: 'Bouilloire en verre', imageUrl: `${s.images.url}/missing.png` });
    s.network.client.receive({ from: jid, body: `link #${kettle.id}` });
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
    expect(only!.text).toContain(translator('es').t('help.text').split('\n')[0]!);
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
    const nextSentInGroup = async () => (await s.network.waitForMessages(GROUP, 1, { after: seen++ }))[0]!;
    const nextInGroup = async () => (await nextSentInGroup()).text;
    
    // Plain command words and chatter belong to the group; another person's mention too.
    inGroup('deals');
    inGroup('Anyone tried the lamp?');
    inGroup('@48111222333 help', { mentionedIds: ['48111222333@c.us'] });
    // A slash command is for the bot: it answers in the group, in the member's language, and sends them to a private chat.
    const asked = inGroup('/deals');
    // It quotes the message it answers: several people may be talking.
    const answer = await nextSentInGroup();
    // In Polish words, with a link to the bot's own chat that has the word typed in.
    expect(answer.text).toBe(pl.t('groupOnlyWhatsApp', { word: 'oferty', link: `https://wa.me/${BOT_PHONE}?text=oferty` }));
    expect(answer.text).not.toContain('/deals');
    expect(answer.quotedMessageId).toBe(asked.id._serialized);
    expect(s.network.messagesTo(GROUP)).toHaveLength(1);

    // A mention of the bot, in plain words: the mention itself is not part of the command.
    inGroup(`@${BOT_PHONE} help`, { mentionedIds: [BOT_JID] });
    const help = await nextInGroup();
    expect(help).toContain('oferty');
    expect(help).not.toContain('/deals');

    // A reply to one of the bot's messages: told by the quoted id WhatsApp carries in the message.
    inGroup('link 42', { hasQuotedMsg: true, rawData: { quotedStanzaID: answer.id, quotedParticipant: { server: 'c.us', user: BOT_PHONE, _serialized: BOT_JID } } });
    expect(await nextInGroup()).toBe(pl.t('groupOnlyWhatsApp', { word: 'link', link: `https://wa.me/${BOT_PHONE}?text=link` }));
    // A reply to someone else's message is the group's own, unless it is a slash command.
    inGroup('stats please', { hasQuotedMsg: true, rawData: { quotedStanzaID: 'ABCDEF0123', quotedParticipant: '48111222333@c.us' } });
    inGroup('/stats', { hasQuotedMsg: true, rawData: { quotedStanzaID: 'ABCDEF0123', quotedParticipant: '48111222333@c.us' } });
    expect(await nextInGroup()).toBe(pl.t('groupOnlyWhatsApp', { word: 'statystyki', link: `https://wa.me/${BOT_PHONE}?text=statystyki` }));
    expect(s.network.messagesTo(GROUP)).toHaveLength(4);
    // Nothing went to the member's private chat meanwhile.
    expect(s.network.messagesTo(member)).toHaveLength(4);
  });

  it('asks the browser nothing about group messages not meant for it, even from a linked id', async () => {
    const lid = '314159265358979@lid';
    s.network.lids.set(lid, '48603444555@c.us');
    const before = s.network.lookups.length;
    const sentBefore = s.network.messagesTo(GROUP).length;
    for (const body of ['oferty', 'who is coming tonight?', '@48111222333 hi']) {
      s.network.client.receive({ from: GROUP, author: lid, body, mentionedIds: body.startsWith('@') ? ['48111222333@c.us'] : [] });
    }
    // Then one that is for the bot: only that one is looked up, and answered.
    s.network.client.receive({ from: GROUP, author: lid, body: '/pomoc' });
    const [answer] = await s.network.waitForMessages(GROUP, 1, { after: sentBefore });
    expect(answer!.text).toContain('wypłata');
    expect(s.network.lookups.slice(before)).toEqual([lid]);
    expect(s.network.messagesTo(GROUP)).toHaveLength(sentBefore + 1);
  });
});
