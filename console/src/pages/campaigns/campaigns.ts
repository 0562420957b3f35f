// What the campaigns page reads from the admin API (GET/POST /campaigns, /campaigns/:id/members, /campaigns/:id/status).

export type CampaignStatus = 'draft' | 'open' | 'paused' | 'ended';

export interface Campaign {
  id: string; vendorId: string; brandId: string; brandName: string; title: string; productIds: string[] | null;
  startsAt: string; endsAt: string; bonus: { kind: 'rate'; rateBps: number } | { kind: 'fee'; amount: number };
  currency: string; promoCode: string | null; spendCap: number; spent: number; status: CampaignStatus; endReason: 'ended' | 'spent' | null;
  members: number; sales: number; salesAmount: number; createdAt: string;
}

export interface CampaignMember {
  influencerId: string; displayName: string; promoCode: string | null; joinedAt: string; sales: number; bonusAmount: number;
}

/** The moves a campaign's status allows (the API refuses others with 409). */
export const NEXT_STATUSES: Record<CampaignStatus, readonly ('open' | 'paused' | 'ended')[]> = {
  draft: ['open', 'ended'], open: ['paused', 'ended'], paused: ['open', 'ended'], ended: [],
};
