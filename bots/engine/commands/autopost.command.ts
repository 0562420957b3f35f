import {
  readDailyCap, readKeywords, readPostTimes, readQuietHours, readTimeZone, type AutopostChat, type AutopostRules,
} from '../../../core/autopost/autopost.ts';
import { changeAutopostRules } from '../../../core/autopost/autopost-rules.service.ts';
import { recordChatMembership, type ChatMembershipChange } from '../../../core/autopost/chat-membership.service.ts';
import { DomainError } from '../../../core/shared/errors.ts';
import { quote, text, withButtons, type AccountTurn, type BotEngineDeps } from '../deps.ts';
import { splitFirst } from '../parser.ts';
import type { Reply } from '../types.ts';
import { chatDetailReply, chatListReply } from './autopost-view.ts';
import type { Translator } from '../../../core/i18n/translator.ts';
import type { InfluencerAccount } from '../../../core/influencers/influencer-accounts.service.ts';

/** The setting words of `/autopost N <setting> <value>`, as typed in any case. */
const SETTINGS = ['times', 'brands', 'keywords', 'quiet', 'cap', 'zone', 'on', 'off'] as const;
type Setting = (typeof SETTINGS)[number];
/** Words that clear a setting: "brands all", "keywords off", "quiet off". */
const CLEAR = new Set(['off', 'none', 'all', '-']);

/** Links that open Telegram's "add to a channel / group" picker with the bot as an admin who may post. */
function addButtons(turn: AccountTurn): NonNullable<Reply['buttons']> {
  const bot = turn.message.botUsername;
  if (!bot) return [];
  return [
    { label: turn.i18n.t('autopost.button.addChannel'), url: `https://t.me/${bot}?startchannel&admin=post_messages` },
    { label: turn.i18n.t('autopost.button.addGroup'), url: `https://t.me/${bot}?startgroup&admin=post_messages` },
  ];
}

/**
 * `/autopost`: the influencer's Telegram chats where the bot posts for them; `/autopost N` one
 * chat with buttons; `/autopost N times 09:00 13:00`, `brands`, `keywords`, `quiet`, `cap`,
 * `zone`, `on`, `off` change it. On WhatsApp it says that automatic posting is Telegram's.
 */
export async function autopostCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps } = turn;
  if (turn.message.channel === 'whatsapp') return [text(i18n.t('autopost.telegramOnly'))];
  if (!deps.autopost) return [text(i18n.t('comingSoon', { command: 'autopost' }))];
  const chats = await deps.autopost.store.listChats(turn.account.id);
  const [first, rest] = splitFirst(args);
  if (first === '') {
    if (chats.length === 0) return [withButtons(i18n.t('autopost.none'), addButtons(turn))];
    return [chatListReply(i18n, chats, await deps.deals.listBrands(turn.account.id))];
  }
  const number = /^#?\d{1,4}$/.test(first) ? Number(first.replace('#', '')) : NaN;
  if (chats.length === 0) return [withButtons(i18n.t('autopost.none'), addButtons(turn))];
  const chat = chats[number - 1];
  if (!chat) return [text(i18n.t('autopost.unknownChat', { input: quote(first), last: chats.length }))];
  if (rest === '') return [await detail(turn, chat, number)];
  const [word, value] = splitFirst(rest);
  const setting = word.toLowerCase() as Setting;
  if (!SETTINGS.includes(setting)) return [text(i18n.t('autopost.unknownSetting', { input: quote(word), number }))];
  if (chat.stoppedReason) return [await detail(turn, chat, number)];
  const patch = await readPatch(turn, setting, value);
  if ('reply' in patch) return [patch.reply];
  const changed = await changeAutopostRules({ store: deps.autopost.store, clock: deps.clock }, turn.account.id, chat, patch.rules);
  if (!changed) return [text(i18n.t('autopost.unknownChat', { input: quote(first), last: chats.length }))];
  return [await detail(turn, changed, number, i18n.t('autopost.saved'))];
}

async function detail(turn: AccountTurn, chat: AutopostChat, number: number, lead?: string): Promise<Reply> {
  const { deps, i18n } = turn;
  const [brands, posts] = await Promise.all([deps.deals.listBrands(turn.account.id), deps.autopost!.store.recentPosts(chat.id, 5)]);
  return chatDetailReply(i18n, chat, number, brands, posts, lead);
}

type Patch = { rules: Partial<AutopostRules> } | { reply: Reply };

/** One setting as typed, read into the rules it changes, or the polite reply saying what was wrong. */
async function readPatch(turn: AccountTurn, setting: Setting, value: string): Promise<Patch> {
  const { i18n } = turn;
  const clear = CLEAR.has(value.trim().toLowerCase());
  try {
    switch (setting) {
      case 'on': return { rules: { enabled: true } };
      case 'off': return { rules: { enabled: false } };
      case 'times': return { rules: { postTimes: readPostTimes(value) } };
      case 'quiet': return { rules: clear ? { quietStart: null, quietEnd: null } : readQuietHours(value) };
      case 'cap': return { rules: { dailyCap: readDailyCap(value) } };
      case 'zone': return { rules: { timeZone: readTimeZone(value) } };
      case 'keywords': return { rules: { keywords: clear ? [] : readKeywords(value) } };
      case 'brands': return clear ? { rules: { brandIds: [] } } : readBrands(turn, value);
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') return { reply: text(badInput(i18n, setting, value)) };
    throw error;
  }
}

function badInput(i18n: Translator, setting: Setting, value: string): string {
  const input = quote(value);
  switch (setting) {
    case 'times': return i18n.t('autopost.bad.times', { input });
    case 'quiet': return i18n.t('autopost.bad.quiet', { input });
    case 'cap': return i18n.t('autopost.bad.cap', { input, max: 48 });
    case 'zone': return i18n.t('autopost.bad.zone', { input });
    default: return i18n.t('autopost.bad.keywords', { max: 10 });
  }
}

/** Brands by name or slug, comma-separated: each one the influencer joined. */
async function readBrands(turn: AccountTurn, value: string): Promise<Patch> {
  const { i18n, deps } = turn;
  const refs = value.split(/[,;]+/).map((r) => r.trim()).filter(Boolean).slice(0, 10);
  if (refs.length === 0) return { reply: text(i18n.t('autopost.bad.brands')) };
  const ids: string[] = [];
  for (const ref of refs) {
    const brand = await deps.deals.findBrand(turn.account.id, ref);
    if (!brand) return { reply: text(i18n.t('autopost.bad.unknownBrand', { input: quote(ref) })) };
    if (brand.membership !== 'approved') return { reply: text(i18n.t('autopost.bad.notJoined', { brand: brand.name, slug: brand.slug })) };
    if (!ids.includes(brand.id)) ids.push(brand.id);
  }
  return { rules: { brandIds: ids } };
}

/**
 * The bot's rights in a Telegram chat changed: a chat where an active influencer let it post is
 * recorded for them, and they are told in private how to set it up; a lost right stops the chat
 * (its owner is told by a notification, once). Answers what goes to the sender's private chat.
 */
export async function chatMembershipReplies(
  deps: BotEngineDeps, account: InfluencerAccount | undefined, i18n: Translator, change: ChatMembershipChange,
): Promise<Reply[]> {
  if (!deps.autopost) return [];
  const influencer = account && account.status === 'active' ? { id: account.id, country: account.country } : undefined;
  const outcome = await recordChatMembership({ ...deps.autopost, clock: deps.clock }, influencer, change);
  if (outcome.kind !== 'recorded' || !outcome.fresh || !influencer) return [];
  const chats = await deps.autopost.store.listChats(influencer.id);
  const number = chats.findIndex((c) => c.id === outcome.chat.id) + 1;
  const { chat } = outcome;
  const body = i18n.t('autopost.added', { chat: quote(chat.title, 80), times: chat.postTimes.join(', '), zone: chat.timeZone, number });
  return [withButtons(body, [{ label: i18n.t('autopost.button.setUp'), action: `/autopost ${number}` }])];
}
