import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { SessionStore } from '../engine/index.ts';

/** The engine's "next page" button action. */
export const NEXT_PAGE_ACTION = '/next';
/** As long as the engine keeps the list being paged (bots/engine/sessions.ts LISTING_TTL_S). */
const LIST_TTL_S = 60 * 60;

/**
 * Which message of a chat shows the list its "next page" button continues: the latest one.
 * The engine pages the person's latest list, so a tap under an older one must not turn it.
 */
export interface PagedLists {
  /** Whether a "next page" tap under this message pages the current list; unknown (expired) counts as current. */
  isCurrent(chatId: number | string, messageId: number): Promise<boolean>;
  remember(chatId: number | string, messageId: number): Promise<void>;
}

export function pagedLists(sessions: SessionStore): PagedLists {
  const key = (chatId: number | string) => `tg:list:${chatId}`;
  return {
    async isCurrent(chatId, messageId) {
      const current = await sessions.get<number>(key(chatId));
      return current === undefined || current === messageId;
    },
    remember: (chatId, messageId) => sessions.set(key(chatId), messageId, LIST_TTL_S),
  };
}

/** Without a store (a bot built for a test): every list counts as current. */
export const everyListCurrent: PagedLists = { isCurrent: async () => true, remember: async () => undefined };

function keyboardOf(markup: unknown): InlineKeyboardMarkup | undefined {
  const parsed = typeof markup === 'string' ? JSON.parse(markup) as unknown : markup;
  return parsed && typeof parsed === 'object' && 'inline_keyboard' in parsed ? parsed as InlineKeyboardMarkup : undefined;
}

/** Whether a keyboard has the "next page" button. */
export function hasNextPage(markup: unknown): boolean {
  return (keyboardOf(markup)?.inline_keyboard ?? []).some((row) => row.some((b) => 'callback_data' in b && b.callback_data === NEXT_PAGE_ACTION));
}

/** The keyboard without its "next page" button (the other buttons name their product and stay valid). */
export function withoutNextPage(markup: unknown): InlineKeyboardMarkup {
  const rows = (keyboardOf(markup)?.inline_keyboard ?? [])
    .map((row) => row.filter((b) => !('callback_data' in b && b.callback_data === NEXT_PAGE_ACTION)))
    .filter((row) => row.length > 0);
  return { inline_keyboard: rows };
}
