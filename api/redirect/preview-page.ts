import { CURRENCY_EXPONENTS, formatMoney } from '../../core/money/money.ts';
import type { RedirectTarget } from '../../core/clicks/clicks.ports.ts';

/** WhatsApp shows about 80 characters of og:description. */
const DESCRIPTION_LENGTH = 80;

/**
 * The page a link-preview fetcher sees: OpenGraph and Twitter tags first thing in `<head>` (a
 * few KB, far inside WhatsApp's 300 KB limit), then a small body for the rare person who lands
 * here (a browser we took for a bot), linking straight to the product.
 */
export function renderPreviewPage(target: RedirectTarget, canonicalUrl: string): string {
  const title = target.title.trim() || 'Deal';
  const priceText = Number.isSafeInteger(target.price) ? safeFormatMoney(target.price, target.currency) : '';
  const image = absoluteHttpUrl(target.imageUrl);
  const shop = absoluteHttpUrl(target.url);
  const meta = openGraphTags({ ...target, kind: 'product', description: target.description?.trim() || (priceText ? `${priceText} · ${title}` : title) }, canonicalUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${meta}
<title>${escapeHtml(title)}</title>
<link rel="canonical" href="${escapeHtml(canonicalUrl)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
</head>
<body>
${image ? `<img src="${escapeHtml(image)}" alt="${escapeHtml(title)}" style="max-width:100%">\n` : ''}<h1>${escapeHtml(title)}</h1>
${priceText ? `<p>${escapeHtml(priceText)}</p>\n` : ''}${shop ? `<p><a href="${escapeHtml(shop)}" rel="nofollow">See the deal</a></p>\n` : ''}</body>
</html>
`;
}

/** What a page's preview shows: a product (with its price) or a page of several (a storefront). */
export interface OpenGraphSubject {
  kind: 'product' | 'website';
  title: string;
  /** Cut to about 80 characters, as WhatsApp shows. */
  description: string;
  imageUrl: string | null;
  /** Integer minor units of `currency`; products only. */
  price?: number;
  currency?: string;
  /** `og:locale`, e.g. "fr_FR"; omitted when unknown. */
  locale?: string;
}

/**
 * The OpenGraph and Twitter tags of a page, to go first thing in `<head>`, following WhatsApp's
 * rules (DESIGN "The loop", 3): og:title, og:description (about 80 characters) and og:url
 * non-empty, og:url the canonical URL without tracking parameters, og:image only when it is an
 * absolute http(s) URL. The one OpenGraph builder: the redirect's preview page, the deal page
 * and the storefront all use it.
 */
export function openGraphTags(subject: OpenGraphSubject, canonicalUrl: string): string {
  const title = subject.title.trim() || 'Deal';
  const description = truncate(subject.description.trim() || title, DESCRIPTION_LENGTH);
  const image = absoluteHttpUrl(subject.imageUrl);
  const tags: [string, string, string][] = [
    ['property', 'og:type', subject.kind],
    ['property', 'og:title', title],
    ['property', 'og:description', description],
    ['property', 'og:url', canonicalUrl],
    ['property', 'og:site_name', 'dealcast'],
  ];
  if (subject.locale) tags.push(['property', 'og:locale', subject.locale]);
  if (image) {
    tags.push(['property', 'og:image', image], ['property', 'og:image:alt', title]);
    if (image.startsWith('https:')) tags.push(['property', 'og:image:secure_url', image]);
  }
  if (subject.price !== undefined && subject.currency !== undefined && Number.isSafeInteger(subject.price)) {
    tags.push(
      ['property', 'product:price:amount', decimalAmount(subject.price, subject.currency)],
      ['property', 'product:price:currency', subject.currency],
    );
  }
  tags.push(
    ['name', 'twitter:card', image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', title],
    ['name', 'twitter:description', description],
  );
  if (image) tags.push(['name', 'twitter:image', image]);
  tags.push(['name', 'description', description]);
  return tags.map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeHtml(value)}">`).join('\n');
}

/** The page for a code that leads nowhere. */
export function renderNotFoundPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Link not found</title><meta name="robots" content="noindex"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>This link does not exist</h1><p>The deal may have ended, or the link was copied incompletely.</p></body>
</html>
`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** Cuts at a word boundary and marks the cut; counts code points so no emoji is split in half. */
function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Only absolute http(s) URLs are shown: fetchers cannot resolve anything else, and no `javascript:` link gets through. */
export function absoluteHttpUrl(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Minor units as a decimal string (4999 EUR → "49.99"), in integer arithmetic. */
function decimalAmount(minor: number, currency: string): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const value = BigInt(minor);
  if (exponent === 0) return value.toString();
  const scale = 10n ** BigInt(exponent);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / scale}.${(abs % scale).toString().padStart(exponent, '0')}`;
}

function safeFormatMoney(amount: number, currency: string): string {
  try {
    return formatMoney(amount, currency);
  } catch {
    return '';
  }
}
