import crypto from 'node:crypto';
import { memberPromoCode } from './campaign.ts';
import type { CampaignChatStore } from './campaigns.ports.ts';

/** Letters and digits a shopper reads back without confusion (no 0/O, 1/I/L). */
const SUFFIX_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const SUFFIX_LENGTH = 4;
const ATTEMPTS = 8;

export type JoinOutcome =
  | { status: 'joined'; promoCode: string | null }
  | { status: 'unavailable' };

function randomSuffix(): string {
  const bytes = crypto.randomBytes(SUFFIX_LENGTH);
  return [...bytes].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

/**
 * Joins an influencer to an open campaign of a brand they promote. A campaign with a promo code
 * gives each member a personal code (the campaign's code, a dash, four characters) that names
 * the influencer on an order even without a click; joining again keeps the first code.
 * A campaign that is not open, not running now, or of a brand they do not promote is `unavailable`.
 */
export async function joinCampaign(store: CampaignChatStore, influencerId: string, campaignId: string, now: Date): Promise<JoinOutcome> {
  const joinable = await store.findJoinable(influencerId, campaignId, now);
  if (!joinable) return { status: 'unavailable' };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const code = joinable.promoCode === null ? null : memberPromoCode(joinable.promoCode, randomSuffix());
    if (await store.joinCampaign(campaignId, influencerId, code, now)) {
      const joined = (await store.listJoinedCampaigns(influencerId)).find((c) => c.id === campaignId);
      return { status: 'joined', promoCode: joined?.joined?.promoCode ?? code };
    }
  }
  throw new Error(`No free promo code for campaign ${campaignId} after ${ATTEMPTS} attempts`);
}
