import { resolveLanguage } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import { obtainDealLink, searchWords, type Deal } from '../../core/influencers/influencer-deals.service.ts';
import { shortLinkUrl } from '../../core/links/short-link.ts';
import { dealCaption, priceLine } from './deal-card.ts';
import type { BotEngineDeps } from './deps.ts';
import { linkChannelOf } from './commands/link.command.ts';
import type { InlineAnswer, InlineDeal, InlineRequest } from './types.ts';

/** Every deal posted through inline mode carries this group label, so /stats shows it apart. */
export const INLINE_GROUP_LABEL = 'inline';
const MAX_RESULTS = 8;

/**
 * `@bot words` in any chat: up to eight deals matching the words (a number picks that product,
 * no words the best deals), each with the influencer's link for the label "inline". A person
 * who is not registered gets a button that opens the bot instead.
 */
export async function answerInline(deps: BotEngineDeps, request: InlineRequest): Promise<InlineAnswer> {
  let i18n = translator(resolveLanguage(request.languageHint));
  try {
    const rate = await deps.limiter.hit(`inline:${request.channel}:${request.senderId}`);
    if (!rate.allowed) return { deals: [] };
    const account = await deps.accounts.findAccountByIdentity(request.channel, request.senderId);
    if (!account || account.status !== 'active') return { deals: [], register: { text: i18n.t('inline.register'), startParameter: 'inline' } };
    i18n = translator(account.language);
    const query = request.query.trim().slice(0, 256);
    let deals: Deal[];
    if (/^\d{1,18}$/.test(query)) {
      const deal = await deps.deals.findDealById(account.id, query);
      deals = deal ? [deal] : [];
    } else {
      deals = await deps.deals.searchDeals({ influencerId: account.id, words: searchWords(query), limit: MAX_RESULTS, offset: 0 });
    }
    const cards = await Promise.all(deals.map(async (deal): Promise<InlineDeal | undefined> => {
      const outcome = await obtainDealLink({ deals: deps.deals, links: deps.links }, {
        influencerId: account.id, tierMultiplierBps: account.tierMultiplierBps, deal,
        channel: linkChannelOf(request.channel), groupLabel: INLINE_GROUP_LABEL,
      });
      if (outcome.status !== 'ok') return undefined;
      const url = shortLinkUrl(deps.publicUrl, outcome.link.code);
      return {
        id: deal.id,
        title: deal.title.slice(0, 120),
        description: `${priceLine(i18n, deal, outcome.figures)} · ${i18n.money(outcome.figures.commission, deal.currency)}`,
        thumbnailUrl: deal.imageUrl,
        text: dealCaption(i18n, deal, outcome.figures, url),
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
