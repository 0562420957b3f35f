import type { Timers } from '../timers.ts';

/**
 * What the numbers of the bot's last numbered options mean, per chat: the person answers "2"
 * and the bot reads the second option's action, as if a button had been pressed. Options of a
 * later turn replace them; a turn without options forgets them; they expire after a while.
 * Kept in memory: one WhatsApp number is served by one process.
 */
export interface NumberedOptions {
  remember(chatId: string, actions: string[]): void;
  /** The action a bare number stands for in this chat; undefined for anything else. */
  resolve(chatId: string, text: string): string | undefined;
}

export function createNumberedOptions(timers: Timers, options: { ttlMs?: number; maxChats?: number } = {}): NumberedOptions {
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const maxChats = options.maxChats ?? 50_000;
  const byChat = new Map<string, { actions: string[]; until: number }>();
  return {
    remember(chatId, actions) {
      byChat.delete(chatId);
      if (actions.length === 0) return;
      byChat.set(chatId, { actions, until: timers.now() + ttlMs });
      // The map keeps insertion order: the first entry is the least recently answered chat.
      if (byChat.size > maxChats) byChat.delete(byChat.keys().next().value!);
    },
    resolve(chatId, text) {
      // "2", "2.", or the keycap "2️⃣" copied from the options.
      const match = /^\s*(\d{1,3})\s*[.)]?\s*$/.exec(text.replace(/\uFE0F?\u20E3/gu, '').replace('🔟', '10'));
      if (!match) return undefined;
      const found = byChat.get(chatId);
      if (!found || found.until < timers.now()) return undefined;
      // '' is a number skipped (a list's page 2 starts at 6): it stands for nothing.
      return found.actions[Number(match[1]) - 1] || undefined;
    },
  };
}
