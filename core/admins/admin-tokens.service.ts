import type { Clock } from '../shared/clock.ts';
import { hashToken } from '../shared/ids.ts';
import type { AdminAccount, AdminTokenStore } from './admins.ports.ts';

/** `last_used_at` is kept to the minute: a busy token does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The account holding an unrevoked API token, or undefined. Records when the token was last
 * used, at most once a minute.
 */
export async function authenticateApiToken(tokens: AdminTokenStore, clock: Clock, token: string): Promise<AdminAccount | undefined> {
  const holder = await tokens.findLiveToken(hashToken(token));
  if (!holder) return undefined;
  const now = clock.now();
  if (!holder.lastUsedAt || now.getTime() - holder.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await tokens.markTokenUsed(holder.tokenId, now);
  }
  return holder.admin;
}
