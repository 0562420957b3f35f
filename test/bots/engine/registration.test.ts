import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import { createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 1000;
const newSender = () => String(nextId++);

beforeAll(async () => { h = await createEngineHarness(); });
afterAll(async () => { await h?.close(); });

const influencerOf = (senderId: string, channel: 'telegram' | 'whatsapp' = 'telegram') => h.database.db.selectFrom('influencer_identities')
  .innerJoin('influencers', 'influencers.id', 'influencer_identities.influencer_id')
  .selectAll('influencers').select(['influencer_identities.chat_id', 'influencer_identities.active'])
  .where('channel', '=', channel).where('external_id', '=', senderId).executeTakeFirst();

describe('/start: registration asks only what the chat app does not tell', () => {
  it('without a name from the app, asks for a name and a country, then proposes both with the terms, in the language of the client', async () => {
    const ru = translator('ru');
    const sender = newSender();
    const hello = await h.say(sender, '/start', { languageHint: 'ru-RU' });
    expect(textsOf(hello)).toContain(ru.t('start.welcome'));
    expect(textsOf(hello)).toContain(ru.t('start.askName'));

    const country = await h.say(sender, '  Аня  Петрова ', { languageHint: 'ru-RU' });
    expect(country[0]!.text).toBe(ru.t('start.askCountry', { name: 'Аня Петрова' }));
    expect(country[0]!.buttons?.map((b) => b.label)).toContain('Россия');

    const terms = await h.say(sender, 'Россия', { languageHint: 'ru-RU' });
    expect(terms[0]!.text).toBe(ru.t('start.confirm', { name: 'Аня Петрова', country: 'Россия' }));
    expect(terms[0]!.buttons).toEqual([
      { label: ru.t('start.acceptAndStart'), action: '/accept' }, { label: ru.t('start.changeName'), action: '/rename' },
      { label: ru.t('start.changeCountry'), action: '/country' }, { label: ru.t('start.readTerms'), action: '/terms' },
      { label: ru.t('start.decline'), action: '/decline' },
    ]);
    expect(await influencerOf(sender)).toBeUndefined();

    const done = await h.say(sender, '/accept', { languageHint: 'ru-RU' });
    expect(done[0]!.text).toBe(ru.t('start.registered', { name: 'Аня Петрова' }));
    const row = await influencerOf(sender);
    // Paid in roubles, the currency of the country she named, not in euros.
    expect(row).toMatchObject({ display_name: 'Аня Петрова', language: 'ru', country: 'RU', status: 'active', chat_id: sender, active: true, payout_currency: 'RUB' });
    expect(row!.terms_accepted_at).toBeInstanceOf(Date);

    const again = await h.say(sender, '/start');
    expect(again[0]!.text).toBe(ru.t('start.welcomeBack', { name: 'Аня Петрова' }));
  });

  it('takes "help" and "cancel" in any of its languages as what they say, never as the answer to its question', async () => {
    const pl = translator('pl');
    const sender = newSender();
    await h.say(sender, '/start', { languageHint: 'pl-PL' });
    // "pomoc" is help: the question is asked again, and the next answer is still the name.
    const help = await h.say(sender, 'Pomoc', { languageHint: 'pl-PL' });
    expect(textsOf(help)).toContain(pl.t('help.text'));
    expect(textsOf(help)).toContain(pl.t('start.askName'));
    expect((await h.say(sender, 'Ola', { languageHint: 'pl-PL' }))[0]!.text).toBe(pl.t('start.askCountry', { name: 'Ola' }));
    // "anuluj" (or "cancel") ends the registration instead of naming a country.
    expect((await h.say(sender, 'anuluj', { languageHint: 'pl-PL' }))[0]!.text).toBe(pl.t('cancelled'));
    expect(await influencerOf(sender)).toBeUndefined();

    const other = newSender();
    await h.say(other, '/start');
    expect((await h.say(other, 'cancel'))[0]!.text).toBe(translator('en').t('cancelled'));
    expect(await influencerOf(other)).toBeUndefined();
  });

  it('records who recruited the newcomer from /start ref_CODE, and welcomes without a code that is not valid', async () => {
    const recruiterId = await h.register(newSender(), { name: 'Recruiter' });
    const recruiter = await h.database.db.selectFrom('influencers').selectAll().where('id', '=', recruiterId).executeTakeFirstOrThrow();
    const sender = newSender();
    const hello = await h.say(sender, `/start ref_${recruiter.recruit_code}`);
    expect(textsOf(hello)).toContain(translator('en').t('start.invitedBy', { name: 'Recruiter' }));
    await h.say(sender, 'Newcomer');
    await h.say(sender, 'es');
    await h.say(sender, '/accept');
    expect(await influencerOf(sender)).toMatchObject({ recruited_by: recruiterId, country: 'ES', payout_currency: 'EUR' });

    const stranger = newSender();
    const unknown = await h.say(stranger, '/start ref_NoSuchCode1');
    expect(textsOf(unknown)).toContain(translator('en').t('start.unknownInvite'));
    await h.say(stranger, 'Solo');
    await h.say(stranger, 'PL');
    await h.say(stranger, '/accept');
    expect(await influencerOf(stranger)).toMatchObject({ recruited_by: null, payout_currency: 'PLN' });
  });

  it('asks again, politely, for a name or a country it cannot use', async () => {
    const en = translator('en');
    const sender = newSender();
    await h.say(sender, '/start');
    expect((await h.say(sender, 'x'.repeat(65)))[0]!.text).toBe(en.t('start.nameInvalid', { max: 64 }));
    expect((await h.say(sender, '\u202e\u0000   '))[0]!.text).toBe(en.t('start.nameInvalid', { max: 64 }));
    await h.say(sender, 'Zoë 🌟');
    expect((await h.say(sender, 'Atlantis'))[0]!.text).toBe(en.t('start.countryInvalid', { input: 'Atlantis' }));
    expect((await h.say(sender, 'XX'))[0]!.text).toBe(en.t('start.countryInvalid', { input: 'XX' }));
    expect((await h.say(sender, 'france'))[0]!.text).toBe(en.t('start.confirm', { name: 'Zoë 🌟', country: 'France' }));
    expect((await h.say(sender, 'maybe later'))[0]!.text).toBe(en.t('start.termsRequired'));
    await h.say(sender, '/accept');
    expect(await influencerOf(sender)).toMatchObject({ display_name: 'Zoë 🌟', country: 'FR' });
  });

  it('switches the language in the middle of registering, and keeps it', async () => {
    const sender = newSender();
    await h.say(sender, '/start', { languageHint: 'en' });
    const switched = await h.say(sender, '/lang pl');
    expect(switched[0]!.text).toBe(translator('pl').t('lang.changed'));
    expect(switched[1]!.text).toBe(translator('pl').t('start.askName'));
    await h.say(sender, 'Kasia');
    await h.say(sender, 'PL');
    const done = await h.say(sender, '/accept');
    expect(done[0]!.text).toBe(translator('pl').t('start.registered', { name: 'Kasia' }));
    expect((await influencerOf(sender))?.language).toBe('pl');
  });

  it('asks to finish registering before anything else, and stops on decline', async () => {
    const en = translator('en');
    const sender = newSender();
    expect((await h.say(sender, '/deals'))[0]!.text).toBe(en.t('start.required'));
    await h.say(sender, '/start');
    const interrupted = await h.say(sender, '/balance');
    expect(interrupted[0]!.text).toBe(en.t('start.finishFirst'));
    expect(interrupted[1]!.text).toBe(en.t('start.askName'));
    await h.say(sender, 'Max');
    await h.say(sender, 'DE');
    expect((await h.say(sender, '/decline'))[0]!.text).toBe(en.t('start.declined'));
    expect(await influencerOf(sender)).toBeUndefined();
    // A later "hello" is a new beginning.
    expect((await h.say(sender, 'hello'))[0]!.text).toContain(en.t('start.askName'));
  });

  it('registers once when "I accept" is pressed twice at the same time', async () => {
    const sender = newSender();
    await h.say(sender, '/start');
    await h.say(sender, 'Twice');
    await h.say(sender, 'ES');
    const answers = await Promise.all([h.say(sender, '/accept'), h.say(sender, '/accept')]);
    expect(answers.flat().some((r) => r.text === translator('en').t('start.registered', { name: 'Twice' }))).toBe(true);
    const rows = await h.database.db.selectFrom('influencer_identities').selectAll().where('external_id', '=', sender).execute();
    expect(rows).toHaveLength(1);
  });

  it('understands plain words on WhatsApp: "start", a typed "sí" for the terms, "deals" without a slash', async () => {
    const es = translator('es');
    const sender = `+3460000${newSender()}`;
    const options = { channel: 'whatsapp' as const, chatId: sender, languageHint: 'es' };
    expect(textsOf(await h.say(sender, 'start', options))).toContain(es.t('start.askName'));
    await h.say(sender, 'Lucía', options);
    await h.say(sender, 'España', options);
    expect((await h.say(sender, 'Sí', options))[0]!.text).toBe(es.t('start.registered', { name: 'Lucía' }));
    expect(await influencerOf(sender, 'whatsapp')).toMatchObject({ display_name: 'Lucía', country: 'ES', language: 'es' });
    expect((await h.say(sender, 'deals', options))[0]!.text).toBe(es.t('deals.empty'));
  });

  it('on Telegram, takes the name the person gave Telegram: one question (the country), then one tap', async () => {
    const pl = translator('pl');
    const sender = newSender();
    const options = { languageHint: 'pl', senderName: 'Zofia  Nowak' };
    const hello = await h.say(sender, '/start', options);
    expect(hello).toHaveLength(1);
    expect(hello[0]!.text).toBe(`${pl.t('start.welcome')}\n\n${pl.t('start.askCountry', { name: 'Zofia Nowak' })}`);
    expect(hello[0]!.buttons?.[0]).toEqual({ label: 'Polska', action: 'PL' });
    const proposal = await h.say(sender, 'PL', options);
    expect(proposal[0]!.text).toBe(pl.t('start.confirm', { name: 'Zofia Nowak', country: 'Polska' }));
    expect((await h.say(sender, '/accept', options))[0]!.text).toBe(pl.t('start.registered', { name: 'Zofia Nowak' }));
    expect(await influencerOf(sender)).toMatchObject({ display_name: 'Zofia Nowak', country: 'PL', language: 'pl', payout_currency: 'PLN' });
  });

  it('on WhatsApp, proposes the push name and the country of the phone number at once: a "hi" and one "tak" register', async () => {
    const pl = translator('pl');
    const sender = '48601230001';
    const options = { channel: 'whatsapp' as const, chatId: `${sender}@c.us`, languageHint: 'pl', senderName: 'Ola', countryHint: 'PL' };
    const hello = await h.say(sender, 'cześć', options);
    expect(hello).toHaveLength(1);
    expect(hello[0]!.text).toBe(`${pl.t('start.welcome')}\n\n${pl.t('start.confirm', { name: 'Ola', country: 'Polska' })}`);
    expect(await influencerOf(sender, 'whatsapp')).toBeUndefined();
    expect((await h.say(sender, 'Tak', options))[0]!.text).toBe(pl.t('start.registered', { name: 'Ola' }));
    expect(await influencerOf(sender, 'whatsapp')).toMatchObject({ display_name: 'Ola', country: 'PL', payout_currency: 'PLN' });
  });

  it('lets the person change the proposed name and country, and shows the full terms, before anything is stored', async () => {
    const es = translator('es');
    const sender = newSender();
    const options = { channel: 'whatsapp' as const, chatId: sender, languageHint: 'es', senderName: '🌴', countryHint: 'FR' };
    await h.say(sender, '/start', options);
    // The full terms in Spanish: what is kept and why, holds, payouts with the minimum in euros, /deleteme and /export.
    const terms = await h.say(sender, '/terms', options);
    expect(terms[0]!.text).toBe(es.t('terms.text', { minimum: es.money(1000, 'EUR') }));
    expect(terms[0]!.text).toContain('/deleteme');
    expect(terms[0]!.text).toContain('/export');
    expect(terms[1]!.text).toBe(es.t('start.confirm', { name: '🌴', country: 'Francia' }));
    expect(textsOf(await h.say(sender, '/rename', options))).toBe(es.t('start.askName'));
    expect((await h.say(sender, 'Lucía', options))[0]!.text).toBe(es.t('start.confirm', { name: 'Lucía', country: 'Francia' }));
    expect((await h.say(sender, '/country', options))[0]!.text).toBe(es.t('start.askCountry', { name: 'Lucía' }));
    expect((await h.say(sender, 'España', options))[0]!.text).toBe(es.t('start.confirm', { name: 'Lucía', country: 'España' }));
    // A country typed at the proposal corrects it too.
    expect((await h.say(sender, 'Portugal', options))[0]!.text).toBe(es.t('start.confirm', { name: 'Lucía', country: 'Portugal' }));
    // "ayuda" helps and asks again; the proposal still stands.
    const help = await h.say(sender, 'ayuda', options);
    expect(textsOf(help)).toContain(es.t('help.text').split('\n')[0]!);
    expect(help[help.length - 1]!.text).toBe(es.t('start.confirm', { name: 'Lucía', country: 'Portugal' }));
    expect(await influencerOf(sender, 'whatsapp')).toBeUndefined();
    expect((await h.say(sender, '/accept', options))[0]!.text).toBe(es.t('start.registered', { name: 'Lucía' }));
    expect(await influencerOf(sender, 'whatsapp')).toMatchObject({ display_name: 'Lucía', country: 'PT' });
  });

  it('stops at the proposal on "cancel" in the person\'s language, and a name it cannot use is asked for', async () => {
    const ru = translator('ru');
    const sender = newSender();
    // Only control characters: nothing to propose, so the name is asked.
    expect(textsOf(await h.say(sender, '/start', { languageHint: 'ru', senderName: '\u202e\u0000' }))).toContain(ru.t('start.askName'));
    await h.say(sender, 'Аня', { languageHint: 'ru' });
    await h.say(sender, 'RU', { languageHint: 'ru' });
    expect((await h.say(sender, 'отмена', { languageHint: 'ru' }))[0]!.text).toBe(ru.t('cancelled'));
    expect(await influencerOf(sender)).toBeUndefined();
  });

  it('shows the terms to anyone who asks, registered or not, in their language', async () => {
    const fr = translator('fr');
    const sender = newSender();
    expect((await h.say(sender, '/terms', { languageHint: 'fr' }))[0]!.text).toBe(fr.t('terms.text', { minimum: fr.money(1000, 'EUR') }));
    await h.register(sender, { language: 'pl', country: 'PL' });
    const pl = translator('pl');
    expect((await h.say(sender, '/terms'))[0]!.text).toBe(pl.t('terms.text', { minimum: pl.money(1000, 'PLN') }));
  });
});
