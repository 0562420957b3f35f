import { describe, expect, it } from 'vitest';
import { describePoster, discountPercent, displayUrl, type ChannelProduct } from '../../../core/channels/channel-content.ts';
import { adDisclosure } from '../../../core/i18n/ad-disclosure.ts';
import { LANGUAGES } from '../../../core/i18n/languages.ts';
import { INSTAGRAM_CAPTION_LIMITS, buildInstagramCaption, countHashtags, toHashtag } from '../../../core/channels/instagram-caption.ts';
import { formatMoney } from '../../../core/money/money.ts';

const earbuds: ChannelProduct = {
  title: 'Wireless earbuds Pro',
  price: 2999,
  listPrice: 4599,
  currency: 'EUR',
  imageUrl: 'https://cdn.shop.example/earbuds.jpg',
  category: 'Audio & Hi-Fi',
  brand: { name: 'Lumio Home', slug: 'lumio-home', erid: null },
};
const spaced = (text: string) => text.replace(/\s/g, ' ');
const withErid = (product: ChannelProduct, erid: string | null): ChannelProduct => ({ ...product, brand: { ...product.brand, erid } });

describe('the ad disclosure', () => {
  it('labels the ad in each language, and adds the advertiser and ERID only when the brand has one', () => {
    const labels = Object.fromEntries(LANGUAGES.map((language) => [language, adDisclosure(language, earbuds.brand)]));
    expect(labels).toEqual({ en: '#ad', ru: 'Реклама', fr: 'Publicité', es: 'Publicidad', pl: 'Reklama' });
    expect(adDisclosure('ru', { name: 'Lumio Home', erid: '2VtzqwXyZ1a' })).toBe('Реклама · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(adDisclosure('fr', { name: 'Lumio Home', erid: '2VtzqwXyZ1a' })).toBe('Publicité · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(adDisclosure('pl', { name: 'Lumio', erid: '   ' })).toBe('Reklama');
  });
});

describe('the poster content', () => {
  it('states the price, list price and discount in the product currency, formatted for the language', () => {
    const poster = describePoster(earbuds, 'https://dc.test/r/AbCdEf1234', 'fr');
    expect(poster).toMatchObject({
      title: 'Wireless earbuds Pro', brand: 'Lumio Home',
      price: formatMoney(2999, 'EUR', 'fr'), listPrice: formatMoney(4599, 'EUR', 'fr'),
      url: 'https://dc.test/r/AbCdEf1234', shortUrl: 'dc.test/r/AbCdEf1234',
      scanToShop: 'Scannez pour profiter de l’offre', disclosure: 'Publicité',
    });
    expect(poster.price).toMatch(/^29,99\s€$/);
    expect(poster.discount).toMatch(/^−35\s%$/);
    const rubles = describePoster({ ...earbuds, price: 149900, listPrice: null, currency: 'RUB' }, 'https://dc.test/r/x', 'ru');
    expect(rubles.price).toBe(formatMoney(149900, 'RUB', 'ru'));
    expect([rubles.listPrice, rubles.discount]).toEqual([null, null]);
  });

  it('counts only real discounts, and keeps http:// on links people type', () => {
    expect(discountPercent(2999, 4599)).toBe(35);
    expect(discountPercent(2999, null)).toBeNull();
    expect(discountPercent(2999, 2999)).toBeNull();
    expect(discountPercent(9990, 10000)).toBeNull();
    expect(displayUrl('http://localhost:3000/r/abc')).toBe('http://localhost:3000/r/abc');
  });
});

describe('the Instagram caption', () => {
  it('puts the disclosure first, then title, price and discount, "link in bio" and hashtags, in the influencer language', () => {
    const ru = buildInstagramCaption(withErid(earbuds, '2VtzqwXyZ1a'), 'ru');
    const lines = ru.text.split('\n');
    expect(lines[0]).toBe('Реклама · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(lines[1]).toBe('Wireless earbuds Pro');
    // Russian puts a no-break space before "%" and in prices.
    expect(spaced(lines[2]!)).toBe(spaced(`💰 ${formatMoney(2999, 'EUR', 'ru')} вместо ${formatMoney(4599, 'EUR', 'ru')} (−35 %)`));
    expect(ru.text).toContain('🔗 Ссылка в шапке профиля');
    expect(lines.at(-1)).toBe('#LumioHome #AudioHiFi #скидка #выгодно');
    expect(ru.text).not.toContain('http');

    const byLanguage = Object.fromEntries(LANGUAGES.map((language) => [language, buildInstagramCaption(earbuds, language).text]));
    expect(byLanguage.en).toMatch(/^#ad\nWireless earbuds Pro\n💰 €29\.99 instead of €45\.99 \(−35%\)\n\n🔗 Link in bio\n\n#LumioHome #AudioHiFi #deal #sale$/);
    expect(byLanguage.fr).toContain('au lieu de');
    expect(byLanguage.fr).toContain('🔗 Lien dans la bio');
    expect(byLanguage.es?.split('\n')[0]).toBe('Publicidad');
    expect(byLanguage.es).toContain('#oferta');
    expect(byLanguage.pl).toContain('🔗 Link w bio');
    expect(byLanguage.pl).toContain('#promocja');
  });

  it('shows the plain price without a discount and prices in the product currency', () => {
    const caption = buildInstagramCaption({ ...earbuds, price: 12999, listPrice: null, currency: 'PLN', category: null }, 'pl');
    expect(caption.text.split('\n')[2]).toBe(`💰 ${formatMoney(12999, 'PLN', 'pl')}`);
    expect(caption.hashtags).toEqual(['LumioHome', 'promocja', 'okazja']);
  });

  it('makes hashtags Instagram reads: letters and digits of any script, no duplicates, no all-digit tags', () => {
    expect(toHashtag('Lumio Home')).toBe('LumioHome');
    expect(toHashtag('Кухня и дом')).toBe('КухняИДом');
    expect(toHashtag('Żółw & spółka')).toBe('ŻółwSpółka');
    expect(toHashtag('2024')).toBeUndefined();
    expect(toHashtag(' & ')).toBeUndefined();
    const caption = buildInstagramCaption({ ...earbuds, brand: { name: 'Deal', slug: 'deal', erid: null }, category: 'deal' }, 'en');
    expect(caption.hashtags).toEqual(['Deal', 'sale']);
  });

  it('stays within 2,200 characters and 30 hashtags however long the title and however many hashtags it has', () => {
    const longTitle = buildInstagramCaption({ ...earbuds, title: 'Ультра '.repeat(400) }, 'ru');
    expect(longTitle.text.length).toBeLessThanOrEqual(INSTAGRAM_CAPTION_LIMITS.characters);
    expect(longTitle.text.split('\n')[1]).toMatch(/…$/);
    expect(longTitle.text).toContain('🔗 Ссылка в шапке профиля');
    expect(longTitle.text).toContain('#LumioHome');

    const taggedTitle = Array.from({ length: 40 }, (_, i) => `#tag${i}`).join(' ');
    const crowded = buildInstagramCaption({ ...earbuds, title: taggedTitle }, 'en');
    expect(countHashtags(crowded.text)).toBeLessThanOrEqual(INSTAGRAM_CAPTION_LIMITS.hashtags);
    expect(crowded.text.split('\n')[0]).toBe('#ad');
    expect(crowded.hashtags[0]).toBe('LumioHome');

    const someTags = buildInstagramCaption({ ...earbuds, title: 'Earbuds #audio #music' }, 'en');
    expect(someTags.text.split('\n')[1]).toBe('Earbuds #audio #music');
    expect(countHashtags(someTags.text)).toBe(1 + 2 + 4);

    const emoji = buildInstagramCaption({ ...earbuds, title: '🎧'.repeat(1500) }, 'en');
    expect(emoji.text.length).toBeLessThanOrEqual(INSTAGRAM_CAPTION_LIMITS.characters);
    expect(emoji.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
