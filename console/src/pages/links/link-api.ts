export const LINK_CHANNELS = ['telegram', 'whatsapp', 'instagram', 'offline', 'other', 'storefront'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];
/** Where a link's URL leads: straight to the shop (`/r/…`) or to its deal page (`/d/…`). */
export const LINK_LANDINGS = ['vendor', 'deal_page'] as const;
export type LinkLanding = (typeof LINK_LANDINGS)[number];

/** A tracked link as the admin API answers it (the list and one link carry the names beside it). */
export interface TrackedLink {
  id: string; code: string; url: string; qrUrl: string; posterUrl: string; influencerId: string; productId: string;
  channel: LinkChannel; groupLabel: string; landing: LinkLanding; createdAt: string;
  influencerName?: string; productTitle?: string; brandName?: string;
}
