import type { Language } from '../../core/i18n/languages.ts';
import { escapeHtml } from '../redirect/preview-page.ts';

/** `og:locale` of each of our languages. */
export const OG_LOCALES: Readonly<Record<Language, string>> = { en: 'en_GB', fr: 'fr_FR', es: 'es_ES', pl: 'pl_PL', ru: 'ru_RU' };

/**
 * The pages' one stylesheet, inline (no request, nothing from elsewhere): a phone-width column
 * first, a grid of cards from tablet width, system fonts, a thumb-sized buy button.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f5f5f7}
main{max-width:34rem;margin:0 auto;padding:1rem}
img{display:block;max-width:100%;height:auto}
h1{font-size:1.35rem;line-height:1.25;margin:.75rem 0 .5rem}
a{color:#0a58ca}
.hero{width:100%;aspect-ratio:1/1;object-fit:contain;background:#fff;border-radius:12px}
.price{font-size:1.5rem;font-weight:700;margin:.25rem 0}
.price s{font-size:1rem;font-weight:400;color:#6e6e73;margin-left:.5rem}
.off{display:inline-block;margin-left:.5rem;padding:.1rem .45rem;border-radius:6px;background:#d70015;color:#fff;font-size:.9rem}
.note{margin:1rem 0;padding:.75rem 1rem;background:#fff;border-left:4px solid #0a58ca;border-radius:8px}
.note p{margin:.25rem 0 0}
.by{font-size:.9rem;color:#6e6e73;margin:0}
.buy{display:block;margin:1rem 0 .5rem;padding:1rem;border-radius:12px;background:#0a7d32;color:#fff;text-align:center;font-size:1.15rem;font-weight:700;text-decoration:none}
.hint,.ad{font-size:.85rem;color:#6e6e73;text-align:center;margin:.25rem 0}
.more{text-align:center;margin:1.25rem 0}
.picks{list-style:none;padding:0;margin:1rem 0;display:grid;gap:.75rem;grid-template-columns:1fr 1fr}
.pick a{display:block;height:100%;padding:.5rem;background:#fff;border-radius:12px;color:inherit;text-decoration:none}
.pick img{width:100%;aspect-ratio:1/1;object-fit:contain}
.pick h2{font-size:.95rem;line-height:1.3;margin:.4rem 0 .2rem}
.pick .price{font-size:1.05rem}
.pick .note{margin:.4rem 0 0;padding:.4rem .5rem;font-size:.85rem;border-left-width:3px}
.share{display:flex;gap:1rem;align-items:center;margin:1.5rem 0;padding:1rem;background:#fff;border-radius:12px}
.share img{width:7rem;height:7rem}
.share code{word-break:break-all}
.pager{display:flex;justify-content:space-between;margin:1rem 0}
@media (min-width:40rem){main{max-width:56rem}.picks{grid-template-columns:repeat(3,1fr)}.deal{max-width:34rem;margin:0 auto}}
`.replace(/\n/g, '');

/** A whole page: the head's OpenGraph tags first (WhatsApp reads only the head's first 300 KB), then the style and the body. */
export function renderPage(input: { language: Language; title: string; head: string; canonicalUrl?: string; body: string }): string {
  return `<!doctype html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
${input.head}
<title>${escapeHtml(input.title)}</title>
${input.canonicalUrl ? `<link rel="canonical" href="${escapeHtml(input.canonicalUrl)}">\n` : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style>
</head>
<body>
${input.body}
</body>
</html>
`;
}

export { escapeHtml };
