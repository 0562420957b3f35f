import type { Language } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import { DEAL_PAGE_PATH, STOREFRONT_PATH, storefrontUrl } from '../../core/links/short-link.ts';
import type { StorefrontView } from '../../core/pages/pages.ports.ts';
import { absoluteHttpUrl, openGraphTags } from '../redirect/preview-page.ts';
import { priceHtml } from './deal-page.renderer.ts';
import { escapeHtml, OG_LOCALES, renderPage } from './page-layout.ts';

/**
 * An influencer's storefront: their picks newest first, each opening its deal page (the pick's
 * own `storefront` link), a "more" link when there are more, and the page's address with its QR
 * code (a first-party PNG, `/s/:handle/qr.png`) to share it.
 */
export function renderStorefront(view: StorefrontView, input: { language: Language; publicUrl: string; firstPage: boolean }): string {
  const { language } = input;
  const i18n = translator(language);
  const canonicalUrl = storefrontUrl(input.publicUrl, view.handle);
  const title = i18n.t('storefront.title', { name: view.displayName });
  const head = openGraphTags({
    kind: 'website', title, locale: OG_LOCALES[language], imageUrl: view.picks.find((p) => absoluteHttpUrl(p.imageUrl))?.imageUrl ?? null,
    description: i18n.t('storefront.description', { count: view.totalPicks, name: view.displayName }),
  }, canonicalUrl);
  const self = `${STOREFRONT_PATH}/${encodeURIComponent(view.handle)}`;
  const cards = view.picks.map((pick) => {
    const image = absoluteHttpUrl(pick.imageUrl);
    return `<li class="pick"><a href="${DEAL_PAGE_PATH}/${encodeURIComponent(pick.code)}">`
      + (image ? `<img src="${escapeHtml(image)}" alt="" loading="lazy" width="300" height="300">` : '')
      + `<h2>${escapeHtml(pick.title)}</h2>${priceHtml(i18n, pick)}`
      + (pick.note ? `<p class="note">${escapeHtml(pick.note)}</p>` : '')
      + '</a></li>';
  }).join('\n');
  const list = view.picks.length === 0 ? `<p>${escapeHtml(i18n.t('storefront.empty'))}</p>` : `<ul class="picks">\n${cards}\n</ul>`;
  const pager = [
    input.firstPage ? '' : `<a href="${self}">${escapeHtml(i18n.t('storefront.first'))}</a>`,
    view.nextCursor ? `<a rel="next" href="${self}?cursor=${encodeURIComponent(view.nextCursor)}">${escapeHtml(i18n.t('storefront.next'))}</a>` : '',
  ];
  const body = `<main>
<h1>${escapeHtml(title)}</h1>
${list}
${pager.some(Boolean) ? `<nav class="pager">${pager.join('')}</nav>` : ''}
<section class="share"><img src="${self}/qr.png" alt="${escapeHtml(i18n.t('storefront.qrAlt'))}" width="112" height="112">`
    + `<div><p>${escapeHtml(i18n.t('storefront.share'))}</p><code id="address">${escapeHtml(canonicalUrl)}</code></div></section>
</main>`;
  return renderPage({ language, title, head, canonicalUrl, body });
}
