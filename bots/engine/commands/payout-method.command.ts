import type { Translator } from '../../../core/i18n/translator.ts';
import {
  isPayoutMethodKind, maskPayoutAccount, parsePayoutMethod, payoutMethodsForCountry, type PayoutMethod, type PayoutMethodKind,
} from '../../../core/payouts/payout-method.ts';
import { text, withButtons, type AccountTurn } from '../deps.ts';
import { endConversation, saveConversation } from '../sessions.ts';
import type { Reply } from '../types.ts';

/** "IBAN PL61 **** **** 2874": a method as chat shows it, never in full. */
export function maskedMethod(i18n: Translator, method: PayoutMethod): string {
  return `${i18n.t(`payout.kind.${method.kind}`)} ${maskPayoutAccount(method)}`;
}

/** "Where should your money go?" with the methods that fit the person's country, the usual one first. */
export function methodChoice(turn: AccountTurn): Reply {
  const { i18n } = turn;
  return withButtons(i18n.t('payout.askMethod'), payoutMethodsForCountry(turn.account.country).map((kind) => ({
    label: i18n.t(`payout.method.${kind}`), action: `/payout ${kind}`,
  })));
}

/** The question for the account of a method (the IBAN, the BLIK phone, the PayPal e-mail); the answer comes back as the conversation's text. */
export async function askPayoutAccount(turn: AccountTurn, kind: PayoutMethodKind): Promise<Reply[]> {
  await saveConversation(turn, { flow: 'payout_method', kind });
  const question = { iban: 'payout.askIban', blik: 'payout.askBlik', paypal: 'payout.askPaypal' } as const;
  return [text(turn.i18n.t(question[kind]))];
}

/**
 * `/payout iban|blik|paypal|change`: the person picks or changes where their money goes; any
 * other argument is not for this (undefined: the plain `/payout`).
 */
export async function payoutMethodArgument(turn: AccountTurn, args: string): Promise<Reply[] | undefined> {
  const word = args.trim().toLowerCase();
  if (word === '' || !turn.deps.payoutMethods) return undefined;
  if (isPayoutMethodKind(word)) return askPayoutAccount(turn, word);
  if (word === 'change') return [methodChoice(turn)];
  return undefined;
}

/**
 * The account typed after the question: checked (an IBAN's length and mod-97 check digits, a
 * +48 BLIK number, an e-mail) and kept encrypted, then shown back masked. A mistake is told
 * politely, in the person's language, and the question stays open: nothing is stored.
 */
export async function answerPayoutAccount(turn: AccountTurn, kind: PayoutMethodKind, answer: string): Promise<Reply[]> {
  const { i18n, deps } = turn;
  if (!deps.payoutMethods) return [];
  const parsed = parsePayoutMethod(kind, answer);
  if (!parsed.ok) return [text(i18n.t(`payout.invalid.${parsed.problem}`))];
  await deps.payoutMethods.save(turn.account.id, parsed.method);
  await endConversation(turn);
  return [text(i18n.t('payout.saved', { method: maskedMethod(i18n, parsed.method) }))];
}

/** Under `/payout`'s answer: where the money goes and a way to change it, or the question when nothing is set. */
export async function payoutMethodFooter(turn: AccountTurn): Promise<Reply[]> {
  const { i18n, deps } = turn;
  if (!deps.payoutMethods) return [];
  const method = await deps.payoutMethods.find(turn.account.id);
  if (!method) return [methodChoice(turn)];
  return [withButtons(i18n.t('payout.current', { method: maskedMethod(i18n, method) }), [{ label: i18n.t('payout.change'), action: '/payout change' }])];
}
