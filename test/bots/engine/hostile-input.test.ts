import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../core/i18n/translator.ts';
import type { Reply } from '../../../bots/engine/index.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 3000;
const newSender = () => String(nextId++);
const pl = translator('pl');
const LONG = 'ż'.repeat(10_000);
const SQL = "'; DROP TABLE influencers; --";
const HTML = '<b>hi</b><script>alert(1)</script>';
const RTL = 'مرحبا بالعالم ‏שלום‎';

let lampId: string;

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  const brand = await h.make.brand(vendor.id, { name: 'Lumio' });
  lampId = (await h.make.product(brand, { title: 'Lampa biurkowa 💡' })).id;
});
afterAll(async () => { await h?.close(); });

/** Nothing went wrong on our side, and nothing huge came back. */
function expectPolite(replies: Reply[]) {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    expect(reply.text).not.toBe(pl.t('error.internal'));
    expect(reply.text.length).toBeLessThan(4096);
    expect(reply.text).not.toMatch(/Error|at .*\.ts:\d+/);
  }
}

describe('hostile input gets a polite reply in the person’s language, never a crash', () => {
  it('during registration: huge, empty, emoji, right-to-left, SQL- and HTML-like answers', async () => {
    const sender = newSender();
    const say = (text: string) => h.say(sender, text, { languageHint: 'pl' });
    expectPolite(await say('/start'));
    expect((await say(LONG))[0]!.text).toBe(pl.t('start.nameInvalid', { max: 64 }));
    expect((await say(''))[0]!.text).toBe(pl.t('start.nameInvalid', { max: 64 }));
    expect((await say(SQL))[0]!.text).toBe(pl.t('start.askCountry', { name: SQL }));
    expect((await say(HTML))[0]!.text).toBe(pl.t('start.countryInvalid', { input: HTML }));
    expect((await say(RTL))[0]!.text).toMatch(/^Nie znam kraju „مرحبا/);
    expectPolite(await say('PL'));
    expectPolite(await say('/accept'));
    const stored = await h.database.db.selectFrom('influencers').select('display_name').where('display_name', '=', SQL).execute();
    expect(stored).toHaveLength(1);
    await sql`SELECT count(*) FROM influencers`.execute(h.database.db);
  });

  it('after registration: 10,000 characters, emoji, RTL, SQL and HTML in every command', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'pl', name: RTL });
    const say = (text: string) => h.say(sender, text, { languageHint: 'pl' });
    const inputs = [LONG, `/${LONG}`, `/link ${LONG}`, `/search ${LONG}`, `/deals ${LONG}`, `/join ${LONG}`, `/stats ${LONG}`, `/lang ${LONG}`,
      SQL, `/link ${SQL}`, `/search ${SQL}`, `/deals ${SQL}`, `/join ${SQL}`, `/start ${SQL}`,
      HTML, `/link ${HTML}`, `/search ${HTML}`, `/join ${HTML}`,
      '🔥🔥🔥', '/search 🎧', `/search ${RTL}`, `/link #${lampId} ${RTL}`, '\u0000\u0001\u0002', '\ud800 lone surrogate', '/'.repeat(100)];
    for (const input of inputs) expectPolite(await say(input));

    expect((await say(`/link ${LONG}`))[0]!.text).toBe(pl.t('link.unknownProduct', { input: `${'ż'.repeat(39)}…` }));
    expect((await say(`/link ${SQL}`))[0]!.text).toBe(pl.t('link.unknownProduct', { input: "';" }));
    expect((await say(`/join ${HTML}`))[0]!.text).toBe(pl.t('join.unknown', { input: HTML }));
    expect((await say(`/${LONG}`))[0]!.text).toBe(pl.t('unknownCommand', { command: 'ż'.repeat(32) }));
    expect((await say(HTML))[0]!.text).toBe(pl.t('freeText'));
    const rtlLink = await say(`/link #${lampId} ${RTL}`);
    expect(rtlLink[1]!.text).toContain('مرحبا بالعالم');
    // Every table is still there.
    const tables = await sql<{ n: string }>`SELECT count(*)::text AS n FROM influencers`.execute(h.database.db);
    expect(Number(tables.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('answers commands with missing or extra arguments with their usage', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'pl' });
    const say = (text: string) => h.say(sender, text, { languageHint: 'pl' });
    expect((await say('/link'))[0]!.text).toBe(pl.t('link.usage'));
    expect((await say('/search'))[0]!.text).toBe(pl.t('search.usage'));
    expect((await say('/join'))[0]!.text).toMatch(/^Która marka\?/);
    expect((await say('/stats 7d 30d'))[0]!.text).toBe(pl.t('stats.usage'));
    expect((await say('/link_424242 family chat with extra words'))[0]!.text).toBe(pl.t('link.unknownProduct', { input: '#424242' }));
    // A bare number is a number of the last list, and there is none.
    expect((await say('/link 424242 family chat'))[0]!.text).toBe(pl.t('deals.expired'));
    expectPolite(await say('/balance please now'));
    expectPolite(await say('/help me please'));
    expectPolite(await say('/start again and again'));
    expectPolite(await say('/lang pl fr'));
    expectPolite(await say('/accept'));
    expectPolite(await say('/next'));
    expectPolite(await say('/group'));
    expectPolite(await say('/confirmdelete'));
    expect((await say('/cancel'))[0]!.text).toBe(pl.t('deleteme.cancelled'));
  });

  it('in groups, answers only what is addressed to it, and sends people to a private chat', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'pl' });
    const group = { chatType: 'group' as const, chatId: '-100200300', languageHint: 'pl' };
    expect(await h.say(sender, 'just chatting with friends', { ...group, addressedToBot: false })).toEqual([]);
    expect(await h.say(sender, '/start@some_other_bot', { ...group, addressedToBot: true })).toEqual([]);
    const balance = await h.say(sender, '/balance@dealcast_test_bot', { ...group, addressedToBot: true });
    expect(balance).toEqual([{
      kind: 'buttons', text: pl.t('groupOnly', { command: 'balance', bot: 'dealcast_test_bot' }),
      buttons: [{ label: pl.t('openChat'), url: 'https://t.me/dealcast_test_bot' }],
    }]);
    expect((await h.say(sender, '/help', { ...group, addressedToBot: true }))[0]!.text).toBe(pl.t('help.text'));
    expect((await h.say(sender, `/link ${LONG}`, { ...group, addressedToBot: true, channel: 'whatsapp' }))[0]!.text)
      .toBe(pl.t('groupOnlyWhatsAppNoLink', { word: 'link' }));
    // WhatsApp people type words: the hint names the Polish word, never the English command.
    const stats = (await h.say(sender, '/stats', { ...group, addressedToBot: true, channel: 'whatsapp' }))[0]!.text;
    expect(stats).toContain('„statystyki”');
    expect(stats).not.toContain('/stats');
  });

  it('rate limits a flood of 100 messages: answers the first 30, says so once, then stays quiet for the window', async () => {
    const limited30 = await createEngineHarness({ rateLimit: { max: 30, windowMs: 60_000 } });
    try {
      await flood(limited30);
    } finally {
      await limited30.close();
    }
  });
});

async function flood(h: EngineHarness) {
  {
    const sender = newSender();
    await h.register(sender, { language: 'pl' });
    const before = await h.say(sender, '/help', { languageHint: 'pl' });
    expect(before[0]!.text).toBe(pl.t('help.text'));
    const answers: Reply[][] = [];
    for (let i = 0; i < 100; i++) answers.push(await h.say(sender, `/search lampa ${i}`, { languageHint: 'pl' }));
    // Registration took 4 messages and /help one: 25 more are answered.
    const answered = answers.filter((a) => a.length > 0 && !a[0]!.text.startsWith('Wysyłasz wiadomości zbyt szybko'));
    const limited = answers.filter((a) => a.length > 0 && a[0]!.text.startsWith('Wysyłasz wiadomości zbyt szybko'));
    expect(answered).toHaveLength(25);
    expect(limited).toHaveLength(1);
    expect(limited[0]![0]!.text).toMatch(/Poczekaj \d+ sekund[ya]? i spróbuj ponownie\.$/);
    expect(answers.filter((a) => a.length === 0)).toHaveLength(74);
    // Someone else is not slowed down by it.
    expectPolite(await h.say(newSender(), '/help', { languageHint: 'pl' }));
  }
}
