import type { AutopostChat } from './autopost.ts';
import type { AutopostPostRow, AutopostStore } from './autopost.ports.ts';

/** A chat as the console shows it: its rules, audience, state and last posts. */
export interface AutopostChatView extends AutopostChat {
  lastPosts: AutopostPostRow[];
}

/** Posts shown per chat in the console. */
const LAST_POSTS = 5;

/** The admins' read of an influencer's autopost chats (the console's influencer page). */
export function autopostAdmin(store: Pick<AutopostStore, 'listChats' | 'recentPosts'>) {
  return {
    async chatsOf(influencerId: string): Promise<AutopostChatView[]> {
      const chats = await store.listChats(influencerId);
      return Promise.all(chats.map(async (chat) => ({ ...chat, lastPosts: await store.recentPosts(chat.id, LAST_POSTS) })));
    },
  };
}
export type AutopostAdmin = ReturnType<typeof autopostAdmin>;
