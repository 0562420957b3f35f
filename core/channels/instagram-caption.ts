import type { ChannelProduct } from './channel-content.ts';
import { discountPercent } from './channel-content.ts';
import { adDisclosure } from '../i18n/ad-disclosure.ts';
import { CHANNEL_TEXTS } from '../i18n/channel-texts.ts';
import type { Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';

/** Instagram refuses a caption past 2,200 characters or 30 hashtags. */
export const INSTAGRAM_CAPTION_LIMITS = Object.freeze({ characters: 2200, hashtags: 30 });

/** The longest hashtag we make; Instagram has no documented limit, but nobody reads longer ones. */
const MAX_HASHTAG_LENGTH = 50;

// What Instagram reads as a hashtag: `#` then letters, digits and underscores of any script.
const HASHTAG = /#[\p{L}\p{N}_]+/gu;

export interface InstagramCaption {
  /** The caption to paste: disclosure, title, price, "link in bio", hashtags. */
  text: string;
  /** The hashtags we added, without `#`. */
  hashtags: string[];
}

/** How many hashtags Instagram would see in a text. */
export function countHashtags(text: string): number {
  return text.match(HASHTAG)?.length ?? 0;
}

/**
 * A hashtag made of words: "Lumio Home" → "LumioHome", "audio & hi-fi" → "audioHiFi".
 * Undefined when no letter is left (Instagram ignores all-digit tags).
 */
export function toHashtag(text: string): string | undefined {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}_]+/u).filter((w) => w !== '');
  const tag = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!/\p{L}/u.test(tag)) return undefined;
  return [...tag].slice(0, MAX_HASHTAG_LENGTH).join('');
}

/**
 * The Instagram caption of a deal in a language. The disclosure comes first, so that it shows
 * before Instagram folds the caption; Instagram shows no links in captions, so the caption
 * points to the link in the profile instead. Hashtags come from the brand and the category,
 * then the language's deal tags, as many as fit under 30 in the whole caption; a title too
 * long for 2,200 characters is shortened with "…".
 */
export function buildInstagramCaption(product: ChannelProduct, language: Language): InstagramCaption {
  const texts = CHANNEL_TEXTS[language];
  const disclosure = adDisclosure(language, product.brand);
  const price = priceLine(product, language);
  let title = product.title.replace(/\s+/g, ' ').trim();

  const fixedHashtags = countHashtags([disclosure, price, texts.linkInBio].join('\n'));
  // A title full of hashtags would crowd out ours or break the limit: its `#` are dropped then.
  if (fixedHashtags + countHashtags(title) > INSTAGRAM_CAPTION_LIMITS.hashtags - 2) title = title.replace(/#(?=[\p{L}\p{N}_])/gu, '');
  const budget = Math.max(0, INSTAGRAM_CAPTION_LIMITS.hashtags - fixedHashtags - countHashtags(title));
  const hashtags = candidateHashtags(product, texts.dealHashtags).slice(0, budget);

  const assemble = (t: string, tags: string[]) =>
    [disclosure, t, price, '', texts.linkInBio, ...(tags.length > 0 ? ['', tags.map((h) => `#${h}`).join(' ')] : [])].join('\n');
  let text = assemble(title, hashtags);
  if (text.length > INSTAGRAM_CAPTION_LIMITS.characters) {
    const room = INSTAGRAM_CAPTION_LIMITS.characters - (text.length - title.length);
    text = assemble(shorten(title, room), hashtags);
  }
  if (text.length > INSTAGRAM_CAPTION_LIMITS.characters) {
    // Only a brand name or category near their own limits gets here: the hashtags go, then the rest is cut.
    text = shorten(assemble(shorten(title, 80), []), INSTAGRAM_CAPTION_LIMITS.characters);
    return { text, hashtags: [] };
  }
  return { text, hashtags };
}

function priceLine(product: ChannelProduct, language: Language): string {
  const i18n = translator(language);
  const price = i18n.money(product.price, product.currency);
  const percent = discountPercent(product.price, product.listPrice);
  if (percent === null || product.listPrice === null) return i18n.t('deal.price', { price });
  return i18n.t('deal.priceWithDiscount', { price, listPrice: i18n.money(product.listPrice, product.currency), discount: i18n.percent(percent) });
}

/** Brand, category, then the language's deal tags; without duplicates in any case. */
function candidateHashtags(product: ChannelProduct, dealTags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const source of [product.brand.name, product.category ?? '', ...dealTags]) {
    const tag = toHashtag(source);
    if (tag === undefined || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/** At most `max` UTF-16 units (what Instagram counts, at worst), cut between characters, ending with "…" when cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}
