import { joinBrand, type BrandSummary } from '../../../core/influencers/influencer-deals.service.ts';
import type { Translator } from '../../../core/i18n/translator.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import type { Button, Reply } from '../types.ts';

function brandStatus(i18n: Translator, brand: BrandSummary): string {
  switch (brand.membership) {
    case 'approved': return i18n.t('brands.joined');
    case 'pending': return i18n.t('brands.pending');
    case 'rejected': return i18n.t('brands.rejected');
    default: return i18n.t(brand.autoApprove ? 'brands.open' : 'brands.openApproval', { slug: brand.slug });
  }
}

/** `/brands`: every brand with its commission rate and the influencer's standing, and a button to join each open one. */
export async function brandsCommand(turn: AccountTurn): Promise<Reply[]> {
  const { i18n } = turn;
  const brands = await turn.deps.deals.listBrands(turn.account.id);
  if (brands.length === 0) return [text(i18n.t('brands.empty'))];
  const lines = brands.map((brand) => i18n.t('brands.line', { name: brand.name, rate: i18n.percentBps(brand.rateBps), status: brandStatus(i18n, brand) }));
  const buttons: Button[] = brands
    .filter((brand) => brand.membership === null)
    .slice(0, 10)
    .map((brand) => ({ label: `➕ ${brand.name}`, action: `/join ${brand.slug}` }));
  return [withButtons([i18n.t('brands.title'), ...lines].join('\n'), buttons)];
}

/** `/join BRAND`: approved at once or pending the brand's approval, as the brand decides. */
export async function joinCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n } = turn;
  const ref = args.trim();
  if (ref === '') {
    const example = (await turn.deps.deals.listBrands(turn.account.id))[0]?.slug ?? 'lumio';
    return [text(i18n.t('join.usage', { example }))];
  }
  const brand = await turn.deps.deals.findBrand(turn.account.id, ref);
  if (!brand) return [text(i18n.t('join.unknown', { input: quote(ref) }))];
  const outcome = await joinBrand(turn.deps.deals, turn.account.id, brand);
  const names = { brand: brand.name, slug: brand.slug };
  switch (outcome.status) {
    case 'approved':
      return [text(i18n.t(outcome.already ? 'join.already' : 'join.approved', names))];
    case 'pending':
      return [text(i18n.t(outcome.already ? 'join.stillPending' : 'join.pending', names))];
    case 'rejected':
      return [text(i18n.t('join.rejected', names))];
  }
}
