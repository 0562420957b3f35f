import { describe, expect, it } from 'vitest';
import { languageOfAcceptLanguage } from '../../../core/i18n/accept-language.ts';

describe('the visitor\'s language from Accept-Language', () => {
  it.each([
    ['pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7', 'pl'],
    ['de-DE,de;q=0.9,fr;q=0.8,en;q=0.7', 'fr'],
    ['en;q=0.5, ru;q=0.9', 'ru'],
    ['es-419', 'es'],
    ['pt-BR,pt;q=0.9', 'en'],
    ['*', 'en'],
    ['fr;q=0, es', 'es'],
    ['fr;q=abc, ru', 'ru'],
    ['', 'en'],
  ])('"%s" → %s', (header, language) => {
    expect(languageOfAcceptLanguage(header)).toBe(language);
  });

  it('does not parse a hostile header whole', () => {
    expect(languageOfAcceptLanguage(`${'xx,'.repeat(10_000)}ru`)).toBe('en');
    expect(languageOfAcceptLanguage(undefined)).toBe('en');
  });
});
