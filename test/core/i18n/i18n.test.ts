import { describe, expect, it } from 'vitest';
import { LANGUAGES, parseLanguage, resolveLanguage } from '../../../core/i18n/languages.ts';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import { CATALOGS, placeholdersOf, translator, type MessageKey } from '../../../core/i18n/translator.ts';

const englishKeys = Object.keys(CATALOGS.en).sort() as MessageKey[];

describe('the chat texts in five languages', () => {
  it.each(LANGUAGES)('%s has every key of the English catalog, and no other', (language) => {
    const keys = Object.keys(CATALOGS[language]).sort();
    expect(englishKeys.filter((k) => !keys.includes(k)), `missing in ${language}`).toEqual([]);
    expect(keys.filter((k) => !englishKeys.includes(k as MessageKey)), `unknown in ${language}`).toEqual([]);
  });

  it.each(LANGUAGES)('%s uses exactly the placeholders of English in every text', (language) => {
    const different = englishKeys.filter((key) => {
      const english = placeholdersOf(CATALOGS.en[key]);
      return JSON.stringify(placeholdersOf(CATALOGS[language][key])) !== JSON.stringify(english);
    });
    expect(different).toEqual([]);
  });

  it.each(LANGUAGES)('%s has every plural form its language needs, and plural texts are plural everywhere', (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const key of englishKeys) {
      const english = CATALOGS.en[key];
      const message = CATALOGS[language][key];
      expect(typeof message, `${language} ${key}`).toBe(typeof english);
      if (typeof message === 'object') {
        for (const category of categories) expect(message[category], `${language} ${key} lacks "${category}"`).toBeTypeOf('string');
      }
    }
  });

  it.each(LANGUAGES)('%s leaves no text empty', (language) => {
    for (const key of englishKeys) {
      const message = CATALOGS[language][key];
      const texts = typeof message === 'string' ? [message] : Object.values(message);
      for (const text of texts) expect(String(text).trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('picks Russian and Polish plural forms by the number (one, few, many)', () => {
    const ru = translator('ru');
    expect([1, 2, 5, 21, 22, 25, 111].map((count) => ru.t('stats.clicks', { count }))).toEqual([
      '1 клик', '2 клика', '5 кликов', '21 клик', '22 клика', '25 кликов', '111 кликов',
    ]);
    const pl = translator('pl');
    expect([1, 2, 5, 22, 25, 112].map((count) => pl.t('stats.sales', { count }))).toEqual([
      '1 sprzedaż', '2 sprzedaże', '5 sprzedaży', '22 sprzedaże', '25 sprzedaży', '112 sprzedaży',
    ]);
    expect(translator('en').t('stats.clicks', { count: 1 })).toBe('1 click');
    expect(translator('en').t('stats.clicks', { count: 1234 })).toBe('1,234 clicks');
    expect(translator('fr').t('stats.sales', { count: 2 })).toBe('2 ventes');
  });

  it('formats money, percentages and dates the way each language writes them', () => {
    expect(translator('en').money(2999, 'EUR')).toBe('€29.99');
    expect(translator('fr').money(2999, 'EUR')).toMatch(/^29,99\s€$/);
    expect(translator('ru').money(249000, 'RUB')).toMatch(/^2\s490,00\s₽$/);
    expect(translator('pl').money(8900, 'PLN')).toMatch(/^89,00\szł$/);
    expect(translator('es').money(123456, 'EUR')).toMatch(/^1\.?234,56\s€$/);
    expect(translator('en').percentBps(1250)).toBe('12.5%');
    expect(translator('fr').percentBps(1250)).toMatch(/^12,5\s%$/);
    expect(translator('ru').date(new Date('2026-03-08T12:00:00Z'))).toContain('2026');
  });

  it('takes the language from the client when it is one of ours, English otherwise', () => {
    expect(resolveLanguage('ru')).toBe('ru');
    expect(resolveLanguage('pl-PL')).toBe('pl');
    expect(resolveLanguage('pt-BR')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
    expect(parseLanguage('Français')).toBe('fr');
    expect(parseLanguage('ES')).toBe('es');
    expect(parseLanguage('klingon')).toBeUndefined();
  });

  it('tells an influencer about a sale in their language, with the amount in its currency', () => {
    const sale = { kind: 'sale_pending', influencerId: '1', commissionId: '2', amount: 1543, currency: 'EUR', productTitle: 'Gizmo earbuds' } as const;
    expect(renderNotification(sale, 'en')).toContain('€15.43');
    expect(renderNotification(sale, 'en')).toContain('Gizmo earbuds');
    expect(renderNotification(sale, 'ru')).toMatch(/Новая продажа.*15,43\s€/);
    expect(renderNotification(sale, 'pl')).toMatch(/Nowa sprzedaż.*15,43\s€/);
    expect(renderNotification({ ...sale, productTitle: null }, 'fr')).toContain('une commande via ton lien');
    expect(renderNotification({ kind: 'tier_changed', influencerId: '1', fromTier: 'Bronze', toTier: 'Gold', multiplierBps: 12500 }, 'fr')).toMatch(/Gold.*×1,25/);
    expect(renderNotification({ kind: 'payout_paid', influencerId: '1', payoutId: '9', amount: 100000, currency: 'PLN', reference: null }, 'es')).toMatch(/1000,00\sPLN.*ninguna/);
  });
});
