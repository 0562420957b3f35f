import { resolveLanguage } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import { obtainDealLink, searchWords, type Deal } from '../../core/influencers/influencer-deals.service.ts';
import { shortLinkUrl } from '../../core/links/short-link.ts';
import { dealCard, priceLine } from './deal-card.ts';
import { readDealRef } from './deal-refs.ts';
import type { BotEngineDeps } from './deps.ts';
import { listingKey, type Listing } from './sessions.ts';
import { linkChannelOf } from './commands/link.command.ts';
import type { InlineAnswer, InlineDeal, InlineRequest } from './types.ts';

/** Every deal posted through inline mode carries this group label, so /stats shows it apart. */
export const INLINE_GROUP_LABEL = 'inline';
const MAX_RESULTS = 8;

/**
 * `@bot words` in any chat: up to eight deals matching the words (a number picks that deal of
 * the last list, "#46" product 46, no words the best deals), each with the influencer's link for the label "inline". A person
 * who is not registered gets a button that opens the bot instead.
 */
export async function answerInline(deps: BotEngineDeps, request: InlineRequest): Promise<InlineAnswer> {
  let i18n = translator(resolveLanguage(request.languageHint));
  try {
    const rate = await deps.limiter.hit(`inline:${request.channel}:${request.senderId}`);
    if (!rate.allowed) return { deals: [], emptyText: i18n.t('rateLimited', { count: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)) }) };
    const account = await deps.accounts.findAccountByIdentity(request.channel, request.senderId);
    if (!account || account.status !== 'active') return { deals: [], register: { text: i18n.t('inline.register'), startParameter: 'inline' } };
    i18n = translator(account.language);
    const query = request.query.trim().slice(0, 256);
    let deals: Deal[];
    const named = readDealRef(query);
    if (named.kind !== 'other') {
      // The same numbers as in chat: "3" is deal 3 of the person's last /deals or /search, "#46" product 46.
      const listing = named.kind === 'listed' ? await deps.sessions.get<Listing>(listingKey(`${request.channel}:${request.senderId}`)) : undefined;
      const productId = named.kind === 'product' ? named.id : listing?.numbered?.[named.number - 1];
      const deal = productId ? await deps.deals.findDealById(account.id, productId) : undefined;
      deals = deal ? [deal] : [];
    } else {
      deals = await deps.deals.searchDeals({ influencerId: account.id, words: searchWords(query), limit: MAX_RESULTS, offset: 0 });
    }
    const intro = deals.length > 0 ? await deps.intros.findIntroLine(account.id) : null;
    const cards = await Promise.all(deals.map(async (deal): Promise<InlineDeal | undefined> => {
      const outcome = await obtainDealLink({ deals: deps.deals, links: deps.links }, {
        influencerId: account.id, tierMultiplierBps: account.tierMultiplierBps, deal,
        channel: linkChannelOf(request.channel), groupLabel: INLINE_GROUP_LABEL,
      });
      if (outcome.status !== 'ok') return undefined;
      const url = shortLinkUrl(deps.publicUrl, outcome.link);
      const card = dealCard(i18n, deal, outcome.figures, url, intro);
      return {
        id: deal.id,
        title: deal.title.slice(0, 120),
        description: `${priceLine(i18n, deal, outcome.figures)} · ${i18n.money(outcome.figures.commission, deal.currency)}`,
        thumbnailUrl: deal.imageUrl,
        text: card.text,
        rich: card.rich,
        url,
      };
    }));
    const found = cards.filter((c): c is InlineDeal => c !== undefined);
    return found.length > 0 ? { deals: found } : { deals: [], emptyText: i18n.t('inline.noResults') };
  } catch (error) {
    deps.logger?.error({ err: error, channel: request.channel }, 'inline query failed');
    return { deals: [], emptyText: i18n.t('error.internal') };
  }
}
