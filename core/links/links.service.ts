import { ValidationError } from '../shared/errors.ts';
import { generateShortCode } from '../shared/ids.ts';
import type { LinkKey, LinkStore } from './links.ports.ts';

// The bots and the channel kits take the link port from here.
export type { LinkKey, LinkStore } from './links.ports.ts';

export const LINK_CHANNELS = ['telegram', 'whatsapp', 'instagram', 'offline', 'other', 'storefront'] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];

/** Where a link's short URL leads: straight to the vendor (`/r/:code`, the default) or to its deal page (`/d/:code`). */
export const LINK_LANDINGS = ['vendor', 'deal_page'] as const;
export type LinkLanding = (typeof LINK_LANDINGS)[number];

/** A new link's landing: a storefront's picks open their deal pages, every other link goes to the vendor until its influencer says otherwise. */
export function initialLandingOf(channel: LinkChannel): LinkLanding {
  return channel === 'storefront' ? 'deal_page' : 'vendor';
}

export const MAX_GROUP_LABEL_LENGTH = 64;

/** Trims and collapses spaces, so that "Family  chat " and "Family chat" are one group. */
export function normalizeGroupLabel(label: string | null | undefined): string {
  const normalized = (label ?? '').replace(/\s+/g, ' ').trim();
  if (normalized.length > MAX_GROUP_LABEL_LENGTH) {
    throw new ValidationError(`groupLabel is longer than ${MAX_GROUP_LABEL_LENGTH} characters`, { field: 'groupLabel' });
  }
  return normalized;
}

/**
 * The link for a key: the existing one when it was asked for before, otherwise a new one with
 * a fresh unguessable code, looked up and made in one round trip (`findOrInsertLink`). Safe
 * under concurrency (the unique key decides), and a rare code collision is retried with
 * another code.
 */
export async function obtainLink<L>(
  store: LinkStore<L>,
  key: LinkKey,
  newCode: () => string = () => generateShortCode(),
): Promise<{ link: L; created: boolean }> {
  const normalized = { ...key, groupLabel: normalizeGroupLabel(key.groupLabel) };
  for (let attempt = 0; attempt < 5; attempt++) {
    // Nothing found nor inserted: the code was taken, or someone created this very link meanwhile; the next ask sees it.
    const obtained = await store.findOrInsertLink(normalized, newCode());
    if (obtained) return obtained;
  }
  throw new Error('Could not find a free short code after 5 attempts');
}
