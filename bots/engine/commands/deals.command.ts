import { dealFigures, searchWords, type Deal } from '../../../core/influencers/influencer-deals.service.ts';
import { priceLine } from '../deal-card.ts';
import { productRef } from '../deal-refs.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import { listingOf, saveListing, type Listing } from '../sessions.ts';
import type { Button, Reply } from '../types.ts';

export const PAGE_SIZE = 5;
/** Deep pages cost an OFFSET; nobody reads page 40 of deals in a chat. */
const MAX_PAGE = 40;

/**
 * `/deals [BRAND|CATEGORY]`: the best deals, of one brand or category when named; anything
 * else after /deals is taken as search words, so nobody hits a dead end.
 */
export async function dealsCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const filter = args.trim();
  if (filter === '') return showPage(turn, { command: 'deals', words: [], label: '', page: 1 });
  const brand = await turn.deps.deals.findBrand(turn.account.id, filter);
  if (brand) return showPage(turn, { command: 'deals', words: [], brandId: brand.id, label: brand.name, page: 1 });
  if (filter.length <= 100 && await turn.deps.deals.hasCategory(filter)) {
    return showPage(turn, { command: 'deals', words: [], category: filter, label: filter, page: 1 });
  }
  const words = searchWords(filter);
  if (words.length === 0) return [text(turn.i18n.t('deals.none', { filter: quote(filter) }))];
  return showPage(turn, { command: 'deals', words, label: quote(filter), page: 1 });
}

/** `/search WORDS`: products ranked by how well they match, then by commission. */
export async function searchCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const words = searchWords(args);
  if (words.length === 0) return [text(turn.i18n.t('search.usage'))];
  return showPage(turn, { command: 'search', words, label: quote(args), page: 1 });
}

/** The "next page" button: the list the person last asked for, one page further. */
export async function nextPageCommand(turn: AccountTurn): Promise<Reply[]> {
  const listing = await listingOf(turn);
  if (!listing) return [text(turn.i18n.t('deals.expired'))];
  if (listing.page >= MAX_PAGE) return [text(turn.i18n.t('deals.end'))];
  return showPage(turn, { ...listing, page: listing.page + 1 });
}

async function showPage(turn: AccountTurn, listing: Listing): Promise<Reply[]> {
  const { i18n } = turn;
  const found = await turn.deps.deals.searchDeals({
    influencerId: turn.account.id, words: listing.words, brandId: listing.brandId, category: listing.category,
    limit: PAGE_SIZE + 1, offset: (listing.page - 1) * PAGE_SIZE,
  });
  const deals = found.slice(0, PAGE_SIZE);
  if (deals.length === 0) {
    if (listing.page > 1) return [text(i18n.t('deals.end'))];
    if (listing.command === 'search') return [text(i18n.t('search.none', { words: listing.label }))];
    return [text(listing.label === '' ? i18n.t('deals.empty') : i18n.t('deals.none', { filter: listing.label }))];
  }
  // Numbered on across pages: the number a deal shows is the one `/link N` (and WhatsApp's option N) takes.
  const first = (listing.page - 1) * PAGE_SIZE + 1;
  const numbered = [...(listing.numbered ?? []).slice(0, first - 1), ...deals.map((deal) => deal.id)];
  await saveListing(turn, { ...listing, numbered });
  const title = listTitle(turn, listing, listing.page === 1 && found.length <= PAGE_SIZE);
  const lines = deals.map((deal, index) => `${first + index}. ${dealLine(turn, deal)}`);
  const buttons: Button[] = deals.map((deal, index) => ({
    label: `🔗 ${quote(deal.title, 28)}`, action: `/link ${productRef(deal.id)}`, option: first + index,
  }));
  if (found.length > PAGE_SIZE && listing.page < MAX_PAGE) buttons.push({ label: i18n.t('deals.next'), action: '/next' });
  return [withButtons([title, ...lines].join('\n\n'), buttons)];
}

/** The list's heading; "(page 1)" only when there is a page 2 to tell it from. */
function listTitle(turn: AccountTurn, listing: Listing, onePage: boolean): string {
  const { i18n } = turn;
  const { label, page } = listing;
  if (listing.command === 'search') return onePage ? i18n.t('search.titleOne', { words: label }) : i18n.t('search.title', { words: label, page });
  if (label === '') return onePage ? i18n.t('deals.titleOne') : i18n.t('deals.title', { page });
  return onePage ? i18n.t('deals.titleForOne', { filter: label }) : i18n.t('deals.titleFor', { filter: label, page });
}

function dealLine(turn: AccountTurn, deal: Deal): string {
  const { i18n } = turn;
  const figures = dealFigures(deal, turn.account.tierMultiplierBps);
  return i18n.t('deals.line', {
    title: quote(deal.title, 90),
    price: priceLine(i18n, deal, figures),
    commission: i18n.money(figures.commission, deal.currency),
  });
}
