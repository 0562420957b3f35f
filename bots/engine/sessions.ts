import type { Language } from '../../core/i18n/languages.ts';
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
}

/** A half-finished registration waits half an hour; a question or a list a little less. */
export const CONVERSATION_TTL_S = 30 * 60;
export const LISTING_TTL_S = 60 * 60;

export const conversationOf = (turn: Turn) => turn.deps.sessions.get<Conversation>(`conv:${turn.sessionKey}`);
export const saveConversation = (turn: Turn, conversation: Conversation) =>
  turn.deps.sessions.set(`conv:${turn.sessionKey}`, conversation, CONVERSATION_TTL_S);
export const endConversation = (turn: Turn) => turn.deps.sessions.delete(`conv:${turn.sessionKey}`);

export const listingOf = (turn: Turn) => turn.deps.sessions.get<Listing>(`list:${turn.sessionKey}`);
export const saveListing = (turn: Turn, listing: Listing) => turn.deps.sessions.set(`list:${turn.sessionKey}`, listing, LISTING_TTL_S);

/** Forgets everything about a person's conversations (after /deleteme). */
export const forgetSessions = (turn: Turn) => turn.deps.sessions.delete(`conv:${turn.sessionKey}`, `list:${turn.sessionKey}`);
