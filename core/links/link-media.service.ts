import type { Caller } from '../access/access.ts';
import { describePoster, type PosterContent } from '../channels/channel-content.ts';
import { DEFAULT_LANGUAGE, parseLanguage, type Language } from '../i18n/languages.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { LinkForMedia, LinkMediaReads } from './links.ports.ts';
import { shortLinkUrl } from './short-link.ts';

/**
 * What the printable forms of a link show, for the admin API (the bot's `/qr` and `/poster`
 * give influencers the same): the renderer (core/channels `ChannelMedia`) lays it out.
 */
export interface LinkMediaService {
  /** The link's code and the short link its QR code holds; `not_found` for a link the caller may not see. */
  qrCode(caller: Caller, linkId: string): Promise<{ code: string; url: string }>;
  /** The link's A6 poster in `language`, by default the influencer's (else English); `not_found` as for `qrCode`. */
  poster(caller: Caller, linkId: string, language?: Language): Promise<{ code: string; content: PosterContent }>;
}

/** The printable forms on the scoped link lookup; `publicUrl` is the base of the short links. */
export function linkMediaService(ports: { reads: LinkMediaReads; publicUrl: string }): LinkMediaService {
  const visibleLink = async (caller: Caller, linkId: string): Promise<LinkForMedia> => {
    const found = await ports.reads.findLinkForMedia(caller.scope, linkId);
    if (!found) throw new NotFoundError('link', linkId);
    return found;
  };

  return {
    async qrCode(caller, linkId) {
      const { link } = await visibleLink(caller, linkId);
      return { code: link.code, url: shortLinkUrl(ports.publicUrl, link) };
    },

    async poster(caller, linkId, language) {
      const { link, product, influencerLanguage } = await visibleLink(caller, linkId);
      const chosen = language ?? parseLanguage(influencerLanguage) ?? DEFAULT_LANGUAGE;
      return { code: link.code, content: describePoster(product, shortLinkUrl(ports.publicUrl, link), chosen) };
    },
  };
}
