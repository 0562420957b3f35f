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

describe('/start: registration in three questions', () => {
  it('asks for a name, a country and the terms, in the language of the client, then registers', async () => {
    const ru = translator('ru');
    const sender = newSender();
    const hello = await h.say(sender, '/start', { languageHint: 'ru-RU' });
    expect(textsOf(hello)).toContain(ru.t('start.welcome'));
    expect(textsOf(hello)).toContain(ru.t('start.askName'));

    const country = await h.say(sender, '  Аня  Петрова ', { languageHint: 'ru-RU' });
    expect(country[0]!.text).toBe(ru.t('start.askCountry', { name: 'Аня Петрова' }));
    expect(country[0]!.buttons?.map((b) => b.label)).toContain('Россия');

    const terms = await h.say(sender, 'Россия', { languageHint: 'ru-RU' });
    expect(terms[0]!.text).toBe(ru.t('start.askTerms'));
    expect(terms[0]!.buttons).toEqual([{ label: ru.t('start.accept'), action: '/accept' }, { label: ru.t('start.decline'), action: '/decline' }]);
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
    expect((await h.say(sender, 'france'))[0]!.text).toBe(en.t('start.askTerms'));
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
});
