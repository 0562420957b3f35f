import type { Language } from '../../core/i18n/languages.ts';
import type { PayoutMethodKind } from '../../core/payouts/payout-method.ts';
import type { Turn } from './deps.ts';

/** A question the bot asked and waits an answer to; one at a time per person. */
export type Conversation =
  | {
    flow: 'register';
    step: 'name' | 'country' | 'terms';
    language: Language;
    recruiterId: string | null;
    name?: string;
    country?: string;
  }
  | { flow: 'group_label'; productId: string }
  /** `/payout`: waiting for the account of this kind (an IBAN, a BLIK phone, a PayPal e-mail). */
  | { flow: 'payout_method'; kind: PayoutMethodKind }
  | { flow: 'delete_confirm' };

/** The list `/next` continues. */
export interface Listing {
  command: 'deals' | 'search';
  words: string[];
  brandId?: string;
  category?: string;
  /** What the title shows as the filter ("lumio", "earbuds"); empty for all deals. */
  label: string;
  page: number;
  /** The product ids shown so far, by their number in the list (`numbered[0]` is "1"): what `/link 3` names. */
  numbered?: string[];
}

/** A half-finished registration waits half an hour; a question or a list a little less. */
export const CONVERSATION_TTL_S = 30 * 60;
export const LISTING_TTL_S = 60 * 60;

export const conversationOf = (turn: Turn) => turn.deps.sessions.get<Conversation>(`conv:${turn.sessionKey}`);
export const saveConversation = (turn: Turn, conversation: Conversation) =>
  turn.deps.sessions.set(`conv:${turn.sessionKey}`, conversation, CONVERSATION_TTL_S);
export const endConversation = (turn: Turn) => turn.deps.sessions.delete(`conv:${turn.sessionKey}`);

/** Where a person's last list is kept: `sessionKey` is `<channel>:<sender id>` (inline mode reads it too). */
export const listingKey = (sessionKey: string) => `list:${sessionKey}`;
export const listingOf = (turn: Turn) => turn.deps.sessions.get<Listing>(listingKey(turn.sessionKey));
export const saveListing = (turn: Turn, listing: Listing) => turn.deps.sessions.set(listingKey(turn.sessionKey), listing, LISTING_TTL_S);

/** Forgets everything about a person's conversations (after /deleteme). */
export const forgetSessions = (turn: Turn) => turn.deps.sessions.delete(`conv:${turn.sessionKey}`, `list:${turn.sessionKey}`);
