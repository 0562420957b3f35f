import { LANGUAGE_NAMES, LANGUAGES, parseLanguage } from '../../../core/i18n/languages.ts';
import { translator, type Translator } from '../../../core/i18n/translator.ts';
import { DEFAULT_SETTLEMENT_POLICY } from '../../../core/settlement/settlement.ts';
import { commandWordFor } from '../command-words.ts';
import { PUBLIC_COMMANDS, type PublicCommandName } from '../parser.ts';
import { quote, text, withButtons, type AccountTurn, type Turn } from '../deps.ts';
import { forgetSessions, saveConversation } from '../sessions.ts';
import type { Reply } from '../types.ts';

/** How long a stranger's /lang choice is remembered before they register. */
const LANGUAGE_CHOICE_TTL_S = 24 * 60 * 60;

export const languageChoiceKey = (turn: Turn) => `lang:${turn.sessionKey}`;

export function helpCommand(turn: Turn): Reply[] {
  const help = turn.i18n.t('help.text');
  // WhatsApp people type without the slash: the help shows the words of their own language.
  if (turn.message.channel !== 'whatsapp') return [text(help)];
  return [text(help.replace(/\/([a-z]+)\b/g, (slashed, name: string) => (
    (PUBLIC_COMMANDS as readonly string[]).includes(name) ? commandWordFor(name as PublicCommandName, turn.language) : slashed
  )))];
}

/** The five languages as buttons; with an unknown `input`, says so first. */
export function languageChoice(i18n: Translator, input: string): Reply {
  const buttons = LANGUAGES.map((language) => ({ label: LANGUAGE_NAMES[language], action: `/lang ${language}` }));
  if (input.trim() === '') return withButtons(i18n.t('lang.choose'), buttons);
  const list = LANGUAGES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(', ');
  return withButtons(i18n.t('lang.unknown', { input: quote(input), list }), buttons);
}

/** `/lang CODE`: stored on the influencer (or remembered for a stranger); the answer already speaks it. */
export async function langCommand(turn: Turn, args: string): Promise<Reply[]> {
  const language = parseLanguage(args);
  if (!language) return [languageChoice(turn.i18n, args)];
  if (turn.account) await turn.deps.accounts.updateLanguage(turn.account.id, language);
  else await turn.deps.sessions.set(languageChoiceKey(turn), language, LANGUAGE_CHOICE_TTL_S);
  return [text(translator(language).t('lang.changed'))];
}

/**
 * `/invite`: the influencer's personal invite. On Telegram a deep link that opens the bot with
 * `/start ref_<code>`; on WhatsApp a wa.me link to the bot with "start ref_<code>" typed in; elsewhere
 * the words to send to the bot.
 */
export async function inviteCommand(turn: AccountTurn): Promise<Reply[]> {
  const { i18n, account, message } = turn;
  const percent = i18n.percentBps(DEFAULT_SETTLEMENT_POLICY.overrideBps);
  const days = DEFAULT_SETTLEMENT_POLICY.overrideDays;
  if (message.channel === 'telegram' && message.botUsername) {
    const link = `https://t.me/${message.botUsername}?start=ref_${account.recruitCode}`;
    const shareUrl = `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(i18n.t('invite.share'))}`;
    return [withButtons(i18n.t('invite.text', { days, percent, link }), [{ label: i18n.t('deal.share'), url: shareUrl }])];
  }
  if (message.channel === 'whatsapp' && message.botPhone) {
    // wa.me opens a chat with the bot, the first message already typed.
    const link = `https://wa.me/${message.botPhone}?text=${encodeURIComponent(`start ref_${account.recruitCode}`)}`;
    return [text(i18n.t('invite.text', { days, percent, link }))];
  }
  return [text(i18n.t('invite.textWhatsapp', { days, percent, code: account.recruitCode }))];
}

/** `/deleteme`: asks first; nothing happens until the person confirms. */
export async function deleteMeCommand(turn: AccountTurn): Promise<Reply[]> {
  await saveConversation(turn, { flow: 'delete_confirm' });
  return [withButtons(turn.i18n.t('deleteme.confirm'), [
    { label: turn.i18n.t('deleteme.yes'), action: '/confirmdelete' },
    { label: turn.i18n.t('deleteme.no'), action: '/cancel' },
  ])];
}

/** The confirmed `/deleteme`: anonymises the influencer (core/privacy/erasure.service.ts) and forgets the conversation. */
export async function confirmDeleteMe(turn: AccountTurn): Promise<Reply[]> {
  await turn.deps.erasure.anonymise(`influencer:${turn.account.id}`, turn.account.id);
  await forgetSessions(turn);
  return [text(turn.i18n.t('deleteme.done'))];
}
