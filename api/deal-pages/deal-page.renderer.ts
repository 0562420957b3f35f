import { discountPercent } from '../../core/channels/channel-content.ts';
import { adDisclosure } from '../../core/i18n/ad-disclosure.ts';
import type { Language } from '../../core/i18n/languages.ts';
import { translator, type Translator } from '../../core/i18n/translator.ts';
import { dealPageUrl, SHORT_LINK_PATH, STOREFRONT_PATH } from '../../core/links/short-link.ts';
import type { DealPageView } from '../../core/pages/pages.ports.ts';
import { absoluteHttpUrl, openGraphTags } from '../redirect/preview-page.ts';
import { escapeHtml, OG_LOCALES, renderPage } from './page-layout.ts';

/** The price line: the price, the old one struck through and the discount, in the visitor's language and the product's currency. */
export function priceHtml(i18n: Translator, deal: { price: number; listPrice: number | null; currency: string }): string {
  const price = safeMoney(i18n, deal.price, deal.currency);
  const off = discountPercent(deal.price, deal.listPrice);
  if (off === null || deal.listPrice === null) return `<p class="price">${escapeHtml(price)}</p>`;
  const old = safeMoney(i18n, deal.listPrice, deal.currency);
  return `<p class="price">${escapeHtml(price)} <s aria-label="${escapeHtml(i18n.t('page.oldPrice', { price: old }))}">${escapeHtml(old)}</s>`
    + ` <span class="off">−${escapeHtml(i18n.percent(off))}</span></p>`;
}

/**
 * The deal page of one tracked link: picture, title, price and discount, the influencer's
 * note, and the buy button, a plain link to the link's redirect (`/r/:code`), so the click is
 * counted there, once, and the shop gets `dc_click` as from any tap. Paths are relative: the
 * page works on whatever host served it; only the canonical and OpenGraph URLs use PUBLIC_URL.
 */
export function renderDealPage(view: DealPageView, language: Language, publicUrl: string): string {
  const i18n = translator(language);
  const canonicalUrl = dealPageUrl(publicUrl, view.code);
  const title = view.title.trim() || 'Deal';
  const priceText = safeMoney(i18n, view.price, view.currency);
  const head = openGraphTags({
    kind: 'product', title, imageUrl: view.imageUrl, price: view.price, currency: view.currency, locale: OG_LOCALES[language],
    description: view.note ?? (view.description?.trim() || `${priceText} · ${title}`),
  }, canonicalUrl);
  const image = absoluteHttpUrl(view.imageUrl);
  const name = view.influencerName ?? '';
  const note = view.note
    ? `<blockquote class="note">${name ? `<p class="by">${escapeHtml(i18n.t('page.noteBy', { name }))}</p>` : ''}<p>${escapeHtml(view.note)}</p></blockquote>`
    : '';
  const more = view.handle && name
    ? `<p class="more"><a href="${STOREFRONT_PATH}/${encodeURIComponent(view.handle)}">${escapeHtml(i18n.t('page.morePicks', { name }))}</a></p>`
    : '';
  const body = `<main class="deal">
${image ? `<img class="hero" src="${escapeHtml(image)}" alt="${escapeHtml(title)}" width="600" height="600">` : ''}
<p class="ad">${escapeHtml(adDisclosure(language, view.brand))}</p>
<h1>${escapeHtml(title)}</h1>
${priceHtml(i18n, view)}
${note}
<a class="buy" id="buy" href="${SHORT_LINK_PATH}/${encodeURIComponent(view.code)}" rel="nofollow">${escapeHtml(i18n.t('page.buy'))}</a>
<p class="hint">${escapeHtml(i18n.t('page.buyHint'))}</p>
${more}
</main>`;
  return renderPage({ language, title, head, canonicalUrl, body });
}

/** The page of a deal or storefront that does not exist, in the visitor's language. */
export function renderPageNotFound(language: Language): string {
  const i18n = translator(language);
  const title = i18n.t('page.notFoundTitle');
  return renderPage({
    language, title, head: '<meta name="robots" content="noindex">',
    body: `<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(i18n.t('page.notFoundText'))}</p></main>`,
  });
}

/** A price the catalogue holds in a currency Intl does not know is shown as minor units and code rather than failing the page. */
function safeMoney(i18n: Translator, amount: number, currency: string): string {
  try {
    return i18n.money(amount, currency);
  } catch {
    return `${amount} ${currency}`;
  }
}
