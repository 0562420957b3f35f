import { shortLinkUrl } from '../links/short-link.ts';
import { describePoster, type PosterContent } from './channel-content.ts';
import type { Language } from '../i18n/languages.ts';
import {
  cleanGroupLabel, obtainDealLink, type Deal, type DealFigures, type DealLinkOutcome, type DealStore,
} from '../influencers/influencer-deals.service.ts';
import { buildInstagramCaption } from './instagram-caption.ts';
import type { LinkChannel, LinkLanding, LinkStore } from '../links/links.service.ts';

/** Renders the printable forms of a tracked link; api/media/ implements it (qrcode, pdfkit). */
export interface ChannelMedia {
  /** A PNG QR code that holds `url`. */
  qrCodePng(url: string): Promise<Uint8Array>;
  /** A printable A6 PDF poster. A product image that cannot be fetched gets a placeholder; it never fails the poster. */
  posterPdf(content: PosterContent): Promise<Uint8Array>;
}

/** What a kit needs of a link to give its URL (core/links/short-link.ts). */
type ShareableLink = { code: string; landing: LinkLanding };

/** What the offline and Instagram kits need; the bot engine's deps hold all but `media`. */
export interface ChannelKitDeps<L extends ShareableLink> {
  deals: DealStore;
  links: LinkStore<L>;
  media: ChannelMedia;
  /** Base of the tracked links, without a trailing slash. */
  publicUrl: string;
}

/** Who asks for which deal, and the language of the poster or caption. */
export interface ChannelKitRequest {
  influencerId: string;
  tierMultiplierBps: number | null;
  /** Found by the caller (by number, SKU or shop URL) for this influencer. */
  deal: Deal;
  language: Language;
}

/** Why there is no kit: the same answers as `/link` (product gone, brand to join, pending or refused). */
export type ChannelKitRefusal = Exclude<DealLinkOutcome<never>, { status: 'ok' }>;

/** The link of the kit and the deal's figures, plus what the kit adds (`K`), or the refusal. */
export type ChannelKitOutcome<L, K> =
  | ({ status: 'ok'; link: L; url: string; deal: Deal; figures: DealFigures; autoJoined: boolean } & K)
  | ChannelKitRefusal;

export type OfflineQrOutcome<L> = ChannelKitOutcome<L, { png: Uint8Array; fileName: string }>;
export type PosterOutcome<L> = ChannelKitOutcome<L, { pdf: Uint8Array; fileName: string }>;
export type InstagramKitOutcome<L> = ChannelKitOutcome<L, { caption: string; hashtags: string[]; imageUrl: string | null }>;

/**
 * `/qr PRODUCT [LABEL]`: the influencer's link with channel `offline` and this label (the same
 * link on every ask), as a PNG QR code. A label longer than 64 characters is refused with
 * `validation_failed` on `groupLabel`.
 */
export async function createOfflineQr<L extends ShareableLink>(
  deps: ChannelKitDeps<L>,
  request: ChannelKitRequest & { label?: string },
): Promise<OfflineQrOutcome<L>> {
  const outcome = await obtainChannelLink(deps, request, 'offline', request.label ?? '');
  if (outcome.status !== 'ok') return outcome;
  const png = await deps.media.qrCodePng(outcome.url);
  return { ...outcome, png, fileName: `dealcast-qr-${outcome.link.code}.png` };
}

/**
 * `/poster PRODUCT [LABEL]`: the same `offline` link as `/qr` with that label, on a printable
 * A6 PDF poster: product image, title, price and discount, QR code, the short link as text and
 * the ad disclosure (with the brand's ERID when set), in the request's language.
 */
export async function createPoster<L extends ShareableLink>(
  deps: ChannelKitDeps<L>,
  request: ChannelKitRequest & { label?: string },
): Promise<PosterOutcome<L>> {
  const outcome = await obtainChannelLink(deps, request, 'offline', request.label ?? '');
  if (outcome.status !== 'ok') return outcome;
  const pdf = await deps.media.posterPdf(describePoster(request.deal, outcome.url, request.language));
  return { ...outcome, pdf, fileName: `dealcast-poster-${outcome.link.code}.pdf` };
}

/**
 * `/insta PRODUCT`: the influencer's link with channel `instagram` (for the profile's
 * link-in-bio), the caption to paste (disclosure, title, price, "link in bio", hashtags,
 * within Instagram's limits) and the product image to post (null when the product has none).
 */
export async function createInstagramKit<L extends ShareableLink>(
  deps: Omit<ChannelKitDeps<L>, 'media'>,
  request: ChannelKitRequest,
): Promise<InstagramKitOutcome<L>> {
  const outcome = await obtainChannelLink(deps, request, 'instagram', '');
  if (outcome.status !== 'ok') return outcome;
  const caption = buildInstagramCaption(request.deal, request.language);
  return { ...outcome, caption: caption.text, hashtags: caption.hashtags, imageUrl: request.deal.imageUrl };
}

async function obtainChannelLink<L extends ShareableLink>(
  deps: Omit<ChannelKitDeps<L>, 'media'>,
  request: ChannelKitRequest,
  channel: LinkChannel,
  label: string,
): Promise<ChannelKitRefusal | { status: 'ok'; link: L; url: string; deal: Deal; figures: DealFigures; autoJoined: boolean }> {
  const outcome = await obtainDealLink({ deals: deps.deals, links: deps.links }, {
    influencerId: request.influencerId, tierMultiplierBps: request.tierMultiplierBps, deal: request.deal,
    channel, groupLabel: cleanGroupLabel(label),
  });
  if (outcome.status !== 'ok') return outcome;
  return { ...outcome, url: shortLinkUrl(deps.publicUrl, outcome.link) };
}
