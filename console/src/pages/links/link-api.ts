export const LINK_CHANNELS = ['telegram', 'whatsapp', 'instagram', 'offline', 'other'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];

/** A tracked link as the admin API answers it (the list and one link carry the names beside it). */
export interface TrackedLink {
  id: string; code: string; url: string; qrUrl: string; posterUrl: string; influencerId: string; productId: string;
  channel: LinkChannel; groupLabel: string; createdAt: string;
  influencerName?: string; productTitle?: string; brandName?: string;
}
