import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, Reply } from '../../bots/engine/index.ts';
import { BUTTON_COMMANDS, PUBLIC_COMMANDS, parseInput } from '../../bots/engine/parser.ts';
import type { ChatChannel } from '../../core/influencers/influencer-accounts.service.ts';
import { LANGUAGES, parseLanguage, resolveLanguage, type Language } from '../../core/i18n/languages.ts';
import { CATALOGS, translator } from '../../core/i18n/translator.ts';
import { createBotWorld, type BotWorld, type Standing } from './bot-world.ts';
import { languagesIn } from './chat-language.ts';
import { anyText, hostileText, NASTY_TEXTS } from './hostile-values.ts';
import { leaksIn, preview } from './response-checks.ts';

// Every command the engine knows (read from its parser, so a new one is fuzzed too), sent by
// strangers and by influencers of every standing, in every language, on every channel, with
// hostile arguments. Each message gets a reply: non-empty text in the person's language,
// never a raw message key, an unfilled placeholder, "undefined", or a stack trace.
// FUZZ_RUNS=200 FUZZ_SEED=… digs deeper or replays.

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const BOT = 'dealcast_test_bot';
const COMMANDS = [...PUBLIC_COMMANDS, ...BUTTON_COMMANDS];
/** Dotted catalog keys ("error.validation"): one in a reply is a text that was never looked up. */
const MESSAGE_KEYS = Object.keys(CATALOGS.en).filter((key) => key.includes('.'));
const APOLOGIES = new Set(LANGUAGES.map((l) => translator(l).t('error.internal')));

let world: BotWorld;
beforeAll(async () => { world = await createBotWorld(); });
afterAll(async () => { await world?.close(); });

/** Who writes, where, in which client language. */
interface Sender { standing: Standing; language: Language; hint: string | undefined; channel: ChatChannel; group: boolean }
const sender: fc.Arbitrary<Sender> = fc.record({
  standing: fc.constantFrom<Standing>('stranger', 'active', 'active', 'pending', 'suspended'),
  language: fc.constantFrom(...LANGUAGES),
  // The client's language: usually the person's, sometimes another or none our catalogs have.
  hint: fc.oneof({ arbitrary: fc.constant('same'), weight: 3 }, { arbitrary: fc.constantFrom<string | undefined>(...LANGUAGES, 'pt-BR', 'zh', '', undefined), weight: 1 }),
  channel: fc.constantFrom<ChatChannel>('telegram', 'telegram', 'whatsapp', 'playground'),
  // Mostly private chats; in a group, a message addressed to the bot.
  group: fc.nat(3).map((n) => n === 0),
});

/** Arguments: hostile text, or real products, brands, periods, languages and codes, with hostile tails. */
const args = () => fc.oneof(
  { arbitrary: hostileText, weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...world.refs.products, ...world.refs.brands), fc.oneof(fc.constant(''), anyText(20), fc.constantFrom(...NASTY_TEXTS))).map(([ref, tail]) => `${ref} ${tail}`.trim()), weight: 3 },
  { arbitrary: fc.constantFrom('7d', '30d', 'all', '365d', '-1d', 'en', 'ru', 'FR', 'Polski', 'español', 'xx', `ref_${world.refs.recruitCode}`, 'ref_nobody', '1', '0', '-1', '99999999999999999999'), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
);

/** The command as people type it: with a slash, the bot's name, a product glued on, shouting, or (WhatsApp) no slash. */
function typed(command: string, a: string, channel: ChatChannel): fc.Arbitrary<string> {
  const tail = a === '' ? '' : ` ${a}`;
  const forms = [`/${command}${tail}`, `/${command}@${BOT}${tail}`, `/${command.toUpperCase()}${tail}`];
  if (channel !== 'telegram') forms.push(`${command}${tail}`);
  if (['link', 'qr', 'poster', 'insta', 'pick'].includes(command)) forms.push(`/${command}_${world.refs.products[0]}${tail}`);
  return fc.constantFrom(...forms);
}

interface Sent { text: string; expected: Language }

async function say(who: { senderId: string; channel: ChatChannel; group: boolean; hint: string | undefined }, text: string): Promise<Reply[]> {
  const message: IncomingMessage = {
    channel: who.channel, senderId: who.senderId, chatId: who.group ? `-100${who.senderId}` : who.senderId, chatType: who.group ? 'group' : 'private',
    text, botUsername: BOT, ...(who.hint === undefined ? {} : { languageHint: who.hint }), ...(who.group ? { addressedToBot: true } : {}),
  };
  return world.engine.handle(message);
}

/** What is wrong with the replies to one message; nothing when they are what a person may read. */
function replyProblems(replies: Reply[], sent: Sent, allowed: readonly Language[]): string[] {
  // `/cmd@OtherBot` is another bot's business: silence is the answer.
  if (replies.length === 0) return parseInput(sent.text, { bareWords: false, botUsername: BOT }).kind === 'other_bot' ? [] : ['no reply'];
  const problems: string[] = [];
  const echoed = (pattern: RegExp) => pattern.test(sent.text);
  for (const reply of replies) {
    const texts = [reply.text, ...(reply.buttons ?? []).map((b) => b.label)];
    if (typeof reply.text !== 'string' || reply.text.trim() === '') problems.push(`an empty ${reply.kind} reply`);
    if ((reply.buttons ?? []).some((b) => b.label.trim() === '')) problems.push('a button without a label');
    if (reply.text.length > 4096) problems.push(`a reply of ${reply.text.length} characters`);
    if (APOLOGIES.has(reply.text)) problems.push('the apology for an unexpected failure');
    for (const t of texts) {
      for (const pattern of [/\bundefined\b/, /\bNaN\b/, /\bnull\b/, /\[object \w+\]/, /\{\w+\}/]) if (pattern.test(t) && !echoed(pattern)) problems.push(`"${pattern.exec(t)![0]}" in "${preview(t, 200)}"`);
      for (const key of MESSAGE_KEYS) if (t.includes(key) && !sent.text.includes(key)) problems.push(`the raw message key ${key}`);
      problems.push(...leaksIn(t, sent.text));
    }
  }
  const spoken = languagesIn(replies.map((r) => r.text).join('\n'), sent.text);
  if (!spoken.includes(sent.expected)) problems.push(`no words of ${sent.expected} (found ${spoken.join(', ') || 'none'})`);
  const foreign = spoken.filter((l) => !allowed.includes(l));
  if (foreign.length > 0) problems.push(`words of ${foreign.join(', ')} in a reply to a ${sent.expected} speaker`);
  return problems;
}

/** The language the reply must speak: the person's, or the one `/lang` just chose (in a private chat). */
function languageAfter(text: string, current: Language, who: { channel: ChatChannel; group: boolean }): Language {
  const input = parseInput(text, { bareWords: who.channel !== 'telegram', botUsername: BOT });
  if (who.group || input.kind !== 'command' || input.command !== 'lang') return current;
  return parseLanguage(input.args) ?? current;
}

async function newPerson(s: Sender) {
  const hint = s.hint === 'same' ? s.language : s.hint;
  const senderId = await world.person(s.standing, s.language, s.channel);
  const language = s.standing === 'stranger' ? resolveLanguage(hint) : s.language;
  return { who: { senderId, channel: s.channel, group: s.group, hint }, language };
}

function fail(label: string, texts: string[], replies: Reply[], problems: string[]): never {
  throw new Error(`${label}: ${problems.join('; ')}\nsent: ${texts.map((t) => JSON.stringify(preview(t, 200))).join(' → ')}\n`
    + `replies: ${replies.map((r) => `[${r.kind}] ${preview(r.text, 300)}`).join('\n         ')}\nlogged: ${world.logged.slice(-3).join('')}`);
}

describe('every command, any arguments, any person: a polite reply in their language', () => {
  it('the engine knows the commands of the README', () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(19);
  });

  for (const command of COMMANDS) {
    it(`/${command}`, async () => {
      const message = sender.chain((s) => args().chain((a) => typed(command, a, s.channel)).map((text) => ({ s, text })));
      await fc.assert(fc.asyncProperty(message, async ({ s, text }) => {
        const { who, language } = await newPerson(s);
        const logged = world.logged.length;
        const expected = languageAfter(text, language, who);
        const replies = await say(who, text);
        const problems = replyProblems(replies, { text, expected }, [expected]);
        problems.push(...world.logged.slice(logged).map((line) => `logged: ${preview(line, 300)}`));
        if (problems.length > 0) fail(`/${command} from a ${s.standing} ${language} speaker on ${s.channel}${s.group ? ' (group)' : ''}`, [text], replies, problems);
      }), { numRuns: RUNS, seed: SEED });
    }, 120_000);
  }
});

describe('anything else a person sends', () => {
  it('unknown commands, free text and pasted links', async () => {
    const text = fc.oneof(
      hostileText,
      fc.tuple(fc.oneof(anyText(30), fc.constantFrom('unknown', 'start_', 'linkx', 'ПОМОЩЬ', 'ayuda', '_', '1')), hostileText).map(([w, a]) => `/${w} ${a}`),
      fc.tuple(fc.constantFrom(...world.refs.products.filter((p) => p.startsWith('http')), 'https://shop.example/other', 'http://127.0.0.1/x'), hostileText).map(([url, a]) => `${a} ${url} ${a}`),
    );
    await fc.assert(fc.asyncProperty(sender, text, async (s, t) => {
      const { who, language } = await newPerson(s);
      const logged = world.logged.length;
      const replies = await say(who, t);
      const problems = replyProblems(replies, { text: t, expected: language }, [language]);
      problems.push(...world.logged.slice(logged).map((line) => `logged: ${preview(line, 300)}`));
      if (problems.length > 0) fail(`a ${s.standing} ${language} speaker on ${s.channel}`, [t], replies, problems);
    }), { numRuns: RUNS * 4, seed: SEED });
  }, 120_000);

  it('short conversations: a command, then whatever comes next (answers to its questions included)', async () => {
    const step = fc.oneof(fc.constantFrom(...COMMANDS).chain((c) => args().map((a) => `/${c} ${a}`.trim())), hostileText, fc.constantFrom('yes', 'oui', 'да', 'tak', 'sí', 'FR', 'PL', '/accept', '/confirmdelete', '/cancel'));
    const conversation = fc.tuple(fc.constantFrom(...COMMANDS).map((c) => `/${c}`), fc.array(step, { minLength: 1, maxLength: 3 })).map(([first, rest]) => [first, ...rest]);
    await fc.assert(fc.asyncProperty(sender.map((s) => ({ ...s, group: false })), conversation, async (s, texts) => {
      const { who, language } = await newPerson(s);
      // Registration, deletion and /lang move the language mid-way: any language the person has chosen so far may be spoken.
      const chosen = new Set<Language>([language]);
      for (const t of texts) {
        const lang = parseInput(t, { bareWords: false, botUsername: BOT });
        if (lang.kind === 'command' && lang.command === 'lang') { const l = parseLanguage(lang.args); if (l) chosen.add(l); }
        // After /deleteme the bot knows nothing of the person: it speaks their app's language again.
        if (!(await world.hasAccount(who.senderId, who.channel))) chosen.add(resolveLanguage(who.hint));
        const logged = world.logged.length;
        const replies = await say(who, t);
        const problems = replyProblems(replies, { text: t, expected: [...chosen].at(-1)! }, [...chosen]).filter((p) => !p.startsWith('no words of') || chosen.size === 1);
        problems.push(...world.logged.slice(logged).map((line) => `logged: ${preview(line, 300)}`));
        if (problems.length > 0) fail(`a ${s.standing} ${language} speaker on ${s.channel}`, texts, replies, problems);
      }
    }), { numRuns: RUNS * 2, seed: SEED });
  }, 120_000);
});
