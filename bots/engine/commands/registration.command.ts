import { parseLanguage } from '../../../core/i18n/languages.ts';
import { translator } from '../../../core/i18n/translator.ts';
import {
  cleanDisplayName, countryName, MAX_DISPLAY_NAME_LENGTH, parseCountry, parseRecruitArgument, registerInfluencer,
} from '../../../core/influencers/influencer-accounts.service.ts';
import { payoutCurrencyForCountry } from '../../../core/money/country-currency.ts';
import { payoutMinimum } from '../../../core/settlement/settlement.ts';
import { standingReply, text, withButtons, quote, type Turn } from '../deps.ts';
import type { ParsedInput } from '../parser.ts';
import { languageChoice } from './account.command.ts';
import { endConversation, saveConversation, type Conversation } from '../sessions.ts';
import type { Button, Reply } from '../types.ts';

type Registration = Extract<Conversation, { flow: 'register' }>;

/** The countries offered as buttons, the person's own language's country first. */
const SUGGESTED_COUNTRIES: Record<string, string[]> = {
  en: ['FR', 'ES', 'PL', 'RU', 'DE', 'IT'],
  ru: ['RU', 'FR', 'ES', 'PL', 'DE', 'IT'],
  fr: ['FR', 'ES', 'PL', 'RU', 'BE', 'CH'],
  es: ['ES', 'FR', 'PL', 'RU', 'PT', 'IT'],
  pl: ['PL', 'FR', 'ES', 'RU', 'DE', 'CZ'],
};

/**
 * What the chat app already told us: the name the person gave it (Telegram's first and last
 * name, WhatsApp's push name) and the country it implies (a WhatsApp number's calling code).
 * Registration proposes them instead of asking; either is left out when unusable.
 */
function knownProfile(turn: Turn): Pick<Registration, 'name' | 'country'> {
  const name = turn.message.senderName ? cleanDisplayName(turn.message.senderName) : undefined;
  const hint = turn.message.countryHint;
  const country = hint ? parseCountry(hint, turn.language) : undefined;
  return { ...(name ? { name } : {}), ...(country ? { country } : {}) };
}

/** The first question still open: the name, then the country, then the proposal to accept. */
function firstOpenStep(registration: Pick<Registration, 'name' | 'country'>): Registration['step'] {
  if (!registration.name) return 'name';
  return registration.country ? 'terms' : 'country';
}

/** A registration from its first open step, with what the chat app already knows filled in. */
function freshRegistration(turn: Turn, language: Registration['language'], recruiterId: Registration['recruiterId']): Registration {
  const known = knownProfile(turn);
  return { flow: 'register', step: firstOpenStep(known), language, recruiterId, ...known };
}

/**
 * `/start [ref_CODE]`: a registered person is welcomed back; anyone else starts registering,
 * recruited by the owner of the code when it is valid. What the chat app knows (name, country)
 * is proposed, so that registering is one tap ("Anna, Poland: accept and start") where it
 * knows both, and one answer more where it does not.
 */
export async function startCommand(turn: Turn, args: string): Promise<Reply[]> {
  const { i18n, account } = turn;
  if (account?.status === 'pending' || account?.status === 'suspended') return [standingReply(turn)];
  if (account) return [text(i18n.t('start.welcomeBack', { name: account.displayName }))];
  const code = parseRecruitArgument(args);
  const recruiter = code ? await turn.deps.accounts.findRecruiter(code) : undefined;
  const registration = freshRegistration(turn, turn.language, recruiter?.id ?? null);
  await saveConversation(turn, registration);
  const lines = [i18n.t('start.welcome')];
  if (recruiter) lines.push(i18n.t('start.invitedBy', { name: recruiter.displayName }));
  else if (args.trim().startsWith('ref_')) lines.push(i18n.t('start.unknownInvite'));
  const ask = question(turn, registration);
  return [{ ...ask, text: [...lines, ask.text].join('\n\n') }];
}

/** `/terms`: the full terms and privacy text, in the person's language, with the payout minimum of their currency. */
export function termsReply(turn: Turn, country?: string | null): Reply {
  const i18n = translator(turn.language);
  const currency = turn.account?.payoutCurrency ?? payoutCurrencyForCountry(country ?? turn.account?.country);
  return text(i18n.t('terms.text', { minimum: i18n.money(payoutMinimum(currency), currency) }));
}

/**
 * The next answer of a registration in progress. Commands in the middle of it: `/start`
 * starts over, `/lang` switches the language and repeats the question, `/cancel` stops,
 * `/help` helps, `/terms` shows the terms, `/rename` and `/country` change what was proposed;
 * any other command asks to finish first.
 */
export async function continueRegistration(turn: Turn, registration: Registration, input: ParsedInput, help: () => Reply[]): Promise<Reply[]> {
  const i18n = translator(registration.language);
  if (input.kind === 'command') {
    switch (input.command) {
      case 'start': {
        if (input.args !== '') return startCommand(turn, input.args);
        const restarted = freshRegistration(turn, registration.language, registration.recruiterId);
        await saveConversation(turn, restarted);
        return [question(turn, restarted)];
      }
      case 'cancel':
      case 'decline':
        await endConversation(turn);
        return [text(i18n.t(input.command === 'cancel' ? 'cancelled' : 'start.declined'))];
      case 'help': return [...help(), question(turn, registration)];
      case 'lang': {
        const language = parseLanguage(input.args);
        if (!language) return [languageChoice(i18n, input.args), question(turn, registration)];
        const switched: Registration = { ...registration, language };
        await saveConversation(turn, switched);
        return [text(translator(language).t('lang.changed')), question(turn, switched)];
      }
      case 'terms': return [termsReply({ ...turn, language: registration.language }, registration.country), question(turn, registration)];
      case 'rename':
      case 'country': {
        const changing: Registration = { ...registration, step: input.command === 'rename' ? 'name' : 'country' };
        await saveConversation(turn, changing);
        return [question(turn, changing)];
      }
      case 'accept': break;
      default:
        return [text(i18n.t('start.finishFirst')), question(turn, registration)];
    }
  } else if (input.kind !== 'text') {
    return [text(i18n.t('start.finishFirst')), question(turn, registration)];
  }
  const answer = input.kind === 'text' ? input.text : '';

  switch (registration.step) {
    case 'name': {
      const name = input.kind === 'text' ? cleanDisplayName(answer) : undefined;
      if (!name) return [text(i18n.t('start.nameInvalid', { max: MAX_DISPLAY_NAME_LENGTH })), question(turn, registration)];
      const next: Registration = { ...registration, step: firstOpenStep({ ...registration, name }), name };
      await saveConversation(turn, next);
      return [question(turn, next)];
    }
    case 'country': {
      const country = input.kind === 'text' ? parseCountry(answer, registration.language) : undefined;
      if (!country) return [text(i18n.t('start.countryInvalid', { input: quote(answer) })), question(turn, registration)];
      const next: Registration = { ...registration, step: 'terms', country };
      await saveConversation(turn, next);
      return [question(turn, next)];
    }
    case 'terms': {
      const accepted = (input.kind === 'command' && input.command === 'accept') || isYes(answer, registration.language);
      if (accepted) return completeRegistration(turn, registration);
      // "Polska" typed at the proposal: a correction of the country, proposed again.
      const country = input.kind === 'text' ? parseCountry(answer, registration.language) : undefined;
      if (country) {
        const corrected: Registration = { ...registration, country };
        await saveConversation(turn, corrected);
        return [question(turn, corrected)];
      }
      return [text(i18n.t('start.termsRequired')), question(turn, registration)];
    }
  }
}

async function completeRegistration(turn: Turn, registration: Registration): Promise<Reply[]> {
  const { message } = turn;
  const account = await registerInfluencer(turn.deps.accounts, {
    displayName: registration.name!, language: registration.language, country: registration.country!,
    recruitedBy: registration.recruiterId, termsAcceptedAt: turn.deps.clock.now(),
    identity: { channel: message.channel, externalId: message.senderId, chatId: message.chatId, username: message.senderUsername ?? null },
  });
  await endConversation(turn);
  const welcome = account.status === 'pending' ? 'start.registeredPending' : 'start.registered';
  return [text(translator(account.language).t(welcome, { name: account.displayName }))];
}

/** The question of the registration's current step, in its language, with its buttons. */
export function question(turn: Turn, registration: Registration): Reply {
  const i18n = translator(registration.language);
  switch (registration.step) {
    case 'name':
      return text(i18n.t('start.askName'));
    case 'country': {
      const codes = SUGGESTED_COUNTRIES[registration.language] ?? SUGGESTED_COUNTRIES.en!;
      const buttons: Button[] = codes.map((code) => ({ label: countryName(code, registration.language), action: code }));
      return withButtons(i18n.t('start.askCountry', { name: registration.name ?? '' }), buttons);
    }
    case 'terms':
      // The proposal: what we know, one tap to accept the terms and start, and a way to change each part.
      return withButtons(i18n.t('start.confirm', { name: registration.name ?? '', country: countryName(registration.country ?? '', registration.language) }), [
        { label: i18n.t('start.acceptAndStart'), action: '/accept' },
        { label: i18n.t('start.changeName'), action: '/rename' },
        { label: i18n.t('start.changeCountry'), action: '/country' },
        { label: i18n.t('start.readTerms'), action: '/terms' },
        { label: i18n.t('start.decline'), action: '/decline' },
      ]);
  }
}

/** "yes", "да", "oui", "sí", "tak"…: what people type instead of pressing a button (WhatsApp has none). */
export function isYes(answer: string, language: Registration['language']): boolean {
  const normalized = answer.trim().toLocaleLowerCase(language).replace(/[.!]+$/, '');
  if (normalized === '') return false;
  const words = [translator(language).t('yesWords'), translator('en').t('yesWords')].join('|').split('|');
  return words.some((w) => w.trim().toLocaleLowerCase(language) === normalized);
}
