import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../../core/i18n/languages.ts';
import { CATALOGS, translator, type MessageKey } from '../../../core/i18n/translator.ts';

// A count read with the wrong form ("1 comptés", "5 клика") reads as a machine. Every text
// that puts a count before a word is a plural message, except the few whose count is a fixed
// figure that is never one (listed with why); and the forms are right where languages differ.

/** Texts whose count is a constant of the platform, never 1: one form is right for it. */
const FIXED_COUNTS: Record<string, string> = {
  'invite.text': 'the attribution window, 30 days',
  'invite.textWhatsapp': 'the attribution window, 30 days',
  'link.tooMany': 'the number of links /link makes at most',
};

describe('counts in the bot’s languages', () => {
  it('put a count before a word only in plural messages', () => {
    const offenders: string[] = [];
    for (const [language, catalog] of Object.entries(CATALOGS)) {
      for (const [key, message] of Object.entries(catalog)) {
        if (typeof message !== 'string' || !/\{(count|n|clicks|sales|orders|days|minutes|hours)\}\s+\p{L}/u.test(message)) continue;
        if (key in FIXED_COUNTS) continue;
        offenders.push(`${language} ${key}: ${message}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it.each([
    ['fr', 'stats.counted', [[0, '0 compté'], [1, '1 compté'], [2, '2 comptés']]],
    ['es', 'stats.counted', [[1, '1 contado'], [2, '2 contados']]],
    ['fr', 'stats.clicks', [[1, '1 clic'], [3, '3 clics']]],
    ['pl', 'stats.clicks', [[1, '1 kliknięcie'], [2, '2 kliknięcia'], [5, '5 kliknięć'], [22, '22 kliknięcia'], [25, '25 kliknięć']]],
    ['ru', 'stats.clicks', [[1, '1 клик'], [2, '2 клика'], [5, '5 кликов'], [21, '21 клик'], [11, '11 кликов']]],
  ] as const)('%s %s: each count takes its form', (language, key, cases) => {
    const i18n = translator(language);
    for (const [count, expected] of cases) expect(i18n.t(key, { count })).toBe(expected);
  });
});

// The grammar of a count, written out by hand and apart from Intl.PluralRules, so a catalogue
// form filed under the wrong category ("21 кликов", "1 comptés", "22 kliknięć") is caught even
// though the translator picks categories with Intl. Each language names the shapes its nouns take.
type Shape = string;
const GRAMMAR: Record<Language, (n: number) => Shape> = {
  // 1 click, 0 clicks, 1.5 clicks.
  en: (n) => (n === 1 ? 'singular' : 'plural'),
  // 1, 21, 101 клик; 2–4, 22 клика, and every fraction (1,5 клика); 0, 5–20, 25, 111 кликов.
  ru: (n) => {
    if (!Number.isInteger(n)) return 'genitiveSingular';
    if (n % 10 === 1 && n % 100 !== 11) return 'nominativeSingular';
    if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) return 'genitiveSingular';
    return 'genitivePlural';
  },
  // Only 1 is singular (21 kliknięć); 2–4, 22–24 kliknięcia; 0, 5–21, 25, 112 kliknięć; 1,5 kliknięcia.
  pl: (n) => {
    if (!Number.isInteger(n)) return 'fraction';
    if (n === 1) return 'singular';
    if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) return 'nominativePlural';
    return 'genitivePlural';
  },
  // Below two is singular (0 clic, 1,5 clic); whole millions take "de" (1 000 000 de clics).
  fr: (n) => (n < 2 ? 'singular' : n % 1_000_000 === 0 ? 'millions' : 'plural'),
  // Only 1 is singular (0 clics, 1,5 clics); whole millions take "de" (1.000.000 de clics).
  es: (n) => (n === 1 ? 'singular' : n > 0 && n % 1_000_000 === 0 ? 'millions' : 'plural'),
};

/** What each count must read as, `#` standing for the number as the language writes it. */
const EXPECTED: Record<string, Record<Language, Record<Shape, string>>> = {
  'stats.clicks': {
    en: { singular: '# click', plural: '# clicks' },
    ru: { nominativeSingular: '# клик', genitiveSingular: '# клика', genitivePlural: '# кликов' },
    pl: { singular: '# kliknięcie', nominativePlural: '# kliknięcia', genitivePlural: '# kliknięć', fraction: '# kliknięcia' },
    fr: { singular: '# clic', plural: '# clics', millions: '# de clics' },
    es: { singular: '# clic', plural: '# clics', millions: '# de clics' },
  },
  'stats.counted': {
    en: { singular: '# counted', plural: '# counted' },
    ru: { nominativeSingular: 'засчитано #', genitiveSingular: 'засчитано #', genitivePlural: 'засчитано #' },
    pl: { singular: 'zaliczone: #', nominativePlural: 'zaliczone: #', genitivePlural: 'zaliczone: #', fraction: 'zaliczone: #' },
    fr: { singular: '# compté', plural: '# comptés', millions: '# comptés' },
    es: { singular: '# contado', plural: '# contados', millions: '# contados' },
  },
  'stats.sales': {
    en: { singular: '# sale', plural: '# sales' },
    ru: { nominativeSingular: '# продажа', genitiveSingular: '# продажи', genitivePlural: '# продаж' },
    pl: { singular: '# sprzedaż', nominativePlural: '# sprzedaże', genitivePlural: '# sprzedaży', fraction: '# sprzedaży' },
    fr: { singular: '# vente', plural: '# ventes', millions: '# de ventes' },
    es: { singular: '# venta', plural: '# ventas', millions: '# de ventas' },
  },
  'campaigns.statsLine': {
    en: { singular: '# sale', plural: '# sales' },
    ru: { nominativeSingular: '# продажа', genitiveSingular: '# продажи', genitivePlural: '# продаж' },
    pl: { singular: '# sprzedaż', nominativePlural: '# sprzedaże', genitivePlural: '# sprzedaży', fraction: '# sprzedaży' },
    fr: { singular: '# vente', plural: '# ventes', millions: '# de ventes' },
    es: { singular: '# venta', plural: '# ventas', millions: '# de ventas' },
  },
  'export.links': {
    en: { singular: '# link', plural: '# links' },
    ru: { nominativeSingular: '# ссылка', genitiveSingular: '# ссылки', genitivePlural: '# ссылок' },
    pl: { singular: '# link', nominativePlural: '# linki', genitivePlural: '# linków', fraction: '# linku' },
    fr: { singular: '# lien', plural: '# liens', millions: '# de liens' },
    es: { singular: '# enlace', plural: '# enlaces', millions: '# de enlaces' },
  },
  'export.orders': {
    en: { singular: '# order', plural: '# orders' },
    ru: { nominativeSingular: '# заказ', genitiveSingular: '# заказа', genitivePlural: '# заказов' },
    pl: { singular: '# zamówienie', nominativePlural: '# zamówienia', genitivePlural: '# zamówień', fraction: '# zamówienia' },
    fr: { singular: '# commande', plural: '# commandes', millions: '# de commandes' },
    es: { singular: '# pedido', plural: '# pedidos', millions: '# de pedidos' },
  },
  // "in N minutes": Russian and Polish put the noun in the accusative (через 1 минуту, za 1 minutę).
  'export.tooSoon': {
    en: { singular: '# minute.', plural: '# minutes.' },
    ru: { nominativeSingular: '# минуту.', genitiveSingular: '# минуты.', genitivePlural: '# минут.' },
    pl: { singular: '# minutę.', nominativePlural: '# minuty.', genitivePlural: '# minut.', fraction: '# minuty.' },
    fr: { singular: '# minute.', plural: '# minutes.', millions: '# de minutes.' },
    es: { singular: '# minuto', plural: '# minutos', millions: '# de minutos' },
  },
  // "wait N seconds": the accusative again (подожди 1 секунду, poczekaj 1 sekundę).
  rateLimited: {
    en: { singular: '# second', plural: '# seconds' },
    ru: { nominativeSingular: '# секунду', genitiveSingular: '# секунды', genitivePlural: '# секунд' },
    pl: { singular: '# sekundę', nominativePlural: '# sekundy', genitivePlural: '# sekund', fraction: '# sekundy' },
    fr: { singular: '# seconde', plural: '# secondes', millions: '# de secondes' },
    es: { singular: '# segundo', plural: '# segundos', millions: '# de segundos' },
  },
  // Deal pages and storefronts (issue 13).
  'mystore.picks': {
    en: { singular: '# pick', plural: '# picks' },
    ru: { nominativeSingular: '# товар', genitiveSingular: '# товара', genitivePlural: '# товаров' },
    pl: { singular: '# polecenie', nominativePlural: '# polecenia', genitivePlural: '# poleceń', fraction: '# polecenia' },
    fr: { singular: '# coup de cœur', plural: '# coups de cœur', millions: '# de coups de cœur' },
    es: { singular: '# recomendación', plural: '# recomendaciones', millions: '# de recomendaciones' },
  },
  'stats.dealPageViews': {
    en: { singular: '# deal page view', plural: '# deal page views' },
    ru: { nominativeSingular: '# просмотр', genitiveSingular: '# просмотра', genitivePlural: '# просмотров' },
    pl: { singular: '# wyświetlenie', nominativePlural: '# wyświetlenia', genitivePlural: '# wyświetleń', fraction: '# wyświetlenia' },
    fr: { singular: '# vue', plural: '# vues', millions: '# de vues' },
    es: { singular: '# visita', plural: '# visitas', millions: '# de visitas' },
  },
  'stats.reach': {
    en: { singular: '# point', plural: '# points' },
    ru: { nominativeSingular: '# балл', genitiveSingular: '# балла', genitivePlural: '# баллов' },
    pl: { singular: '# punkt', nominativePlural: '# punkty', genitivePlural: '# punktów', fraction: '# punktu' },
    fr: { singular: '# point', plural: '# points', millions: '# de points' },
    es: { singular: '# punto', plural: '# puntos', millions: '# de puntos' },
  },
  'stats.storefrontViews': {
    en: { singular: '# storefront view', plural: '# storefront views' },
    ru: { nominativeSingular: '# просмотр', genitiveSingular: '# просмотра', genitivePlural: '# просмотров' },
    pl: { singular: '# wyświetlenie', nominativePlural: '# wyświetlenia', genitivePlural: '# wyświetleń', fraction: '# wyświetlenia' },
    fr: { singular: '# vue', plural: '# vues', millions: '# de vues' },
    es: { singular: '# visita', plural: '# visitas', millions: '# de visitas' },
  },
  'storefront.description': {
    en: { singular: '# deal', plural: '# deals' },
    ru: { nominativeSingular: '# предложение', genitiveSingular: '# предложения', genitivePlural: '# предложений' },
    pl: { singular: '# oferta', nominativePlural: '# oferty', genitivePlural: '# ofert', fraction: '# oferty' },
    fr: { singular: '# offre', plural: '# offres', millions: '# d’offres' },
    es: { singular: '# oferta', plural: '# ofertas', millions: '# de ofertas' },
  },
};

const COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1.5, 1_000_000];
const pluralKeys = [...new Set(Object.values(CATALOGS).flatMap((catalog) =>
  Object.entries(catalog).filter(([, message]) => typeof message === 'object').map(([key]) => key)))].sort();
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('every count in every language', () => {
  it('has its forms written down here for every plural text of the catalogues', () => {
    expect(pluralKeys.filter((key) => !(key in EXPECTED))).toEqual([]);
  });

  it.each(LANGUAGES.flatMap((language) => Object.keys(EXPECTED).map((key) => [language, key] as const)))(
    '%s %s reads right for 0, 1, 2 … 21, 22, 25 … 1.5 and a million',
    (language, key) => {
      const i18n = translator(language);
      const wrong: string[] = [];
      for (const count of COUNTS) {
        const expected = EXPECTED[key]![language][GRAMMAR[language](count)]!.replace('#', i18n.number(count));
        const rendered = i18n.t(key as MessageKey, { count });
        // Whole words only: "21 клик" must not pass inside "21 кликов".
        if (!new RegExp(`(^|[^\\p{L}\\d])${escaped(expected)}(?![\\p{L}])`, 'u').test(rendered)) wrong.push(`${count}: "${rendered}" lacks "${expected}"`);
      }
      expect(wrong).toEqual([]);
    },
  );
});
